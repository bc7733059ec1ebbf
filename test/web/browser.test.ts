/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../../functions/domain/policy';
import { axeViolations, launchChromium, openPage, screenshot, scrollsSideways } from '../support/browser';
import { mailTo } from '../support/mailbox';
import { bearer, get, startTestStack } from '../support/stack';

/**
 * The public pages in real headless Chromium: the whole journey with JavaScript off and on, every
 * error summarised and linked to its field, axe-core on every page, the keyboard alone, reflow at
 * 320 CSS pixels, and no Content-Security-Policy violation. Screenshots of every page go to
 * reports/screenshots/.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let adminToken: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  adminToken = await stack.token('admin-manager');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const url = (path: string) => new URL(path, stack.apiUrl).href;
const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue' });

/**
 * The screenshot, one h1, and no CSP violation or script error; with JavaScript on, axe too (axe is
 * a script: with JavaScript off, the same HTML is checked by the journey with it on).
 */
async function checkPage(page: Page, name: string, problems: string[]) {
  await screenshot(page, name);
  if (!name.startsWith('nojs')) expect(await axeViolations(page), name).toEqual([]);
  expect(await page.locator('h1').count(), `${name}: one h1`).toBe(1);
  expect(problems, `${name}: CSP violations or script errors`).toEqual([]);
}

/** The journey of a complaint through every page, checking each with axe on the way. */
async function complain(page: Page, problems: string[], js: 'js' | 'nojs'): Promise<string> {
  await page.goto(url('/'));
  await checkPage(page, `${js}-01-start`, problems);
  await page.getByRole('button', { name: 'Start now' }).click();

  await expect.poll(() => page.url()).toBe(url('/form/type'));
  await checkPage(page, `${js}-02-type`, problems);
  await continueButton(page).click();
  await checkPage(page, `${js}-02-type-error`, problems);
  await page.getByLabel('A complaint').check();
  await continueButton(page).click();

  await checkPage(page, `${js}-03-urgent`, problems);
  await page.getByLabel('No', { exact: true }).check();
  await continueButton(page).click();

  await checkPage(page, `${js}-04-what-happened`, problems);
  await continueButton(page).click();
  await checkPage(page, `${js}-04-what-happened-errors`, problems);
  // The honeypot: in the HTML for bots, but neither seen nor announced.
  expect(await page.locator('#website').count()).toBe(1);
  expect(await page.locator('#website').isVisible()).toBe(false);
  expect(await page.getByRole('textbox', { name: 'Leave this field empty' }).count()).toBe(0);
  await page.getByLabel('In a sentence, what is it about?').fill('Fire engine blocked my driveway');
  await page.getByLabel('Tell us what happened').fill(`A fire engine parked across my drive <script>alert("x")</script>\nfor two hours (${js}).`);
  await continueButton(page).click();

  await checkPage(page, `${js}-05-when-and-where`, problems);
  await page.getByLabel('Day').fill('3');
  await page.getByLabel('Month').fill('11');
  await page.getByLabel('Year').fill('2026');
  await page.getByLabel('Where did it happen? (optional)').fill('High Street, Luton');
  await continueButton(page).click();

  await checkPage(page, `${js}-06-service`, problems);
  await page.getByLabel('Operations').check();
  await continueButton(page).click();

  await checkPage(page, `${js}-07-contact`, problems);
  await page.getByLabel('Your name (optional)').fill('Ann Example');
  await page.getByLabel('By email').check();
  await page.getByLabel('Email address').fill(`ann.${js}@example.com`);
  await continueButton(page).click();

  await checkPage(page, `${js}-08-support`, problems);
  await page.getByLabel('Do you need any help or support from us? (optional)').fill('Large print, please');
  await continueButton(page).click();

  await checkPage(page, `${js}-09-check`, problems);
  await expect.poll(() => page.getByText('<script>alert("x")</script>', { exact: false }).count()).toBe(1);
  await page.getByRole('button', { name: 'Send' }).click();

  await expect.poll(() => page.url()).toBe(url('/form/confirmation'));
  await checkPage(page, `${js}-10-confirmation`, problems);
  return (await page.locator('[data-reference]').textContent())!.trim();
}

