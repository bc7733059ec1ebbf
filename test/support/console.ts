import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, openPage, screenshot } from './browser';

/** The staff console in Chromium, as a person uses it: signing in through the local issuer's page, and each page checked. */

/** Opens the console at `baseUrl`, signs in as `user` on the issuer's sign-in page, and waits to be signed in; `before` runs on the page first (to hold or watch its requests). */
export async function signInToConsole(browser: Browser, baseUrl: string, user: string, before?: (page: Page) => Promise<void>): Promise<{ page: Page; problems: string[] }> {
  const opened = await openPage(browser);
  const { page } = opened;
  await before?.(page);
  await page.goto(new URL('/staff/', baseUrl).href);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${user}:`) }).click();
  await expect.poll(() => page.locator('.app-signed-in').getAttribute('data-staff-id')).toBe(user);
  return opened;
}

/** A screenshot (reports/screenshots/console-<name>.png), then: no axe violation, one h1, no CSP refusal or script error. */
export async function checkedPage(page: Page, name: string, problems: string[]): Promise<void> {
  await screenshot(page, `console-${name}`);
  expect(await axeViolations(page), name).toEqual([]);
  expect(await page.locator('h1').count(), `${name}: one h1`).toBe(1);
  expect(problems, name).toEqual([]);
}
