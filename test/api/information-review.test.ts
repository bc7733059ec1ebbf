import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory, functionalOwners } from '../../functions/domain/staff';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { staffApi, startTestStack } from '../support/stack';
import { finished, settled, timeline, workflowItem } from '../support/workflow';

/**
 * Information-request reviews through the local stack: the Administration Manager refers an open
 * complaint to Legal & Governance (the stage ends; the workflow waits without escalating); Legal &
 * Governance extend it once (the customer is emailed why, with the ICO's details) and record the
 * outcome (closed; the closing letter names the ICO); who may do what, and bad input, answered clearly.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const ICO = defaultPolicy.informationCommissioner;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const api = staffApi(() => stack);
const view = async (reference: string) => (await api('GET', `/api/cases/${reference}`, 'admin-manager')).json;

/** A complaint by email, at stage 1 with its owner told, its workflow waiting. */
async function complaint(): Promise<{ reference: string; version: number; email: string }> {
  const email = `review.${Math.random().toString(36).slice(2)}@example.com`;
  const res = await api('POST', '/api/cases', 'receiver', { ...aComplaint({ email }), channel: 'email', receivedAt: calendar.londonDate(new Date()) });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  const reference = res.json.reference as string;
  const { version } = await settled(stack, reference);
  return { reference, version, email };
}

const refer = (reference: string, version: number, body: unknown = { request: 'foi', note: 'About FOI 2026/17' }, role: Parameters<typeof api>[2] = 'admin-manager') =>
  api('POST', `/api/cases/${reference}/information-review`, role, body, { 'if-match': `"${version}"` });

describe('referring a complaint to Legal & Governance', () => {
  it('ends the stage; the review, due in 20 working days, is what the case waits for, and the workflow waits without escalating', { timeout: 60_000 }, async () => {
    const { reference, version } = await complaint();
    const before = await view(reference);
    expect(before.stage).toBe(1);
    const res = await refer(reference, version);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const deadline = calendar.deadline(new Date(res.json.informationReview.referredAt), 20).toISOString();
    expect(res.json).toMatchObject({
      status: 'open',
      stage: null,
      owner: null,
      deadline,
      nextDeadline: deadline,
      informationReview: { request: 'foi', note: 'About FOI 2026/17', referredBy: 'admin-manager', fromStage: 1, deadline },
      workflow: { signalled: true },
    });
    expect(res.json.stages[0]).toMatchObject({ endedBy: 'information-review' });
    expect(res.headers.get('etag')).toBe(`"${version + 1}"`);
    // The workflow armed its wait again on the case under review: no stage started. Legal & Governance are
    // asked to review it (at the directory's address for the team), and the stage 1 owner told their stage ended.
    const directory = defaultDirectory(defaultPolicy);
    const asked = await mailTo(stack.mailboxUrl, { subject: `Complaint ${reference} referred to you for review`, to: directory.legalGovernance!.email });
    expect(asked.text).toContain('how we handled a Freedom of Information request');
    expect(asked.text).toContain('About FOI 2026/17');
    await mailTo(stack.mailboxUrl, { subject: `Complaint ${reference} has gone to Legal & Governance`, to: functionalOwners(directory).get(before.owner)!.email });
    const after = await settled(stack, reference);
    expect(after.version).toBe(version + 1);
    expect((await workflowItem(stack, reference))?.armedVersion).toBe(version + 1);
    expect((await timeline(stack, reference)).at(-1)).toMatchObject({ type: 'information-review-referred', data: { request: 'foi', fromStage: 1, deadline } });
    expect((await view(reference)).stages).toHaveLength(1);
    // Legal & Governance find it by the list of open cases with a review.
    const list = await api('GET', '/api/cases?status=open', 'legal-governance');
    expect(list.json.items.find((i: { reference: string }) => i.reference === reference)).toMatchObject({ informationReview: { request: 'foi', deadline } });
  });

  it.each<[string, unknown, string]>([
    ['no kind of request', {}, 'request'],
    ['an unknown kind', { request: 'gossip' }, 'request'],
    ['an unknown field', { request: 'foi', owner: 'legal-governance' }, 'owner'],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_what, body, path) => {
    const { reference, version } = await complaint();
    const res = await refer(reference, version, body);
    expect(res.status).toBe(400);
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect((await view(reference)).version).toBe(version);
  });

  it.each(['functional-head', 'legal-governance', 'cro', 'ssm', 'receiver'] as const)('refuses the role %s (403)', async (role) => {
    const { reference, version } = await complaint();
    const res = await refer(reference, version, { request: 'foi' }, role);
    expect(res.status).toBe(403);
    expect((await view(reference)).version).toBe(version);
  });

  it('refuses a stale version (409) and a change without one (428)', async () => {
    const { reference, version } = await complaint();
    expect((await refer(reference, version - 1)).status).toBe(409);
    expect((await api('POST', `/api/cases/${reference}/information-review`, 'admin-manager', { request: 'foi' })).status).toBe(428);
  });
});

