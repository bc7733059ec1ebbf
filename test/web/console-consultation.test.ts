import { describe, expect, it } from 'vitest';
import { londonDate } from '../../functions/domain/calendar';
import { stackAndBrowser } from '../support/browser';
import { checkedPage, signInToConsole } from '../support/console';
import { mailTo } from '../support/mailbox';
import { bearer, get } from '../support/stack';

/**
 * Public consultation comments in the staff console, in headless Chromium (service order section 2):
 * the Consultation and Partnership Officer forwards a comment; the Administration Manager finds it
 * awaiting a decision on the home page and keeps it out of the procedure, with a reason; the officer
 * sees the decision and the reason. Axe on every page passed.
 */

const on = stackAndBrowser();

const url = (path: string) => new URL(path, on.stack.apiUrl).href;
const REASON = 'A view on the plan, answered in the consultation report';

describe('consultation comments in the staff console', () => {
  it('the officer forwards a comment, the Administration Manager keeps it out with a reason, and the officer sees the decision', { timeout: 150_000 }, async () => {
    const received = londonDate(new Date(Date.now() - 2 * 24 * 3600 * 1000));
    const officer = await signInToConsole(on.browser, on.stack.apiUrl, 'consultation-officer');
    let page = officer.page;
    await expect.poll(() => page.locator('h1').textContent()).toBe('Consultation comments you forwarded');
    await checkedPage(page, 'consultation-01-officer-home', officer.problems);
    await page.getByRole('link', { name: 'Record a case' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Record a case');
    expect(await page.getByLabel('Public consultation', { exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Date received').fill(received);
    await page.getByLabel('Type of consultation (consultation comments only)').fill('Service Improvement Plan');
    await page.getByLabel('Summary', { exact: true }).fill('Closing the night crew at Ampthill is wrong');
    await page.getByLabel('What happened (a written summary of what was said)').fill('Online response 41: "Closing the night crew at Ampthill puts us at risk."');
    await page.getByLabel('Email (optional)').fill('respondent41@example.com');
    await page.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => page.locator('[data-reference]').count()).toBe(1);
    const reference = (await page.locator('[data-reference]').textContent())!.trim();
    await checkedPage(page, 'consultation-02-forwarded', officer.problems);
    await page.context().close();

    const admin = await signInToConsole(on.browser, on.stack.apiUrl, 'admin-manager');
    page = admin.page;
    await expect.poll(() => page.locator(`[data-consultation-comments] [data-case="${reference}"]`).count()).toBe(1);
    expect(await page.locator(`[data-case="${reference}"] [data-decision]`).textContent()).toBe('Awaiting the Administration Manager’s decision');
    await checkedPage(page, 'consultation-03-admin-home', admin.problems);
    await page.locator(`[data-consultation-comments]`).getByRole('link', { name: reference }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    expect(await page.locator('[data-consultation]').textContent()).toContain('Service Improvement Plan');
    // Awaiting the decision, nothing else is offered: no owner to assign, no referral.
    expect(await page.getByText('Assign an owner').count()).toBe(0);
    await page.getByText('Decide whether it enters the procedure').click();
    await checkedPage(page, 'consultation-04-admin-case', admin.problems);
    // Keeping it out needs a reason: the form says so at the field.
    await page.getByLabel('It does not enter the procedure').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => page.locator('[data-action="consultation"] .govuk-error-summary').textContent()).toContain('reason');
    await checkedPage(page, 'consultation-05-admin-decision-error', admin.problems);
    await page.getByLabel('Reason (required if it does not enter)').fill(REASON);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain(`${reference} does not enter the procedure`);
    expect(await page.locator('[data-consultation]').textContent()).toContain('Not entered in the complaints and compliments procedure');
    await checkedPage(page, 'consultation-06-admin-decided', admin.problems);
    await page.context().close();

    const stored = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(await on.stack.token('admin-manager')));
    expect(stored.json).toMatchObject({ channel: 'consultation', receivedOn: received, status: 'closed', closure: 'not-entered', recordedBy: 'consultation-officer' });
    await mailTo(on.stack.mailboxUrl, { subject: `Consultation comment ${reference}: it does not enter`, to: 'consultation-officer@bedsfire.example' });

    const back = await signInToConsole(on.browser, on.stack.apiUrl, 'consultation-officer');
    page = back.page;
    await expect.poll(() => page.locator(`[data-case="${reference}"] [data-decision]`).textContent()).toBe('Not entered in the complaints and compliments procedure');
    await checkedPage(page, 'consultation-07-officer-sees-decision', back.problems);
    await page.goto(url(`/staff/cases/${reference}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    expect(await page.locator('[data-consultation]').textContent()).toContain(REASON);
    expect(await page.locator('[data-no-actions]').count()).toBe(1);
    await checkedPage(page, 'consultation-08-officer-case', back.problems);
    await page.context().close();
  });
});
