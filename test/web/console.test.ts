import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromLondonWallClock, londonDate } from '../../functions/domain/calendar';
import { addCalendarMonths } from '../../functions/domain/retention';
import { aComplaint } from '../support/mothers';
import { stackAndBrowser } from '../support/browser';
import { checkedPage, signInToConsole } from '../support/console';
import { bearer, get, post } from '../support/stack';
import { finished } from '../support/workflow';

/**
 * The staff console in headless Chromium, one journey per role, signing in through the local
 * issuer's sign-in page as a person would: axe on every page the journey passes, screenshots in
 * reports/screenshots/.
 */

const on = stackAndBrowser();

const url = (path: string) => new URL(path, on.stack.apiUrl).href;

const signIn = (user: string, before?: (page: Page) => Promise<void>) => signInToConsole(on.browser, on.stack.apiUrl, user, before);
const checked = checkedPage;

async function submitted(fields: Record<string, unknown> = {}): Promise<string> {
  const res = await post(`${on.stack.apiUrl}/api/public/submissions`, aComplaint({ function: 'operations', ...fields }));
  expect(res.status).toBe(201);
  const reference = res.json.reference as string;
  const admin = await on.stack.token('admin-manager');
  for (let i = 0; i < 100; i++) {
    const c = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(admin));
    if (c.json.stage === 1 && c.json.owner) return reference;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${reference} never reached stage 1`);
}

const timelineLength = (page: Page) => page.locator('[data-timeline] li').count();

describe('the staff console', () => {
  it('the Administration Manager finds a public submission, gives stage 2 to another Head, and sees the timeline grow', { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: 'Console journey: crew blocked the road' });
    // The stage 1 owner says more is needed: stage 2 waits for an owner.
    const head = await on.stack.token('functional-head', { user: 'operations-head' });
    const before = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(head));
    const further = await fetch(`${on.stack.apiUrl}/api/cases/${reference}/outcome`, {
      method: 'POST',
      headers: { ...bearer(head), 'content-type': 'application/json', 'if-match': before.headers.get('etag')! },
      body: JSON.stringify({ result: 'further-action', reason: 'Needs the view of another function' }),
    });
    expect(further.status).toBe(200);

    const { page, problems } = await signIn('admin-manager');
    // Staff by the directory's names, and roles in words, not by the ids they sign in with.
    expect(await page.locator('.app-signed-in').textContent()).toBe('Signed in as Administration Manager (Administration Manager)');
    // Stage 2 has no owner yet: the Administration Manager's task, on the home page with its due date.
    await expect.poll(() => page.locator('[data-tasks]').textContent()).toContain(reference);
    expect(await page.locator('[data-tasks]').textContent()).toContain('Choose an owner for the stage');
    await checked(page, 'admin-01-today', problems);
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Cases');
    await expect.poll(() => page.locator(`[data-case="${reference}"]`).count()).toBe(1);
    const row = (await page.locator(`[data-case="${reference}"]`).textContent())!;
    expect(row).toContain('Complaint');
    expect(row).toContain('Web form');
    // The reference on one line: a break after its hyphen would misquote it.
    const link = page.getByRole('link', { name: reference });
    expect(await link.evaluate((a) => getComputedStyle(a).whiteSpace)).toBe('nowrap');
    await checked(page, 'admin-02-cases', problems);
    await page.getByRole('link', { name: reference }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Stored values in staff's words: how it came in, how they prefer to be contacted, the task.
    const main = (await page.locator('main').textContent())!;
    expect(main).toContain('Complaint · Web form · received');
    expect(main).toMatch(/Prefers contact by\s*Email/);
    expect(main).not.toMatch(/\bweb\b|assign-owner/);
    // Who did what, by name: stage 1's owner asked for more.
    expect(await page.locator('[data-timeline]').textContent()).toContain('by Head of Operations');
    expect(await page.locator('[data-timeline]').textContent()).not.toContain('operations-head');
    await checked(page, 'admin-03-case', problems);
    const events = await timelineLength(page);

    await page.getByText('Assign an owner').or(page.getByText('Transfer to another owner')).first().click();
    await page.getByLabel('New owner').selectOption('prevention-head');
    await page.locator('[data-action="assign"]').getByLabel('Reason (optional)').fill('Prevention ran the visit');
    await page.getByRole('button', { name: /^(Assign|Transfer)$/ }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain(`${reference} is now with Head of Prevention`);
    // The form starts again empty: no one chosen (the list no longer holds the new owner), no reason.
    expect(await page.locator('[data-action="assign"] select').inputValue()).toBe('');
    expect(await page.locator('[data-action="assign"] input[name="reason"]').inputValue()).toBe('');
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-success'))).toBe(true);
    expect(await timelineLength(page)).toBeGreaterThan(events);
    expect(await page.locator('[data-standing]').textContent()).toMatch(/Owner\s*Head of Prevention/);
    // The timeline says what each change was, by the directory's names.
    expect(await page.locator('[data-timeline] li').first().textContent()).toMatch(/^Owner assigned by Administration Manager · .+ · stage 2: Head of Prevention$/);
    expect(await page.locator('[data-timeline]').textContent()).toContain('stage 1: further action');
    // The owner chosen, the task to choose one is done: off the case and off the home page.
    expect(await page.locator('[data-standing]').textContent()).not.toContain('Choose an owner');
    await checked(page, 'admin-04-assigned', problems);
    await page.getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Today’s work');
    expect(await page.locator('[data-tasks] tr', { hasText: reference }).count()).toBe(0);
    await page.context().close();
  });

  it('a Functional Head shares draft findings, then records the outcome, and the case closes', { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: 'Console journey: resolved at stage 1' });
    const { page, problems } = await signIn('operations-head');
    await expect.poll(() => page.locator(`[data-case="${reference}"]`).count()).toBe(1);
    expect(await page.locator('.app-signed-in').textContent()).toBe('Signed in as Head of Operations (Functional Head)');
    expect(await page.locator(`[data-case="${reference}"]`).textContent()).toContain('Stage 1Head of Operations');
    await checked(page, 'head-01-home', problems);
    await page.getByRole('link', { name: reference }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);

    await page.getByText('Share draft findings with the customer').click();
    await page.getByLabel('Draft findings').fill('The crew had to stop there to reach a hydrant.');
    await page.getByRole('button', { name: 'Share draft findings' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Draft findings shared');
    await checked(page, 'head-02-draft-shared', problems);

    await page.getByText('Record the outcome of this stage').click();
    await page.getByLabel('Resolved: close the complaint').check();
    await page.getByLabel('Partly upheld').check();
    await page.getByLabel('Response to the customer (if resolved)').fill('We are sorry for the delay this caused.');
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain(`${reference} is closed`);
    await expect.poll(async () => (await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(await on.stack.token('admin-manager')))).json.status).toBe('closed');
    await page.reload();
    await expect.poll(() => page.locator('[data-standing]').textContent()).toContain('Closed');
    // How it closed in words, and no owner to wait for.
    expect(await page.locator('[data-standing]').textContent()).toMatch(/Status\s*Closed \(resolved with an outcome\)/);
    expect(await page.locator('[data-standing]').textContent()).toMatch(/Owner\s*—/);
    await checked(page, 'head-03-closed', problems);
    await page.context().close();
  });

  it('a receiver records a complaint received by telephone, with its real date of receipt', { timeout: 120_000 }, async () => {
    const { page, problems } = await signIn('receiver');
    await page.getByRole('link', { name: 'Record a case' }).click();
    await checked(page, 'receiver-01-record', problems);
    await page.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await checked(page, 'receiver-02-record-errors', problems);
    await page.getByLabel('Date received').fill('2026-11-27');
    await page.getByLabel('Summary', { exact: true }).fill('Caller says the smoke alarm fitted last week beeps');
    await page.getByLabel('What happened (a written summary of what was said)').fill('Mr Example rang at 10:05. The alarm fitted on 20 November chirps every minute.');
    await page.getByLabel('Their name (optional)').fill('Mr Example');
    await page.getByLabel('Telephone (optional)').fill('01632 960 001');
    // Received by telephone is the default; they prefer a call back too.
    expect(await page.getByRole('group', { name: 'How it was received' }).getByLabel('Telephone', { exact: true }).isChecked()).toBe(true);
    await page.getByRole('group', { name: 'How they prefer to be contacted' }).getByLabel('Telephone', { exact: true }).check();
    await page.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => page.locator('[data-reference]').count()).toBe(1);
    const reference = (await page.locator('[data-reference]').textContent())!.trim();
    expect(reference).toMatch(/^CC-\d{4}-\d{5}$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-success'))).toBe(true);
    await checked(page, 'receiver-03-recorded', problems);
    const stored = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(await on.stack.token('admin-manager')));
    expect(stored.json).toMatchObject({ channel: 'phone', receivedOn: '2026-11-27', recordedBy: 'receiver', customer: { phone: '01632 960 001', preferredContact: 'phone' } });
    await page.context().close();
  });

  it('the Strategic Support Manager reads everything and is offered no change', { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: 'Console journey: read only' });
    const { page, problems } = await signIn('ssm');
    await page.goto(url(`/staff/cases/${reference}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    expect(await page.locator('[data-no-actions]').count()).toBe(1);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Record a case' }).count()).toBe(0);
    await checked(page, 'ssm-01-case', problems);
    await page.context().close();
  });

  it("a Head who opens another function's case is told it is not theirs to see, and why", { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: 'Console journey: not for Prevention' });
    const { page, problems } = await signIn('prevention-head');
    await page.goto(url(`/staff/cases/${reference}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe('You cannot see this');
    expect(await page.locator('main').textContent()).toContain(reference);
    expect(await page.locator('main').textContent()).not.toContain('Console journey: not for Prevention');
    await checked(page, 'head-04-not-yours', problems);
    await page.context().close();
  });

  it('the Administration Manager gives a post to another person, told at the field when an answer will not do', { timeout: 120_000 }, async () => {
    const { page, problems } = await signIn('admin-manager');
    await page.getByRole('link', { name: 'Staff directory' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff directory');
    await page.getByRole('link', { name: 'Change Deputy Head of Finance' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Who is the Deputy Head of Finance?');
    expect(await page.getByLabel('Staff id').inputValue()).toBe('finance-deputy');
    await checked(page, 'admin-07-directory-post', problems);

    // An address that is not one: said at the field and in the summary, which takes the focus; nothing saved.
    await page.getByLabel('Full name').fill('Priya Shah');
    await page.getByLabel('Email address').fill('priya.shah');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#post-email-error').textContent()).toContain('expected an email address');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Priya Shah');
    await checked(page, 'admin-08-directory-post-error', problems);
    const admin = await on.stack.token('admin-manager');
    const unchanged = (await get(`${on.stack.apiUrl}/api/directory`, bearer(admin))).json;
    expect(unchanged.functions.find((f: { id: string }) => f.id === 'finance').deputy.name).toBe('Deputy Head of Finance');

    await page.getByLabel('Staff id').fill('p.shah');
    await page.getByLabel('Email address').fill('priya.shah@example.gov.uk');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff directory');
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Deputy Head of Finance saved');
    expect(await page.locator('table').textContent()).toContain('Priya Shah (p.shah, priya.shah@example.gov.uk)');
    const saved = (await get(`${on.stack.apiUrl}/api/directory`, bearer(admin))).json;
    expect(saved.functions.find((f: { id: string }) => f.id === 'finance').deputy).toEqual({ id: 'p.shah', name: 'Priya Shah', email: 'priya.shah@example.gov.uk', available: true });
    expect(saved.updatedBy).toBe('admin-manager');
    await checked(page, 'admin-09-directory-post-saved', problems);
    await page.context().close();
  });

  it('a page left while it loaded never replaces the page the user went to (a slow home page after a click on the directory)', { timeout: 120_000 }, async () => {
    // The home page's lists are held until the directory has been drawn: on a busy service they come late.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const lists: Array<Promise<unknown>> = [];
    const { page, problems } = await signIn('admin-manager', async (p) => {
      await p.route(/\/api\/cases\?/, async (route) => {
        await held;
        await route.continue();
      });
      p.on('request', (request) => {
        if (/\/api\/cases\?/.test(request.url()) && request.method() === 'GET') lists.push(request.response());
      });
    });
    await expect.poll(() => lists.length).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Staff directory' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff directory');
    release();
    // Every list the home page asked for is answered (a later page of open cases is asked once the first is in).
    for (let answered = 0; answered < lists.length; ) {
      const now = lists.length;
      await Promise.all(lists);
      answered = now;
    }
    // The home page has its lists: give it what it needs to draw (it would within a moment), then look.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await page.locator('h1').textContent()).toBe('Staff directory');
    expect(await page.getByRole('link', { name: 'Change Consultation and Partnership Officer' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('the Administration Manager names the Consultation and Partnership Officer (told of each decision on a forwarded comment) and Legal & Governance (asked to review each referral)', { timeout: 120_000 }, async () => {
    const { page, problems } = await signIn('admin-manager');
    await page.getByRole('link', { name: 'Staff directory' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff directory');
    await page.getByRole('link', { name: 'Change Consultation and Partnership Officer' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Who is the Consultation and Partnership Officer?');
    expect(await page.getByLabel('Staff id').inputValue()).toBe('consultation-officer');
    await page.getByLabel('Full name').fill('Sam Consult');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Consultation and Partnership Officer saved');
    expect(await page.locator('main').textContent()).toContain('Sam Consult (consultation-officer, consultation-officer@bedsfire.example)');
    // Legal & Governance, asked to review each complaint referred to them, have their post too.
    await page.getByRole('link', { name: 'Change Legal & Governance team' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Who is the Legal & Governance team?');
    await page.getByLabel('Email address').fill('legal@bedsfire.example');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Legal & Governance team saved');
    expect(await page.locator('main').textContent()).toContain('Legal & Governance (legal-governance, legal@bedsfire.example)');
    await checked(page, 'admin-10-directory-consultation-officer', problems);
    const saved = (await get(`${on.stack.apiUrl}/api/directory`, bearer(await on.stack.token('admin-manager')))).json;
    expect(saved.consultationOfficer).toEqual({ id: 'consultation-officer', name: 'Sam Consult', email: 'consultation-officer@bedsfire.example' });
    expect(saved.legalGovernance).toEqual({ id: 'legal-governance', name: 'Legal & Governance', email: 'legal@bedsfire.example' });
    await page.context().close();
  });

  it('the Administration Manager marks a Head and Deputy unavailable, and the next complaint for that function goes to the Duty Officer', { timeout: 120_000 }, async () => {
    const { page, problems } = await signIn('admin-manager');
    await page.getByRole('link', { name: 'Staff directory' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff directory');
    await checked(page, 'admin-05-directory', problems);
    await page.getByLabel('Head of Fleet and Equipment (fleet-head) is available').uncheck();
    await page.getByLabel('Deputy Head of Fleet and Equipment (fleet-deputy) is available').uncheck();
    await page.getByRole('button', { name: 'Save availability' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Availability saved');
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-success'))).toBe(true);
    expect(await page.getByLabel('Head of Fleet and Equipment (fleet-head) is available').isChecked()).toBe(false);
    await checked(page, 'admin-06-directory-saved', problems);

    const res = await post(`${on.stack.apiUrl}/api/public/submissions`, aComplaint({ function: 'fleet', summary: 'Console journey: fleet' }));
    const reference = res.json.reference as string;
    const admin = await on.stack.token('admin-manager');
    await expect.poll(async () => (await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(admin))).json.owner, { timeout: 15_000 }).toBe('duty-officer');
    await page.context().close();
  });

  it('the case list downloads as CSV that opens in a spreadsheet, formula-looking text neutralised; signing out ends the session', { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: '=HYPERLINK("https://evil.example","click")' });
    const { page, problems } = await signIn('admin-manager');
    await page.goto(url('/staff/cases?status=open'));
    await expect.poll(() => page.locator(`[data-case="${reference}"]`).count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download this list (CSV)' }).click()]);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('Reference,Kind,Status,Stage,Owner,Function,Channel,Received,Next deadline,Overdue,Urgent,Summary');
    const line = text.split('\r\n').find((l) => l.startsWith(reference))!;
    expect(line).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(problems).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toBe(url('/staff/'));
    await expect.poll(() => page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')))).toEqual([]);
    await page.context().close();
  });

  it('a change made on a stale version says so plainly and offers to reload', { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: 'Console journey: stale version' });
    const { page, problems } = await signIn('admin-manager');
    await page.goto(url(`/staff/cases/${reference}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    // Someone else changes the case meanwhile.
    const admin = await on.stack.token('admin-manager');
    const now = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(admin));
    const patched = await fetch(`${on.stack.apiUrl}/api/cases/${reference}`, {
      method: 'PATCH',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ expectedVersion: now.json.version, location: 'Changed elsewhere' }),
    });
    expect(patched.status).toBe(200);
    await page.getByText('Refer to the Customer Relations Officer').click();
    await page.getByLabel('Why').fill('The customer asked for a senior officer');
    await page.getByRole('button', { name: 'Refer' }).click();
    await expect.poll(() => page.locator('[data-conflict]').textContent()).toContain('This case has changed since you opened it');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
    await checked(page, 'conflict-01', problems);
    await page.getByRole('button', { name: 'Reload the case' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Changed elsewhere');
    await page.context().close();
  });

  it('once the retention policy removed its personal data, the case page says so and when, instead of empty fields', { timeout: 120_000 }, async () => {
    const reference = await submitted({ summary: 'Console journey: kept past its time', name: 'Retention Console Person' });
    const head = await on.stack.token('functional-head', { user: 'operations-head' });
    const before = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(head));
    const closing = await fetch(`${on.stack.apiUrl}/api/cases/${reference}/outcome`, {
      method: 'POST',
      headers: { ...bearer(head), 'content-type': 'application/json', 'if-match': before.headers.get('etag')! },
      body: JSON.stringify({ result: 'resolved', decision: 'not-upheld', response: 'Retention console response', lessonsLearned: 'Retention console lesson' }),
    });
    expect(closing.status).toBe(200);
    await finished(on.stack, reference);
    const admin = await on.stack.token('admin-manager');
    const closedAt = (await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(admin))).json.closedAt as string;
    // The schedule's run on the day the default policy's 12 months end.
    await on.stack.scheduler.fire('DailyRetention', fromLondonWallClock(addCalendarMonths(londonDate(new Date(closedAt)), 12), 3));
    const anonymisedAt = (await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(admin))).json.anonymisedAt as string;
    expect(anonymisedAt).toBeDefined();

    const { page, problems } = await signIn('admin-manager');
    await page.goto(url(`/staff/cases/${reference}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    expect(await page.getByRole('heading', { name: 'Personal data removed' }).count()).toBe(1);
    const notice = await page.locator('[data-personal-data-removed]').textContent();
    // The London date of the removal, as the console writes dates ("Tue 1 Dec 2026").
    const [year, month, dayOfMonth] = londonDate(new Date(anonymisedAt)).split('-').map(Number) as [number, number, number];
    const shown = /were removed on \D*(\d{1,2}) (\w+) (\d{4})/.exec(notice ?? '');
    expect(shown, notice ?? '').not.toBeNull();
    expect([Number(shown![1]), shown![2]!.slice(0, 3), Number(shown![3])]).toEqual([dayOfMonth, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1], year]);
    const main = (await page.locator('main').textContent())!;
    for (const gone of ['Retention Console Person', 'kept past its time', 'Retention console response', 'ann@example.com', 'Large print']) expect(main).not.toContain(gone);
    // No empty personal fields, and no form to write personal details again.
    for (const label of ['Summary', 'Details', 'Email', 'Telephone', 'Address', 'Support needs']) {
      expect(await page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^${label}$`) }).count(), label).toBe(0);
    }
    expect(await page.getByText('Update details').count()).toBe(0);
    expect(await page.locator('[data-standing]').textContent()).toContain('Not upheld');
    expect(await page.locator('[data-timeline]').textContent()).toContain('Personal data removed under the retention policy');
    await checked(page, 'admin-05-personal-data-removed', problems);
    await page.context().close();
  });
});
