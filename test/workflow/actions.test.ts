import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/config/roles';
import { call } from '../support/http';
import { mailTo, mails } from '../support/mailbox';
import { aComplaint, aCompliment } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { finished, settled } from '../support/workflow';

/**
 * The complaint workflow (statemachines/complaint.asl.json) run by the local Step Functions
 * endpoint, driven by the staff API, on real working days: nothing here waits for a timer.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await post(`${stack.apiUrl}/api/public/submissions`, body);
  expect(res.status).toBe(201);
  return res.json.reference;
}

async function view(reference: string) {
  return (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: await stack.token('ssm') })).json;
}

async function act(role: Role, reference: string, action: string, body: Record<string, unknown>, user?: string) {
  const { version } = await settled(stack, reference);
  const res = await call(stack.apiUrl, 'POST', `/api/cases/${reference}/${action}`, {
    token: await stack.token(role, user ? { user } : {}),
    body: { ...body, expectedVersion: version },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

describe('receipt', () => {
  it('acknowledges by email at once with the reference, and tells the stage 1 owner', async () => {
    const reference = await submit(aComplaint({ function: 'operations' }));
    const ack = await mailTo(stack.mailboxUrl, { subject: reference, to: 'ann@example.com' });
    expect(ack.subject).toContain('received your complaint');
    expect(ack.text).toContain(reference);
    await mailTo(stack.mailboxUrl, { subject: `stage 1 of complaint ${reference}`, to: 'operations-head@bedsfire.example' });
    await settled(stack, reference);
    const c = await view(reference);
    expect(c).toMatchObject({ acknowledgedVia: 'email', stage: 1, owner: 'operations-head' });
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual(['received', 'tracking-link-issued', 'acknowledged', 'owner-assigned']);
  });

  it('gives the Administration Manager the acknowledgement as a task when the person prefers a call', async () => {
    const reference = await submit(aComplaint({ email: undefined, preferredContact: 'phone', function: 'prevention' }));
    await mailTo(stack.mailboxUrl, { subject: reference, to: 'admin-manager@bedsfire.example' });
    await settled(stack, reference);
    const c = await view(reference);
    expect(c.acknowledgedAt).toBeUndefined();
    expect(c.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'acknowledge-by-phone', due: c.acknowledgeBy })]));
    expect((await mails(stack.mailboxUrl)).filter((m) => m.subject.includes(reference) && m.to.includes('ann@example.com'))).toEqual([]);
  });

  it('tells the Duty Officer at once of an urgent submission', async () => {
    const reference = await submit(aComplaint({ urgent: true, summary: 'Hydrant leaking onto the road' }));
    await mailTo(stack.mailboxUrl, { subject: reference, to: 'duty-officer@bedsfire.example' });
  });

  it("thanks for a compliment, tells its function's Head, and ends", async () => {
    const reference = await submit(aCompliment({ email: 'grateful@example.com', name: 'Grace', function: 'fleet' }));
    await mailTo(stack.mailboxUrl, { subject: reference, to: 'grateful@example.com' });
    await mailTo(stack.mailboxUrl, { subject: reference, to: 'fleet-head@bedsfire.example' });
    expect(await finished(stack, reference)).toBe('SUCCEEDED');
    expect(await view(reference)).toMatchObject({ status: 'closed', closure: 'compliment-recorded' });
  });

  it('passes stage 1 to the Duty Officer when the Head and Deputy are unavailable', async () => {
    const admin = await stack.token('admin-manager');
    const dir = (await call(stack.apiUrl, 'GET', '/api/directory', { token: admin })).json;
    const { version, updatedAt: _a, updatedBy: _b, ...directory } = dir;
    const finance = directory.functions.find((f: { id: string }) => f.id === 'finance');
    finance.head.available = false;
    finance.deputy.available = false;
    expect((await call(stack.apiUrl, 'PUT', '/api/directory', { token: admin, body: { expectedVersion: version, directory } })).status).toBe(200);
    const reference = await submit(aComplaint({ function: 'finance' }));
    await mailTo(stack.mailboxUrl, { subject: `stage 1 of complaint ${reference}`, to: 'duty-officer@bedsfire.example' });
  });
});

describe('stage outcomes', () => {
  it('closes the case with the closing letter when the owner resolves it at stage 1', async () => {
    const reference = await submit(aComplaint({ function: 'operations' }));
    await act('functional-head', reference, 'outcome', { result: 'resolved', decision: 'partly-upheld', response: 'We are sorry for the trouble.', remedy: 'A written apology' });
    const letter = await mailTo(stack.mailboxUrl, { subject: `Our response to your complaint ${reference}`, to: 'ann@example.com' });
    expect(letter.text).toContain('We are sorry for the trouble.');
    expect(letter.text).toMatch(/Ombudsman/);
    expect(await finished(stack, reference)).toBe('SUCCEEDED');
  });

  it('moves to another Functional Head on "needs further action" and tells them and the Administration Manager', async () => {
    const reference = await submit(aComplaint({ function: 'operations' }));
    await act('functional-head', reference, 'outcome', { result: 'further-action', reason: 'Needs the fleet team', transferTo: 'fleet-deputy' });
    await mailTo(stack.mailboxUrl, { subject: `stage 2 of complaint ${reference}`, to: 'fleet-deputy@bedsfire.example' });
    await mailTo(stack.mailboxUrl, { subject: `Complaint ${reference} has moved to stage 2`, to: 'admin-manager@bedsfire.example' });
    await settled(stack, reference);
    expect(await view(reference)).toMatchObject({ stage: 2, owner: 'fleet-deputy' });
  });

  it('re-arms the timer on an extension and tells the customer why', async () => {
    const reference = await submit(aComplaint({ function: 'operations' }));
    await settled(stack, reference);
    const before = (await view(reference)).stages[0].deadline;
    const after = await act('functional-head', reference, 'extension', { workingDays: 5, reason: 'We are waiting for the fire engine’s tracking data' });
    expect(after.stages[0].deadline > before).toBe(true);
    expect(after.workflow).toEqual({ signalled: true });
    const notice = await mailTo(stack.mailboxUrl, { subject: `Your complaint ${reference}: we need more time`, to: 'ann@example.com' });
    expect(notice.text).toContain('tracking data');
    // The timer is armed again, on the new deadline.
    await settled(stack, reference);
    expect((await view(reference)).deadline).toBe(after.stages[0].deadline);
  });
});
