import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { stackAndBrowser } from '../support/browser';
import { checkedPage, signInToConsole } from '../support/console';
import { aComplaint } from '../support/mothers';
import { bearer, get } from '../support/stack';
import { settled } from '../support/workflow';

/**
 * The Administration Manager's tasks in the staff console, in headless Chromium: a complaint taken
 * by telephone gives the task to call the person; the Administration Manager calls, records the
 * acknowledgement, and the task leaves Today's work; a task the workflow gave (a letter that may
 * not have gone out) is marked done. Axe on every page passed.
 */

const on = stackAndBrowser();

/** A complaint a receiver took by telephone from someone who prefers a call (no email): the workflow gives the task to call. */
async function phoneComplaint(summary: string): Promise<string> {
  const { email: _email, ...noEmail } = aComplaint({ function: 'fleet', preferredContact: 'phone', phone: '01234 567890', summary });
  const res = await fetch(`${on.stack.apiUrl}/api/cases`, {
    method: 'POST',
    headers: { ...bearer(await on.stack.token('receiver')), 'content-type': 'application/json' },
    body: JSON.stringify({ ...noEmail, channel: 'phone', receivedAt: new Date().toISOString() }),
  });
  expect(res.status).toBe(201);
  const { reference } = (await res.json()) as { reference: string };
  await settled(on.stack, reference);
  return reference;
}

describe("the Administration Manager's tasks in the console", () => {
  it('records an acknowledgement made by telephone, and the task to call leaves the case and Today’s work', { timeout: 150_000 }, async () => {
    const reference = await phoneComplaint('Console tasks: the crew left the gate open');
    const { page, problems } = await signInToConsole(on.browser, on.stack.apiUrl, 'admin-manager');
    const task = page.locator('[data-tasks] tr', { hasText: reference });
    await expect.poll(() => task.textContent()).toContain('Acknowledge by telephone');
    await page.locator('[data-tasks]').getByRole('link', { name: reference }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    await page.getByText('Record the acknowledgement (made by letter, telephone or an email sent by hand)').click();
    // The way they prefer comes first; none is chosen for them.
    const ways = page.locator('[data-action="acknowledge"] .govuk-radios__label');
    expect(await ways.allTextContents()).toEqual(['Telephone', 'Letter', 'Email']);
    await checkedPage(page, 'tasks-01-acknowledge', problems);
    // Without saying how, it is refused at the field, and nothing is recorded.
    await page.getByRole('button', { name: 'Record the acknowledgement' }).click();
    await expect.poll(() => page.locator('[data-action="acknowledge"] .govuk-error-summary').textContent()).toContain('via');
    await checkedPage(page, 'tasks-02-acknowledge-error', problems);
    await page.locator('[data-action="acknowledge"]').getByLabel('Telephone').check();
    await page.getByRole('button', { name: 'Record the acknowledgement' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain(`${reference}: the acknowledgement is recorded`);
    expect(await page.locator('[data-standing]').textContent()).not.toContain('Acknowledge by telephone');
    expect(await page.locator('[data-timeline] li').first().textContent()).toMatch(/^Acknowledged by Administration Manager · .+ · Telephone$/);
    expect(await page.locator('[data-timeline]').textContent()).toMatch(/Task for the Administration Manager by the workflow · .+ · Acknowledge by telephone, due /);
    // Acknowledged: no longer offered.
    expect(await page.locator('[data-action="acknowledge"]').count()).toBe(0);
    await checkedPage(page, 'tasks-03-acknowledged', problems);
    const stored = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(await on.stack.token('admin-manager')));
    expect(stored.json).toMatchObject({ acknowledgedVia: 'phone', tasks: [] });

    await page.getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Today’s work');
    expect(await task.count()).toBe(0);
    await page.context().close();
  });

  it('marks one of two tasks the workflow gave as done, chosen by what it is about', { timeout: 150_000 }, async () => {
    const reference = await phoneComplaint('Console tasks: a letter that may not have gone out');
    // The tasks two letters to post leave, each its own (made here directly: a mail outage takes half a minute to give them).
    const at = new Date().toISOString();
    const failed = [
      { type: 'email-failed', key: 'extension#4', due: at, createdAt: at, note: 'Tell the customer about the extension by letter or phone' },
      { type: 'email-failed', key: 'closing', due: at, createdAt: at, note: 'Send the closing letter by post or phone' },
    ];
    await on.stack.doc.send(
      new UpdateCommand({ TableName: on.stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, UpdateExpression: 'SET tasks = list_append(tasks, :t)', ExpressionAttributeValues: { ':t': failed } }),
    );
    const { page, problems } = await signInToConsole(on.browser, on.stack.apiUrl, 'admin-manager');
    await page.goto(new URL(`/staff/cases/${reference}`, on.stack.apiUrl).href);
    await expect.poll(() => page.locator('h1').textContent()).toBe(reference);
    await page.getByText('Mark a task as done').click();
    // Only the tasks done by hand are offered (the call ends with the acknowledgement), each by what it is about.
    const labels = () => page.locator('[data-action="task-done"] .govuk-radios__label').allTextContents();
    expect(await labels()).toEqual([
      expect.stringMatching(/^An email may not have gone out: check and send by hand by .+: Tell the customer about the extension by letter or phone$/),
      expect.stringMatching(/^An email may not have gone out: check and send by hand by .+: Send the closing letter by post or phone$/),
    ]);
    await checkedPage(page, 'tasks-04-mark-done', problems);
    await page.locator('[data-action="task-done"]').getByLabel(/Send the closing letter by post or phone/).check();
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await expect.poll(() => page.locator('[data-success]').textContent()).toContain('Done: An email may not have gone out: check and send by hand');
    expect(await page.locator('[data-timeline] li').first().textContent()).toContain('Task done by Administration Manager');
    // The other letter's task is still there, and still offered.
    await page.getByText('Mark a task as done').click();
    expect(await labels()).toEqual([expect.stringMatching(/Tell the customer about the extension by letter or phone$/)]);
    await checkedPage(page, 'tasks-05-marked-done', problems);
    const stored = await get(`${on.stack.apiUrl}/api/cases/${reference}`, bearer(await on.stack.token('admin-manager')));
    expect(stored.json.tasks.map((t: { type: string; key?: string }) => [t.type, t.key])).toEqual([['acknowledge-by-phone', undefined], ['email-failed', 'extension#4']]);
    await page.context().close();
  });
});