describe("Legal & Governance's review", () => {
  it('extends it once (the customer is told why, with the ICO), then records the outcome: closed, and the closing letter names the ICO', { timeout: 90_000 }, async () => {
    const { reference, version, email } = await complaint();
    const referred = await refer(reference, version);
    const v = referred.json.version as number;
    await settled(stack, reference);

    // While it is under review, the stage's changes are refused.
    const outcome = await api('POST', `/api/cases/${reference}/outcome`, 'functional-head', { result: 'resolved', decision: 'upheld', response: 'x' }, { 'if-match': `"${v}"` });
    expect(outcome.status).toBe(403);
    const assign = await api('POST', `/api/cases/${reference}/owner`, 'admin-manager', {}, { 'if-match': `"${v}"` });
    expect(assign.status).toBe(409);
    expect(assign.json.message).toContain('is under review by Legal & Governance');
    const again = await refer(reference, v);
    expect(again.status).toBe(409);

    // Only Legal & Governance extend it, within the policy's most.
    const byAdmin = await api('POST', `/api/cases/${reference}/information-review/extension`, 'admin-manager', { workingDays: 5, reason: 'x' }, { 'if-match': `"${v}"` });
    expect(byAdmin.status).toBe(403);
    const tooLong = await api('POST', `/api/cases/${reference}/information-review/extension`, 'legal-governance', { workingDays: 21, reason: 'x' }, { 'if-match': `"${v}"` });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.issues).toEqual([{ path: 'workingDays', message: 'at most 20 working days (a review takes at most 40 in all)' }]);
    const extended = await api('POST', `/api/cases/${reference}/information-review/extension`, 'legal-governance', { workingDays: 10, reason: 'We must consult the <third party> named in the request' }, { 'if-match': `"${v}"` });
    expect(extended.status, JSON.stringify(extended.json)).toBe(200);
    expect(extended.json.informationReview.extension).toMatchObject({ workingDays: 10, by: 'legal-governance' });
    const told = await mailTo(stack.mailboxUrl, { subject: `Your complaint ${reference}: the review needs more time`, to: email });
    expect(told.text).toContain('We must consult the <third party> named in the request');
    expect(told.html).toContain('&lt;third party&gt;');
    expect(told.text).toContain(ICO.name);
    const second = await api('POST', `/api/cases/${reference}/information-review/extension`, 'legal-governance', { workingDays: 1, reason: 'Again' }, { 'if-match': `"${extended.json.version}"` });
    expect(second.status).toBe(409);

    // The outcome: only Legal & Governance; closes the case; the letter names the ICO.
    const { version: v2 } = await settled(stack, reference);
    const decision = { decision: 'partly-upheld', response: 'We answered your request late, and we are sorry.', lessonsLearned: 'Log requests on the day they arrive' };
    expect((await api('POST', `/api/cases/${reference}/information-review/outcome`, 'cro', decision, { 'if-match': `"${v2}"` })).status).toBe(403);
    const bad = await api('POST', `/api/cases/${reference}/information-review/outcome`, 'legal-governance', { decision: 'resolved' }, { 'if-match': `"${v2}"` });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path)).toEqual(['decision', 'response']);
    const decided = await api('POST', `/api/cases/${reference}/information-review/outcome`, 'legal-governance', decision, { 'if-match': `"${v2}"` });
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    expect(decided.json).toMatchObject({ status: 'closed', closure: 'information-review', informationReview: { outcome: { decision: 'partly-upheld', decidedBy: 'legal-governance' } } });
    const letter = await mailTo(stack.mailboxUrl, { subject: `The review of your complaint ${reference}`, to: email });
    expect(letter.text).toContain('We answered your request late, and we are sorry.');
    expect(letter.text).toContain(ICO.name);
    expect(letter.text).toContain(ICO.phone!);
    expect(letter.text).not.toContain(defaultPolicy.ombudsman.name);
    expect(await finished(stack, reference)).toBe('SUCCEEDED');
    expect((await timeline(stack, reference)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['information-review-referred', 'information-review-extended', 'information-review-decided']),
    );
  });
});
