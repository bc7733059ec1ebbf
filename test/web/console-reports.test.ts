import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aComplaint, aCompliment } from '../support/mothers';
import { launchChromium } from '../support/browser';
import { checkedPage, signInToConsole } from '../support/console';
import { post, startTestStack } from '../support/stack';
import { settled } from '../support/workflow';

/**
 * The console's Reports page in headless Chromium (as test/web/console.test.ts does it): the
 * Strategic Support Manager opens the reports, sees the month the schedule made, reads its key
 * figures and the whole report, and downloads the CSV; axe on every page, screenshots in
 * reports/screenshots/. A Functional Head is not offered the page.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let month: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  for (const body of [aComplaint({ function: 'operations' }), aComplaint({ function: 'fleet' }), aCompliment()]) {
    const res = await post(`${stack.apiUrl}/api/public/submissions`, body);
    expect(res.status).toBe(201);
    await settled(stack, res.json.reference);
  }
  // The schedule of the 1st of next month: it reports on this month.
  month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' }).format(new Date());
  const [y, m] = month.split('-').map(Number) as [number, number];
  await stack.scheduler.fire('FirstOfMonthReport', new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1, 6)));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const url = (path: string) => new URL(path, stack.apiUrl).href;

const signIn = (user: string) => signInToConsole(browser, stack.apiUrl, user);
const checked = checkedPage;

describe("the console's Reports page", () => {
  it('the Strategic Support Manager opens the reports, reads the month and downloads it as CSV', { timeout: 120_000 }, async () => {
    const { page, problems } = await signIn('ssm');
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Monthly reports');
    const row = page.locator(`[data-month="${month}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect((await row.locator('td').allTextContents()).slice(0, 3)).toEqual(['2', '1', '0']);
    await checked(page, 'reports-01-months', problems);

    const name = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
    await row.getByRole('link', { name }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Complaints and compliments: ${name}`);
    expect(page.url()).toBe(url(`/staff/reports/${month}`));
    const figures = page.locator('[data-key-figures]');
    expect(await figures.locator('.govuk-summary-list__row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Complaints received\s*2/), expect.stringMatching(/Compliments received\s*1/), expect.stringMatching(/Open now\s*2 \(0 overdue\)/), expect.stringMatching(/Complaints closed\s*0$/)]),
    );
    // The whole report, as the API renders it, in a frame that runs nothing.
    const frame = page.frameLocator('[data-report]');
    await expect.poll(() => frame.locator('h1').count()).toBe(1);
    expect(await page.locator('[data-report]').getAttribute('sandbox')).toBe('');
    expect(await frame.locator('body').innerText()).toContain('Key figures');
    await checked(page, 'reports-02-month', problems);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV (spreadsheet)' }).click()]);
    expect(download.suggestedFilename()).toBe(`complaints-and-compliments-${month}.csv`);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toContain('\r\n');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('is not offered to a Functional Head', { timeout: 120_000 }, async () => {
    const { page, problems } = await signIn('operations-head');
    expect(await page.getByRole('link', { name: 'Reports', exact: true }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
