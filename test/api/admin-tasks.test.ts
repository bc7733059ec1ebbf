import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { defaultPolicy } from '../../functions/domain/policy';
import { aComplaint } from '../support/mothers';
import { staffApi, startTestStack } from '../support/stack';
import { settled, timeline } from '../support/workflow';

/**
 * The Administration Manager's tasks done by hand, through the local stack: a complaint taken by
 * telephone from someone who prefers a call is acknowledged by hand and recorded as such (the task
 * to acknowledge ends); a task the workflow gave is marked done; what may not be done is refused
 * with a clear answer and changes nothing.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const api = staffApi(() => stack);
const view = async (reference: string) => (await api('GET', `/api/cases/${reference}`, 'admin-manager')).json;

/** A complaint taken by telephone yesterday from someone without email who prefers a call: the workflow gives the task to call. */
async function phoneComplaint(): Promise<{ reference: string; version: number; receivedOn: string }> {
  const receivedOn = calendar.londonDate(new Date(Date.now() - 24 * 3600 * 1000));
  const { email: _email, ...noEmail } = aComplaint({ function: 'fleet', preferredContact: 'phone', phone: '01234 567890' });
  const res = await api('POST', '/api/cases', 'receiver', { ...noEmail, channel: 'phone', receivedAt: receivedOn });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  const reference = res.json.reference as string;
  const { version } = await settled(stack, reference);
  return { reference, version, receivedOn };
}

describe('an acknowledgement made by hand', () => {
  it('is recorded with its way and day, ends the task to call, and shows in the timeline', { timeout: 60_000 }, async () => {
    const { reference, version, receivedOn } = await phoneComplaint();
    const before = await view(reference);
    expect(before.tasks).toEqual([expect.objectContaining({ type: 'acknowledge-by-phone', due: before.acknowledgeBy })]);
    expect(before.acknowledgedAt).toBeUndefined();

    const res = await api('POST', `/api/cases/${reference}/acknowledgement`, 'admin-manager', { via: 'phone', acknowledgedOn: receivedOn }, { 'if-match': `"${version}"` });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ acknowledgedVia: 'phone', acknowledgedAt: calendar.endOfDay(receivedOn).toISOString(), tasks: [] });
    const events = await timeline(stack, reference);
    expect(events.at(-1)).toMatchObject({ type: 'acknowledged', actor: { type: 'staff', id: 'admin-manager' }, data: { via: 'phone', on: receivedOn } });

    // Once is all: a second record is a conflict that says when and how it was made.
    const again = await api('POST', `/api/cases/${reference}/acknowledgement`, 'admin-manager', { via: 'letter' }, { 'if-match': `"${res.json.version}"` });
    expect(again.status).toBe(409);
    expect(again.json.message).toBe(`${reference} was already acknowledged (by phone, on ${receivedOn})`);
  });

  it('is refused to anyone but the Administration Manager, and for a bad way or day, naming the field', { timeout: 60_000 }, async () => {
    const { reference, version } = await phoneComplaint();
    for (const role of ['functional-head', 'ssm', 'receiver', 'cro'] as const) {
      const res = await api('POST', `/api/cases/${reference}/acknowledgement`, role, { via: 'phone' }, { 'if-match': `"${version}"` });
      expect(res.status, role).toBe(403);
    }
    const bad = await api('POST', `/api/cases/${reference}/acknowledgement`, 'admin-manager', { via: 'pigeon', acknowledgedOn: '2020-01-01' }, { 'if-match': `"${version}"` });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path)).toEqual(['via']);
    const early = await api('POST', `/api/cases/${reference}/acknowledgement`, 'admin-manager', { via: 'phone', acknowledgedOn: '2020-01-01' }, { 'if-match': `"${version}"` });
    expect(early.status).toBe(400);
    expect(early.json.issues).toEqual([{ path: 'acknowledgedOn', message: expect.stringContaining('cannot be before the case was received') }]);
    // Nothing changed.
    expect(await view(reference)).toMatchObject({ version, tasks: [expect.objectContaining({ type: 'acknowledge-by-phone' })] });
  });
});

describe('a task marked done', () => {
  it('is taken off the case, and a task the case does not have is a conflict', { timeout: 60_000 }, async () => {
    const { reference, version } = await phoneComplaint();
    // The task a letter that failed leaves (made here directly: a mail outage takes half a minute to give it).
    const failed = { type: 'email-failed', due: new Date().toISOString(), createdAt: new Date().toISOString(), note: 'Send the closing letter by post or phone' };
    await stack.doc.send(
      new UpdateCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, UpdateExpression: 'SET tasks = list_append(tasks, :t)', ExpressionAttributeValues: { ':t': [failed] } }),
    );
    const ifMatch = { 'if-match': `"${version}"` };
    const wrongTask = await api('POST', `/api/cases/${reference}/task-done`, 'admin-manager', { task: 'workflow-stopped' }, ifMatch);
    expect(wrongTask.status).toBe(409);
    expect(wrongTask.json.message).toBe(`${reference} has no task "workflow-stopped" to mark done`);
    const byHand = await api('POST', `/api/cases/${reference}/task-done`, 'admin-manager', { task: 'acknowledge-by-phone' }, ifMatch);
    expect(byHand.status).toBe(400);
    expect(byHand.json.issues.map((i: { path: string }) => i.path)).toEqual(['task']);
    expect((await api('POST', `/api/cases/${reference}/task-done`, 'functional-head', { task: 'email-failed' }, ifMatch)).status).toBe(403);

    const done = await api('POST', `/api/cases/${reference}/task-done`, 'admin-manager', { task: 'email-failed' }, ifMatch);
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json.tasks).toEqual([expect.objectContaining({ type: 'acknowledge-by-phone' })]);
    expect((await timeline(stack, reference)).at(-1)).toMatchObject({ type: 'task-done', actor: { type: 'staff', id: 'admin-manager' }, data: { task: 'email-failed', due: failed.due } });
  });

  it('of two tasks of a type, is the one its key names; without a key, a 400 names the keys', { timeout: 60_000 }, async () => {
    const { reference, version } = await phoneComplaint();
    const at = new Date().toISOString();
    const failed = [
      { type: 'email-failed', key: 'extension#4', due: at, createdAt: at, note: 'Tell the customer about the extension by letter or phone' },
      { type: 'email-failed', key: 'closing', due: at, createdAt: at, note: 'Send the closing letter by post or phone' },
    ];
    await stack.doc.send(
      new UpdateCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, UpdateExpression: 'SET tasks = list_append(tasks, :t)', ExpressionAttributeValues: { ':t': failed } }),
    );
    const ifMatch = { 'if-match': `"${version}"` };
    const which = await api('POST', `/api/cases/${reference}/task-done`, 'admin-manager', { task: 'email-failed' }, ifMatch);
    expect(which.status).toBe(400);
    expect(which.json.issues).toEqual([{ path: 'key', message: `${reference} has 2 "email-failed" tasks: say which (one of: extension#4, closing)` }]);
    const done = await api('POST', `/api/cases/${reference}/task-done`, 'admin-manager', { task: 'email-failed', key: 'closing' }, ifMatch);
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json.tasks.map((t: { type: string; key?: string }) => [t.type, t.key])).toEqual([['acknowledge-by-phone', undefined], ['email-failed', 'extension#4']]);
    expect((await timeline(stack, reference)).at(-1)).toMatchObject({ type: 'task-done', data: { task: 'email-failed', key: 'closing' } });
  });
});
