import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../functions/domain/policy';
import { stackAndBrowser } from '../support/browser';
import { checkedPage, signInToConsole } from '../support/console';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { bearer, get, post } from '../support/stack';
import { settled } from '../support/workflow';

/**
 * Information-request reviews in the staff console, in headless Chromium: the Administration Manager
 * refers a complaint about an FOI request to Legal & Governance; the reviewer finds it on their home
 * page, extends it once with a reason, and records the outcome; the customer's closing letter, in the
 * mailbox, names the Information Commissioner's Office with its contact details. Axe on every page passed.
 */

const on = stackAndBrowser();
const ICO = defaultPolicy.informationCommissioner;

describe('information-request reviews in the staff console', () => {
  it('the Administration Manager refers, Legal & Governance extend and decide, and the customer is told of the ICO', { timeout: 180_000 }, async () => {
    const email = `foi.${Math.random().toString(36).slice(2)}@example.com`;
    const submitted = await post(`${on.stack.apiUrl}/api/public/submissions`, aComplaint({ email, summary: 'My FOI request was answered late', function: 'operations' }));
    const reference = submitted.json.reference as string;
    await settled(on.stack, reference);

    const admin = await signInToConsole(on.browser, on.stack.apiUrl, 'admin-manager');
    let page = admin.page;
    await page.goto(new URL(`/staff/cases/${reference}`, on.stack.apiUrl).href);
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    await page.getByText('Refer to Legal & Governance (information-request review)').click();
    await checkedPage(page, 'review-01-admin-case', admin.problems);
    // Without the kind of request, the form says so at the field.
    await page.getByRole('button', { name: 'Refer for review' }).click();
    await expect.poll(() => page.locator('[data-action="information-review"] .govuk-error-summary').textContent()).toContain('request');
    await checkedPage(page, 'review-02-admin-refer-error', admin.problems);
    await page.getByLabel('Freedom of Information (FOI) request').check();
    await page.getByLabel('Note for the reviewer (optional)').fill('FOI 2026/17 was answered on day 31');
    await page.getByRole('button', { name: 'Refer for review' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain(`${reference} is with Legal & Governance for review.`);
    expect(await page.locator('[data-standing]').textContent()).toContain('Information-request review');
    expect(await page.locator('[data-information-review]').textContent()).toContain('FOI 2026/17 was answered on day 31');
    // The stage's actions are no longer offered.
    expect(await page.getByText('Assign an owner').count()).toBe(0);
    expect(await page.getByText('Transfer to another owner').count()).toBe(0);
    expect(await page.locator('[data-timeline]').textContent()).toContain('Referred to Legal & Governance for an information-request review');
    await checkedPage(page, 'review-03-admin-referred', admin.problems);
    await page.context().close();

    const legal = await signInToConsole(on.browser, on.stack.apiUrl, 'legal-governance');
    page = legal.page;
    await expect.poll(() => page.locator('h1').textContent()).toBe('Information-request reviews');
    // The team by the directory's name for its post, not by its sign-in id.
    await expect.poll(() => page.locator('.app-signed-in').textContent()).toContain('Signed in as Legal & Governance');
    await expect.poll(() => page.locator(`[data-information-reviews] [data-case="${reference}"]`).count()).toBe(1);
    expect(await page.locator(`[data-case="${reference}"]`).textContent()).toContain('Freedom of Information (FOI) request');
    await checkedPage(page, 'review-04-legal-home', legal.problems);
    await page.locator('[data-information-reviews]').getByRole('link', { name: reference }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    await page.locator('[data-action="review-extension"] summary').click();
    await page.getByLabel('By how many working days?').fill('5');
    await page.getByLabel('Why more time is needed (the customer is told)').fill('We must ask the contractor named in the request');
    await page.getByRole('button', { name: 'Extend the review' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Review extended');
    expect(await page.locator('[data-information-review]').textContent()).toContain('5 working days: We must ask the contractor named in the request');
    // Extended once, it cannot be extended again.
    expect(await page.locator('[data-action="review-extension"]').count()).toBe(0);
    await checkedPage(page, 'review-05-legal-extended', legal.problems);
    await mailTo(on.stack.mailboxUrl, { subject: `Your complaint ${reference}: the review needs more time`, to: email });

    await page.locator('[data-action="review-outcome"] summary').click();
    await expect.poll(() => page.locator('[data-action="review-outcome"]').getAttribute('open')).toBe('');
    await page.locator('[data-action="review-outcome"]').getByLabel('Partly upheld').check();
    await page.getByLabel('Response to the customer').fill('We answered your request 11 working days late. We are sorry.');
    await page.getByLabel('Lessons learned').fill('Log information requests on the day they arrive');
    await checkedPage(page, 'review-06-legal-outcome', legal.problems);
    await page.getByRole('button', { name: 'Record the outcome and close' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain(`${reference} is closed`);
    expect(await page.locator('[data-information-review]').textContent()).toContain('We answered your request 11 working days late.');
    expect(await page.locator('[data-timeline]').textContent()).toContain('Information-request review decided');
    expect(await page.locator('[data-no-actions]').count()).toBe(1);
    expect(await page.locator('[data-standing]').textContent()).toMatch(/Status\s*Closed \(decided by Legal & Governance's review\)/);
    await checkedPage(page, 'review-07-legal-decided', legal.problems);
    await page.context().close();

    const stored = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(await on.stack.token('ssm')));
    expect(stored.json).toMatchObject({ status: 'closed', closure: 'information-review', informationReview: { request: 'foi', outcome: { decision: 'partly-upheld', decidedBy: 'legal-governance' } } });
    const letter = await mailTo(on.stack.mailboxUrl, { subject: `The review of your complaint ${reference}`, to: email });
    expect(letter.text).toContain('We answered your request 11 working days late. We are sorry.');
    expect(letter.text).toContain(`contact the ${ICO.name}`);
    for (const detail of [ICO.phone!, ICO.website!]) expect(letter.text).toContain(detail);
    expect(letter.text).not.toContain(defaultPolicy.ombudsman.name);
  });
});
