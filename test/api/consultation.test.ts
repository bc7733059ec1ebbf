import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/config/roles';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { defaultPolicy } from '../../functions/domain/policy';
import { mails, mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { staffApi, startTestStack } from '../support/stack';
import { execution, settled, timeline } from '../support/workflow';

/**
 * Public consultation comments through the local stack (service order section 2): forwarded by the
 * Consultation and Partnership Officer, they wait for the Administration Manager's decision (no
 * workflow, no acknowledgement); entered, the workflow runs as for any recorded case with the
 * acknowledgement due from the date the comment was received; kept out, they are closed with the
 * reason; either way the officer is emailed the decision and reads it on the case.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const api = staffApi(() => stack);

/** Three days ago (London): the day the comment reached the consultation. */
const receivedOn = () => calendar.londonDate(new Date(Date.now() - 3 * 24 * 3600 * 1000));

async function forward(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api('POST', '/api/cases', 'consultation-officer', {
    ...aComplaint({ email: `consultation.${Math.random().toString(36).slice(2)}@example.com` }),
    channel: 'consultation',
    consultationType: 'Service Improvement Plan',
    receivedAt: receivedOn(),
    ...overrides,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.reference;
}

const decide = (reference: string, body: Record<string, unknown>, role: Role = 'admin-manager', version = 1) =>
  api('POST', `/api/cases/${reference}/consultation-decision`, role, body, { 'if-match': `"${version}"` });

describe('forwarding a consultation comment', () => {
  it('logs it without starting a workflow or acknowledging it: it waits for the decision', async () => {
    const reference = await forward();
    const c = await api('GET', `/api/cases/${reference}`, 'admin-manager');
    expect(c.json).toMatchObject({ channel: 'consultation', status: 'open', stage: null, receivedOn: receivedOn(), consultation: { consultationType: 'Service Improvement Plan' } });
    await expect(execution(stack.stepFunctionsEndpoint, reference)).rejects.toThrow();
    expect((await timeline(stack, reference)).map((e) => e.type)).toEqual(['received']);
    expect((await mails(stack.mailboxUrl)).filter((m) => m.subject.includes(reference))).toEqual([]);
    const awaiting = await api('GET', '/api/cases?consultation=awaiting', 'admin-manager');
    expect(awaiting.json.items.map((i: { reference: string }) => i.reference)).toContain(reference);
  });

  it('refuses it without its type of consultation, or received in the future, naming the field', async () => {
    const res = await api('POST', '/api/cases', 'consultation-officer', { ...aComplaint(), channel: 'consultation', receivedAt: receivedOn() });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([{ path: 'consultationType', message: expect.stringContaining('required for a consultation comment') }]);
    const future = await api('POST', '/api/cases', 'consultation-officer', { ...aComplaint(), channel: 'consultation', consultationType: 'SIP', receivedAt: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.json.issues).toEqual([{ path: 'receivedAt', message: 'cannot be in the future' }]);
  });
});

describe("the Administration Manager's decision", () => {
  it('enters it as a complaint: the workflow starts, the acknowledgement due 7 working days from the date received', async () => {
    const reference = await forward();
    const res = await decide(reference, { decision: 'enter', kind: 'complaint', reason: 'A complaint about how long the crew took' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.headers.get('etag')).toBe('"2"');
    expect(res.json.acknowledgeBy).toBe(calendar.deadline(calendar.startOfDay(receivedOn()), 7).toISOString());
    await settled(stack, reference);
    const c = await api('GET', `/api/cases/${reference}`, 'admin-manager');
    expect(c.json).toMatchObject({ status: 'open', stage: 1, owner: 'operations-head', acknowledgedVia: 'email', consultation: { decision: { entered: true, decidedBy: 'admin-manager' } } });
    await mailTo(stack.mailboxUrl, { subject: `Consultation comment ${reference}: it enters`, to: 'consultation-officer@bedsfire.example' });
    // The officer reads the decision on the comment they forwarded, and follows the case.
    const seen = await api('GET', `/api/cases/${reference}`, 'consultation-officer');
    expect(seen.status).toBe(200);
    expect(seen.json.consultation.decision).toMatchObject({ entered: true, reason: 'A complaint about how long the crew took' });
  });

  it('keeps it out: closed as not entered with the reason; the officer is told, the person sent nothing', async () => {
    const reference = await forward();
    const res = await decide(reference, { decision: 'not-enter', reason: 'A view on the plan, answered in the consultation report' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ status: 'closed', closure: 'not-entered', stage: null, deadline: null });
    await mailTo(stack.mailboxUrl, { subject: `Consultation comment ${reference}: it does not enter`, to: 'consultation-officer@bedsfire.example' });
    await settled(stack, reference);
    const c = await api('GET', `/api/cases/${reference}`, 'consultation-officer');
    expect(c.json).toMatchObject({ status: 'closed', closure: 'not-entered', consultation: { decision: { entered: false, reason: 'A view on the plan, answered in the consultation report' } } });
    expect(c.json.tasks ?? []).toEqual([]);
    expect(c.json.stages).toEqual([]);
    expect((await mails(stack.mailboxUrl)).filter((m) => m.subject.includes(reference)).map((m) => m.to)).toEqual([['consultation-officer@bedsfire.example']]);
  });

  it('refuses a second decision (409), and a decision on a case that is not a consultation comment', async () => {
    const reference = await forward();
    expect((await decide(reference, { decision: 'not-enter', reason: 'Duplicate' })).status).toBe(200);
    const again = await decide(reference, { decision: 'enter', kind: 'complaint' }, 'admin-manager', 2);
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('was already decided (not to enter the procedure)');
    const phoned = await api('POST', '/api/cases', 'receiver', { ...aComplaint(), channel: 'phone', receivedAt: receivedOn() });
    await settled(stack, phoned.json.reference);
    const version = (await api('GET', `/api/cases/${phoned.json.reference}`, 'admin-manager')).json.version;
    const notComment = await decide(phoned.json.reference, { decision: 'enter', kind: 'complaint' }, 'admin-manager', version);
    expect(notComment.status).toBe(409);
    expect(notComment.json.message).toContain('is not a consultation comment');
  });

  it.each<[string, Record<string, unknown>, Array<{ path: string; message: string }>]>([
    ['no reason to keep it out', { decision: 'not-enter' }, [{ path: 'reason', message: 'required' }]],
    ['entering without saying as what', { decision: 'enter' }, [{ path: 'kind', message: 'required' }]],
    ['an unknown decision', { decision: 'later' }, [{ path: 'decision', message: 'expected decision "enter" or "not-enter"' }]],
  ])('refuses %s (400 naming the field), changing nothing', async (_what, body, issues) => {
    const reference = await forward();
    const res = await decide(reference, body);
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual(issues);
    expect((await api('GET', `/api/cases/${reference}`, 'admin-manager')).json.version).toBe(1);
  });

  it.each<Role>(['consultation-officer', 'functional-head', 'receiver', 'ssm', 'cro'])('refuses the decision from the %s (403)', async (role) => {
    const reference = await forward();
    const res = await decide(reference, { decision: 'not-enter', reason: 'Not mine to decide' }, role);
    expect(res.status).toBe(403);
  });

  it('refuses other changes while the decision is awaited (409)', async () => {
    const reference = await forward();
    const res = await api('POST', `/api/cases/${reference}/owner`, 'admin-manager', {}, { 'if-match': '"1"' });
    expect(res.status).toBe(409);
    expect(res.json.message).toContain("awaiting the Administration Manager's decision");
  });
});
