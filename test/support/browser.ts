/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestStack } from './stack';

/**
 * Real headless Chromium (Debian's, installed by .ci/run) through playwright-core, with axe-core for
 * accessibility and a record of every Content-Security-Policy violation a page causes.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A test file's own local stack and Chromium: started before its tests, stopped after them (read them in the tests). */
export function stackAndBrowser(): { readonly stack: Awaited<ReturnType<typeof startTestStack>>; readonly browser: Browser } {
  const running = {} as { stack: Awaited<ReturnType<typeof startTestStack>>; browser: Browser };
  beforeAll(async () => {
    [running.stack, running.browser] = await Promise.all([startTestStack(), launchChromium()]);
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.stack?.stop();
  });
  return running;
}

/** A page that remembers the console's CSP refusals and any script error. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  return { page, problems };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.x A and AA rules (2.2 included) on the page as it is. Evaluated through the
 * DevTools protocol, which the page's Content-Security-Policy does not govern, so the page keeps
 * its real policy while it is checked.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'] },
    });
    // The one finding accepted, on its own elements only: govuk-frontend marks a radio that reveals a
    // field with aria-expanded, against ARIA 1.2's roles but announced by the screen readers GDS
    // tested, and kept on purpose (alphagov/govuk-frontend#979, #2823). Anything else on such a
    // radio, or aria-allowed-attr anywhere else, still fails.
    const accepted = (id: string, target: unknown[]) => {
      if (id !== 'aria-allowed-attr' || target.length !== 1 || typeof target[0] !== 'string') return false;
      const el = document.querySelector(target[0]);
      if (!el?.matches('input.govuk-radios__input[type="radio"][aria-controls][aria-expanded]')) return false;
      const allowed = new Set(['aria-controls', 'aria-expanded', 'aria-describedby']);
      return [...el.attributes].every((a) => !a.name.startsWith('aria-') || allowed.has(a.name));
    };
    return result.violations
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.filter((n) => !accepted(v.id, n.target)).map((n) => JSON.stringify(n.target)) }))
      .filter((v) => v.nodes.length > 0);
  });
}

/** Where screenshots go: reports/screenshots/ (git-ignored; CI keeps it as an artifact). */
export const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'reports', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Whether the page needs a horizontal scroll at its current width (WCAG 1.4.10, reflow). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
