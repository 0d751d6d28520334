/**
 * The hosted pages' one script, served from `/assets/pages.js` (kept in a module so the compiled
 * app carries it). It turns each `<form data-action>` into a call to Better Auth's own endpoints
 * under `/api/auth`, exactly as any browser client would (same-origin `fetch`, so Better Auth's
 * origin check applies), checks fields before sending, puts errors next to their field
 * (`aria-invalid` + the field's `aria-describedby` message) or in the form's alert, and follows
 * the redirect Better Auth returns when an OAuth request is pending.
 *
 * Plain ES2020 in a string: no build step, no template literals inside.
 */
export const PAGES_SCRIPT = String.raw`
(function () {
  'use strict';
  var GENERIC = 'Something went wrong. Please try again.';
  var TOO_MANY = 'Too many attempts. Wait a minute, then try again.';
  var EXPIRED_REQUEST = 'This sign-in request has expired. Go back to the application and start again.';

  // The signed OAuth request in this page's query, as Better Auth's client plugin builds it:
  // only the signature, the list of signed names and the parameters it names.
  function oauthQuery() {
    var params = new URLSearchParams(location.search);
    if (!params.has('sig')) return undefined;
    var names = params.getAll('ba_param');
    if (!names.length) return undefined;
    var signed = new URLSearchParams();
    params.forEach(function (value, key) {
      if (key === 'sig' || key === 'ba_param' || names.indexOf(key) !== -1) signed.append(key, value);
    });
    return signed.toString();
  }

  function call(path, body) { return post('/api/auth' + path, body); }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
        return { ok: res.ok, status: res.status, data: data || {} };
      });
    });
  }

  // The pages' own JSON routes (outside Better Auth), same origin like the calls above.
  function callPage(path, body) { return post(path, body); }

  function getJson(path) {
    return fetch('/api/auth' + path, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          return { ok: res.ok, status: res.status, data: data || {} };
        });
      });
  }

  function go(url) { location.assign(url); }

  var PASSKEY_FAILED = 'The passkey could not be used. Try again, or use your password.';

  // WebAuthn through the browser's own JSON helpers: Better Auth's passkey plugin speaks the
  // same JSON forms (options in, credential.toJSON() out).
  function passkeyCeremony(form, optionsPath, verifyPath, create) {
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseRequestOptionsFromJSON) {
      formError(form, 'This browser cannot use passkeys.');
      return Promise.resolve(null);
    }
    return getJson(optionsPath).then(function (options) {
      if (!options.ok) { fail(form, options); return null; }
      var ceremony = create
        ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.data) })
        : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.data) });
      return ceremony.then(function (credential) {
        var body = { response: credential.toJSON() };
        var oq = oauthQuery();
        if (oq && !create) body.oauth_query = oq;
        return call(verifyPath, body);
      }, function () {
        formError(form, PASSKEY_FAILED);
        return null;
      });
    });
  }

  // Better Auth answers a fetch with {redirect: true, url} where it would redirect a navigation.
  function followRedirect(answer) {
    var url = answer.data && (answer.data.url || answer.data.redirect_uri);
    if (answer.data && answer.data.redirect && url) { go(url); return true; }
    return false;
  }

  function errorBox(input) { return document.getElementById(input.id + '-error'); }

  function setFieldError(form, name, message) {
    var input = form.elements[name];
    if (!input) return false;
    input.setAttribute('aria-invalid', 'true');
    var box = errorBox(input);
    if (box) box.textContent = message;
    return true;
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) {
      el.removeAttribute('aria-invalid');
    });
    Array.prototype.forEach.call(form.querySelectorAll('.error, .form-error, .status'), function (el) {
      el.textContent = '';
    });
  }

  function formError(form, message) {
    var box = form.querySelector('.form-error');
    if (box) box.textContent = message;
  }

  function status(form, message) {
    var box = form.querySelector('.status');
    if (box) box.textContent = message;
  }

  function labelOf(input) {
    var label = input.labels && input.labels[0];
    return label ? label.textContent.trim() : input.name;
  }

  // Checks required, email and minimum-length fields; returns the first invalid one.
  function validate(form) {
    var first = null;
    Array.prototype.forEach.call(form.querySelectorAll('input'), function (input) {
      if (input.type === 'hidden' || input.type === 'checkbox') return;
      var value = input.value;
      var message = '';
      if (input.required && !value.trim()) message = 'Enter your ' + labelOf(input).toLowerCase() + '.';
      else if (input.type === 'email' && value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()))
        message = 'Enter an email address like name@example.com.';
      else if (input.minLength > 0 && value && value.length < input.minLength)
        message = 'Use at least ' + input.minLength + ' characters.';
      if (message) {
        setFieldError(form, input.name, message);
        if (!first) first = input;
      }
    });
    return first;
  }

  function value(form, name) {
    var input = form.elements[name];
    return input ? input.value : '';
  }

  function fail(form, answer, fields) {
    // Better Auth names its errors in 'code', the OAuth provider in 'error' (invalid_signature, ...)
    var code = answer.data && (answer.data.code || answer.data.error);
    if (answer.status === 429) return formError(form, TOO_MANY);
    var field = fields && code && fields[code];
    if (field && setFieldError(form, field[0], field[1])) {
      form.elements[field[0]].focus();
      return;
    }
    formError(form, (fields && code && fields['*' + code]) || (fields && fields['*']) || GENERIC);
  }

  var PASSWORD_RULES = {
    PASSWORD_TOO_SHORT: ['password', 'Use at least 8 characters.'],
    PASSWORD_TOO_LONG: ['password', 'Use at most 128 characters.'],
  };

  var actions = {
    'sign-in': function (form) {
      var body = { email: value(form, 'email').trim(), password: value(form, 'password'), rememberMe: true };
      var oq = oauthQuery();
      if (oq) body.oauth_query = oq;
      return call('/sign-in/email', body).then(function (answer) {
        if (answer.ok && answer.data.twoFactorRedirect) { go('/two-factor' + location.search); return; }
        if (answer.ok) { if (!followRedirect(answer)) go(value(form, 'redirect') || '/account'); return; }
        fail(form, answer, {
          INVALID_EMAIL: ['email', 'Enter an email address like name@example.com.'],
          '*EMAIL_NOT_VERIFIED': 'Confirm your email address first: open the link we sent you.',
          '*invalid_signature': EXPIRED_REQUEST,
          '*': 'The email or password is not correct.',
        });
      });
    },
    'sign-up': function (form) {
      var body = {
        name: value(form, 'name').trim(),
        email: value(form, 'email').trim(),
        password: value(form, 'password'),
        // where the verification link (REQUIRE_EMAIL_VERIFICATION) ends up: it creates no session
        // (a link must not sign in whichever browser opens it), so on the sign-in page
        callbackURL: '/sign-in?notice=email-verified&redirect=' +
          encodeURIComponent(value(form, 'redirect') || '/account'),
      };
      var oq = oauthQuery();
      if (oq) body.oauth_query = oq;
      return call('/sign-up/email', body).then(function (answer) {
        if (answer.ok) {
          if (followRedirect(answer)) return;
          if (answer.data.token) { go(value(form, 'redirect') || '/account'); return; }
          status(form, 'Check your inbox: we sent a link to confirm your address.');
          return;
        }
        fail(form, answer, Object.assign({
          INVALID_EMAIL: ['email', 'Enter an email address like name@example.com.'],
          '*invalid_signature': EXPIRED_REQUEST,
          '*': 'We could not create an account with these details. If you already have one, sign in or reset your password.',
        }, PASSWORD_RULES));
      });
    },
    'forgot-password': function (form) {
      var body = { email: value(form, 'email').trim(), redirectTo: value(form, 'redirectTo') };
      return call('/request-password-reset', body).then(function (answer) {
        if (answer.ok) {
          status(form, 'If an account uses that address, we have sent it a link to set a new password. The link works for one hour.');
          return;
        }
        fail(form, answer, { INVALID_EMAIL: ['email', 'Enter an email address like name@example.com.'] });
      });
    },
    'reset-password': function (form) {
      var body = { newPassword: value(form, 'password'), token: value(form, 'token') };
      return call('/reset-password', body).then(function (answer) {
        if (answer.ok) { go('/sign-in?notice=password-reset'); return; }
        fail(form, answer, Object.assign({
          '*INVALID_TOKEN': 'This reset link is no longer valid. Ask for a new one.',
        }, PASSWORD_RULES));
      });
    },
    'change-password': function (form) {
      var body = {
        currentPassword: value(form, 'currentPassword'),
        // the auth server ends the other sessions on every password change; this one stays
        newPassword: value(form, 'newPassword'),
      };
      return call('/change-password', body).then(function (answer) {
        if (answer.ok) { go('/account?notice=password-changed'); return; }
        fail(form, answer, {
          INVALID_PASSWORD: ['currentPassword', 'The current password is not correct.'],
          PASSWORD_TOO_SHORT: ['newPassword', 'Use at least 8 characters.'],
          PASSWORD_TOO_LONG: ['newPassword', 'Use at most 128 characters.'],
        });
      });
    },
    'sign-out': function (form) {
      return call('/sign-out', {}).then(function (answer) {
        if (answer.ok) { go('/sign-in?notice=signed-out'); return; }
        fail(form, answer);
      });
    },
    // Better Auth answers with the provider's authorize URL; its callback sets the session and
    // then continues a pending OAuth request (consent) or goes to the carried redirect.
    social: function (form, submitter) {
      if (!submitter || !submitter.value) return;
      var body = {
        provider: submitter.value,
        callbackURL: value(form, 'redirect') || '/account',
        errorCallbackURL: '/sign-in' + location.search,
        disableRedirect: true,
      };
      var oq = oauthQuery();
      if (oq) body.oauth_query = oq;
      return call('/sign-in/social', body).then(function (answer) {
        if (answer.ok && answer.data.url) { go(answer.data.url); return; }
        fail(form, answer, {
          '*invalid_signature': EXPIRED_REQUEST,
          '*': 'Signing in with that provider is not available right now. Try again or use your password.',
        });
      });
    },
    'two-factor': function (form) {
      var code = value(form, 'code').trim();
      // 6 digits from the app, or a backup code (xxxxx-xxxxx)
      var path = /^[0-9]{6}$/.test(code) ? '/two-factor/verify-totp' : '/two-factor/verify-backup-code';
      var body = { code: code };
      // a pending OAuth request continues once the second factor is in (as after the password)
      var oq = oauthQuery();
      if (oq) body.oauth_query = oq;
      return call(path, body).then(function (answer) {
        if (answer.ok) { if (!followRedirect(answer)) go(value(form, 'redirect') || '/account'); return; }
        var expired = 'This sign-in has expired. Start again with your password.';
        fail(form, answer, {
          INVALID_CODE: ['code', 'That code is not correct.'],
          INVALID_BACKUP_CODE: ['code', 'That code is not correct.'],
          '*INVALID_TWO_FACTOR_COOKIE': expired,
          '*TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE': expired,
        });
      });
    },
    'two-factor-enable': function (form) {
      return callPage('/account/two-factor', { password: value(form, 'password') }).then(function (answer) {
        if (answer.ok && answer.data.html) {
          var box = document.getElementById('two-factor-setup');
          box.innerHTML = answer.data.html;
          form.hidden = true;
          box.querySelector('input[name=code]').focus();
          return;
        }
        fail(form, answer, { INVALID_PASSWORD: ['password', 'The password is not correct.'] });
      });
    },
    'two-factor-verify': function (form) {
      return call('/two-factor/verify-totp', { code: value(form, 'code').trim() }).then(function (answer) {
        if (answer.ok) { go('/account?notice=two-factor-on'); return; }
        fail(form, answer, { INVALID_CODE: ['code', 'That code is not correct.'] });
      });
    },
    'two-factor-disable': function (form) {
      return call('/two-factor/disable', { password: value(form, 'password') }).then(function (answer) {
        if (answer.ok) { go('/account?notice=two-factor-off'); return; }
        fail(form, answer, { INVALID_PASSWORD: ['password', 'The password is not correct.'] });
      });
    },
    'passkey-add': function (form) {
      return passkeyCeremony(form, '/passkey/generate-register-options', '/passkey/verify-registration', true)
        .then(function (answer) {
          if (!answer) return;
          if (answer.ok) { go('/account?notice=passkey-added'); return; }
          fail(form, answer, { '*': PASSKEY_FAILED });
        });
    },
    'passkey-sign-in': function (form) {
      return passkeyCeremony(form, '/passkey/generate-authenticate-options', '/passkey/verify-authentication', false)
        .then(function (answer) {
          if (!answer) return;
          var signIn = document.querySelector('form[data-action="sign-in"]');
          if (answer.ok) {
            if (!followRedirect(answer)) go((signIn && value(signIn, 'redirect')) || '/account');
            return;
          }
          fail(form, answer, { '*': PASSKEY_FAILED });
        });
    },
    consent: function (form, submitter) {
      var body = { accept: !!submitter && submitter.value === 'allow', oauth_query: oauthQuery() };
      return call('/oauth2/consent', body).then(function (answer) {
        if (answer.ok && followRedirect(answer)) return;
        fail(form, answer, { '*': 'This request could not be completed. Go back to the application and start again.' });
      });
    },
    'organization-create': function (form) {
      var body = { name: value(form, 'organizationName').trim(), slug: value(form, 'slug').trim() };
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(body.slug)) {
        setFieldError(form, 'slug', 'Use lower-case letters, digits and single dashes.');
        form.elements.slug.focus();
        return;
      }
      return call('/organization/create', body).then(function (answer) {
        if (answer.ok) { go('/account?notice=organization-created'); return; }
        fail(form, answer, {
          ORGANIZATION_ALREADY_EXISTS: ['slug', 'This slug is taken. Choose another one.'],
          ORGANIZATION_SLUG_ALREADY_TAKEN: ['slug', 'This slug is taken. Choose another one.'],
        });
      });
    },
    'organization-set-active': function (form) {
      return call('/organization/set-active', { organizationId: value(form, 'organizationId') }).then(function (answer) {
        if (answer.ok) { go('/account?notice=organization-active'); return; }
        fail(form, answer);
      });
    },
    'organization-invite': function (form) {
      var body = {
        email: value(form, 'inviteEmail').trim(),
        role: value(form, 'role'),
        organizationId: value(form, 'organizationId'),
      };
      return call('/organization/invite-member', body).then(function (answer) {
        if (answer.ok) { go('/account?notice=invitation-sent'); return; }
        fail(form, answer, {
          USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION: ['inviteEmail', 'This person is already a member.'],
          USER_IS_ALREADY_INVITED_TO_THIS_ORGANIZATION: ['inviteEmail', 'This person is already invited.'],
          '*YOU_ARE_NOT_ALLOWED_TO_INVITE_USERS_TO_THIS_ORGANIZATION': 'Only owners and admins may invite.',
        });
      });
    },
    invitation: function (form, submitter) {
      var accept = !!submitter && submitter.value === 'accept';
      var path = accept ? '/organization/accept-invitation' : '/organization/reject-invitation';
      return call(path, { invitationId: value(form, 'invitationId') }).then(function (answer) {
        if (answer.ok) { go('/account?notice=' + (accept ? 'invitation-accepted' : 'invitation-declined')); return; }
        fail(form, answer, { '*': 'This invitation can no longer be answered. Ask for a new one.' });
      });
    },
  };

  function onSubmit(event) {
    var form = event.target;
    var action = actions[form.getAttribute('data-action')];
    if (!action) return;
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    var invalid = validate(form);
    if (invalid) { invalid.focus(); return; }
    // Busy, not disabled: disabling the focused button would drop keyboard focus to the page.
    form.setAttribute('aria-busy', 'true');
    Promise.resolve(action(form, event.submitter))
      .catch(function () { formError(form, GENERIC); })
      .then(function () { form.removeAttribute('aria-busy'); });
  }

  document.addEventListener('submit', onSubmit);
})();
`;