describe('the journey in Chromium', () => {
  for (const js of ['nojs', 'js'] as const) {
    it(`a complaint from the start page to its reference, JavaScript ${js === 'js' ? 'on' : 'off'}: the reference is the stored case`, { timeout: 120_000 }, async () => {
      const { page, problems } = await openPage(browser, { javaScriptEnabled: js === 'js' });
      const reference = await complain(page, problems, js);
      const stored = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
      expect(stored.status).toBe(200);
      expect(stored.json).toMatchObject({
        reference,
        summary: 'Fire engine blocked my driveway',
        details: `A fire engine parked across my drive <script>alert("x")</script>\nfor two hours (${js}).`,
        incidentDate: '2026-11-03',
        function: 'operations',
        customer: { name: 'Ann Example', email: `ann.${js}@example.com`, preferredContact: 'email' },
      });
      await page.context().close();
    });
  }

  it('with JavaScript, the error summary takes focus and each of its links moves to its field; characters are counted', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(url('/form/type'));
    await page.getByLabel('A compliment').check();
    await continueButton(page).click();
    await continueButton(page).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    const links = page.locator('.govuk-error-summary a');
    expect(await links.allTextContents()).toEqual(['Enter what it is about in a sentence', 'Enter what happened']);
    await links.nth(1).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('details');
    await page.getByLabel('In a sentence, what is it about?').fill('x'.repeat(190));
    await expect.poll(() => page.locator('.govuk-character-count__status').first().textContent()).toMatch(/You have 10 characters remaining/);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('without JavaScript, each link of the error summary leads to its field', async () => {
    const { page } = await openPage(browser, { javaScriptEnabled: false });
    await page.goto(url('/form/type'));
    await page.getByLabel('A compliment').check();
    await continueButton(page).click();
    await continueButton(page).click();
    expect(await page.title()).toMatch(/^Error: /);
    const links = page.locator('.govuk-error-summary a');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#summary', '#details']);
    await links.nth(1).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('details');
    await page.context().close();
  });

  it('the way to reply reveals only its own field with JavaScript, and shows them all without', async () => {
    const withJs = await openPage(browser);
    await withJs.page.goto(url('/form/type'));
    await withJs.page.getByLabel('A compliment').check();
    await continueButton(withJs.page).click();
    await withJs.page.getByLabel('In a sentence, what is it about?').fill('Thanks');
    await withJs.page.getByLabel('Tell us what happened').fill('Kind crew');
    await continueButton(withJs.page).click();
    await continueButton(withJs.page).click();
    await continueButton(withJs.page).click();
    expect(await withJs.page.getByLabel('Email address').isVisible()).toBe(false);
    await withJs.page.getByLabel('By telephone').check();
    expect(await withJs.page.getByLabel('Telephone number').isVisible()).toBe(true);
    expect(await withJs.page.getByLabel('Email address').isVisible()).toBe(false);
    expect(withJs.problems).toEqual([]);
    await withJs.page.context().close();
  });
});

describe('the tracking page in Chromium', () => {
  it('the link in the acknowledgement opens the progress page; it shows the stage after staff act and takes comments on draft findings', { timeout: 120_000 }, async () => {
    const { page, problems } = await openPage(browser);
    const reference = await complain(page, problems, 'js');
    const ack = await mailTo(stack.mailboxUrl, { subject: `We have received your complaint: reference ${reference}` });
    const link = /http:\/\/\S+\/track\/[A-Za-z0-9_-]{43}/.exec(ack.text)![0];

    await page.goto(link);
    await expect.poll(() => page.locator('[data-state]').getAttribute('data-state')).toBe('investigating');
    await checkPage(page, 'track-01-investigating', problems);
    expect(await page.locator('main').textContent()).toContain('being looked into by the head of Operations');
    // The heading names the reference whole, on one line, even where the heading wraps.
    expect(await page.locator('h1').textContent()).toBe(`Your complaint ${reference}`);
    await page.setViewportSize({ width: 320, height: 640 });
    const box = (await page.locator('h1 .app-nowrap').boundingBox())!;
    const lineHeight = await page.locator('h1').evaluate((h) => parseFloat(getComputedStyle(h).lineHeight));
    expect(box.height).toBeLessThan(lineHeight * 1.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1280, height: 800 });

    // The stage owner shares draft findings through the staff API.
    const c = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
    const owner = await stack.token('functional-head', { user: c.json.owner });
    const shared = await fetch(`${stack.apiUrl}/api/cases/${reference}/draft-findings`, {
      method: 'POST',
      headers: { ...bearer(owner), 'content-type': 'application/json', 'if-match': c.headers.get('etag')! },
      body: JSON.stringify({ findings: 'The crew parked there to reach a hydrant.\nWe are sorry for the delay.' }),
    });
    expect(shared.status).toBe(200);

    await page.reload();
    await checkPage(page, 'track-02-draft-findings', problems);
    await page.getByRole('button', { name: 'Send your comments' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await checkPage(page, 'track-03-comments-error', problems);
    await page.getByLabel('Your comments on our draft findings').fill('Thank you for explaining.');
    await page.getByRole('button', { name: 'Send your comments' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('We have received your comments');
    await checkPage(page, 'track-04-comments-received', problems);
    const stored = await get(`${stack.apiUrl}/api/cases/${reference}`, bearer(adminToken));
    expect(stored.json.draftFindings[0].comments.text).toBe('Thank you for explaining.');

    const altered = await page.goto(`${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`);
    expect(altered?.status()).toBe(404);
    expect(await page.locator('main').textContent()).not.toContain(reference);
    await checkPage(page, 'track-05-altered-link', problems);
    await page.context().close();
  });
});

describe('usable by anyone', () => {
  it('by keyboard alone: start, choose, continue', async () => {
    const { page } = await openPage(browser);
    await page.goto(url('/'));
    // The skip link comes first.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== 'Start now'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toBe(url('/form/type'));
    for (let i = 0; i < 30 && (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) !== 'kind'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== 'Continue'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toBe(url('/form/urgent'));
    await page.context().close();
  });

  it('reflows at 320 CSS pixels wide: no page scrolls sideways', async () => {
    const { page, problems } = await openPage(browser, { viewport: { width: 320, height: 640 } });
    for (const path of ['/', '/form/type']) {
      await page.goto(url(path));
      expect(await scrollsSideways(page), path).toBe(false);
    }
    await page.getByLabel('A complaint').check();
    await continueButton(page).click();
    await page.getByLabel('No', { exact: true }).check();
    await continueButton(page).click();
    await continueButton(page).click();
    await screenshot(page, 'narrow-320-what-happened-errors');
    expect(await scrollsSideways(page)).toBe(false);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('pages that only tell something pass axe too: not found, answers not saved', async () => {
    const { page, problems } = await openPage(browser);
    const notFound = await page.goto(url('/form/no-such-page'));
    expect(notFound?.status()).toBe(404);
    await checkPage(page, 'message-not-found', problems);
    await page.context().clearCookies();
    await page.goto(url('/form/type'));
    await page.context().clearCookies();
    await page.getByLabel('A complaint').check();
    await continueButton(page).click();
    expect(await page.title()).toMatch(/^Your answers were not saved/);
    await checkPage(page, 'message-expired', problems);
    await page.context().close();
  });

  it('the axe check itself finds a violation when there is one (a field without a label on the real page)', async () => {
    const { page } = await openPage(browser);
    await page.goto(url('/form/type'));
    await page.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('input'), { type: 'text', id: 'unlabelled' })));
    expect((await axeViolations(page)).map((v) => v.id)).toContain('label');
    await page.context().close();
  });

  it(`shows the service's own name and telephone number from the policy`, async () => {
    const { page } = await openPage(browser);
    await page.goto(url('/'));
    expect(await page.locator('header').textContent()).toContain(policy.organisation.name);
    expect(await page.locator('main').textContent()).toContain(policy.organisation.phone);
    await page.context().close();
  });
});
