/**
 * Chromium for the hosted-page tests: Debian's /usr/bin/chromium driven by playwright-core (one
 * browser per test file), with helpers that record CSP violations, run axe-core and keep
 * screenshots under test-artifacts/pages/ (kept as CI artifacts).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
export { launchChromium } from '../../../test/support/browser.js';

/**
 * The few browser globals the in-page callbacks use, typed here because the project compiles
 * without the DOM library. Callbacks reach them through `globalThis` (types vanish when
 * Playwright serialises the function).
 */
export interface InPage {
  document: {
    activeElement: unknown;
    documentElement: { scrollWidth: number };
    addEventListener(
      type: string,
      fn: (e: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
  };
  innerWidth: number;
  __reportCsp(v: string): Promise<void>;
  axe: {
    run(
      context: unknown,
      options: object,
    ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
  };
}

/** Where page screenshots go (git-ignored; kept as CI artifacts). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'pages');

/** Desktop and phone viewports the screenshots are taken at. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * A fresh browser context (its own cookies) whose pages record every CSP violation, from the
 * `securitypolicyviolation` event and from Chromium's "Refused to …" console errors.
 */
export async function newContext(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ viewport });
  // Fail a step with Playwright's own message well before jest's 30 s test timeout.
  context.setDefaultTimeout(10_000);
  const violations: string[] = [];
  await context.exposeFunction('__reportCsp', (v: string) => violations.push(v));
  await context.addInitScript(() => {
    const w = globalThis as unknown as InPage;
    w.document.addEventListener('securitypolicyviolation', (e) => {
      void w.__reportCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) {
      violations.push(msg.text());
    }
  });
  const page = await context.newPage();
  return { context, page, violations };
}

let axeSource: Promise<string> | undefined;

/** axe-core violations of impact serious or critical on the current page (WCAG 2.x A/AA rules). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  axeSource ??= readFile(path, 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern, so the strict
  // policy stays on for the check (addScriptTag would add an inline script the CSP refuses).
  await page.evaluate(await axeSource);
  const result = await page.evaluate(async () => {
    const w = globalThis as unknown as InPage;
    const r = await w.axe.run(w.document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** Saves `<name>-desktop.png` and `<name>-phone.png` of the page at `url`, in a throwaway context. */
export async function screenshots(browser: Browser, url: string, name: string, cookies = '') {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ viewport });
    if (cookies) await context.addCookies(parseCookies(cookies, url));
    const page = await context.newPage();
    await page.goto(url);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
    await context.close();
  }
}

/** `Cookie` header value → Playwright cookies for `url`'s host. */
export function parseCookies(header: string, url: string) {
  return header
    .split(/;\s*/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
    });
}

/** Whether `selector`'s element has keyboard focus. */
export function isFocused(page: Page, label: string, exact = true): Promise<boolean> {
  return page
    .getByLabel(label, { exact })
    .evaluate((el) => el === (globalThis as unknown as InPage).document.activeElement);
}
