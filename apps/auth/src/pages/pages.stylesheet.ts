/**
 * The one stylesheet of the hosted pages, served from `/assets/pages.css` (kept in a module so the
 * compiled app carries it: the build copies no asset files). System fonts only; fluid single
 * column; colours meet WCAG AA contrast; focus is always visible.
 */
export const PAGES_CSS = `
:root {
  color-scheme: light;
  --ink: #1b1f24; --muted: #4a5561; --line: #c4ccd4; --paper: #ffffff; --page: #f2f4f7;
  --accent: #1f5fbf; --accent-ink: #ffffff; --danger: #a4161a; --ok: #1e6b35; --focus: #ffbf47;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 100%; line-height: 1.5; color: var(--ink); background: var(--page);
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; }
.site { width: 100%; max-width: 34rem; padding: 1.25rem 1rem 0; font-weight: 600; color: var(--muted); }
main { width: 100%; max-width: 34rem; margin: 0.75rem 0 2rem; padding: 1.5rem 1.25rem 1.75rem;
  background: var(--paper); border: 1px solid var(--line); border-radius: 0.75rem; }
@media (max-width: 36rem) { main { border-radius: 0; border-left: 0; border-right: 0; margin-bottom: 0; } }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 0.75rem; padding-top: 1rem; border-top: 1px solid var(--line); }
p { margin: 0 0 1rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible, input:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink);
}
.field { margin: 0 0 1.1rem; }
label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
.hint { color: var(--muted); font-size: 0.95rem; margin: -0.15rem 0 0.35rem; }
input[type=email], input[type=password], input[type=text] {
  display: block; width: 100%; font: inherit; padding: 0.6rem 0.7rem; min-height: 2.75rem;
  color: var(--ink); background: var(--paper); border: 2px solid #69737d; border-radius: 0.4rem;
}
input[aria-invalid=true] { border-color: var(--danger); }
.check { display: flex; gap: 0.6rem; align-items: flex-start; margin: 0 0 1.1rem; }
.check input { width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0; flex: none; }
.check label { font-weight: 400; margin: 0; }
.error { color: var(--danger); font-weight: 600; margin: 0.35rem 0 0; }
.error:empty, .form-error:empty, .status:empty { display: none; }
.form-error { color: var(--danger); font-weight: 600; border-left: 4px solid var(--danger);
  padding: 0.5rem 0.75rem; background: #fdf0f0; }
.status, .notice { border-left: 4px solid var(--ok); padding: 0.5rem 0.75rem; background: #eef7f0; }
button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.55rem 1.2rem; cursor: pointer;
  border-radius: 0.4rem; border: 2px solid var(--accent); background: var(--accent); color: var(--accent-ink); }
button.secondary { background: var(--paper); color: var(--accent); }
button.danger { background: var(--paper); color: var(--danger); border-color: var(--danger); }
button[disabled] { opacity: 0.6; cursor: progress; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-top: 0.5rem; }
.links { margin-top: 1.5rem; display: grid; gap: 0.4rem; }
.scopes { padding-left: 1.25rem; margin: 0 0 1rem; }
.scopes li { margin-bottom: 0.35rem; }
.sessions { list-style: none; padding: 0; margin: 0 0 1rem; }
.sessions li { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem 1rem;
  align-items: center; padding: 0.75rem 0; border-bottom: 1px solid var(--line); }
.sessions .meta { color: var(--muted); font-size: 0.95rem; display: block; }
.tag { display: inline-block; font-size: 0.85rem; font-weight: 600; color: var(--ok); margin-left: 0.35rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
noscript p { color: var(--danger); font-weight: 600; }
`;
