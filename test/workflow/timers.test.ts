import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/http';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { finished } from '../support/workflow';

/**
 * The workflow's timers, with a working day of waiting lasting a tenth of a second (each 10-day
 * stage then waits 1 s). Recorded deadlines stay the real working-day dates.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack({ workingDaySeconds: 0.1 });
});
afterAll(async () => stack?.stop());

describe('when nobody acts', () => {
  it('moves to stage 2 at the deadline, then stage 3, then sends the Ombudsman letter and closes', async () => {
    const res = await post(`${stack.apiUrl}/api/public/submissions`, aComplaint({ function: 'protection' }));
    const reference = res.json.reference as string;
    await mailTo(stack.mailboxUrl, { subject: `We have received your complaint: reference ${reference}`, to: 'ann@example.com' });
    await mailTo(stack.mailboxUrl, { subject: `You own stage 1 of complaint ${reference}`, to: 'protection-head@bedsfire.example' });
    await mailTo(stack.mailboxUrl, { subject: `Complaint ${reference} has moved to stage 2`, to: 'admin-manager@bedsfire.example' });
    // Nobody chosen for stage 2 by the timer: the Administration Manager is asked to assign one.
    await mailTo(stack.mailboxUrl, { subject: `Task: assign an owner to ${reference}`, to: 'admin-manager@bedsfire.example' });
    await mailTo(stack.mailboxUrl, { subject: `Complaint ${reference} has moved to stage 3`, to: 'admin-manager@bedsfire.example' });
    await mailTo(stack.mailboxUrl, { subject: `You own stage 3 of complaint ${reference}`, to: 'cro@bedsfire.example' });
    const letter = await mailTo(stack.mailboxUrl, { subject: `Your complaint ${reference}: how to contact the Ombudsman`, to: 'ann@example.com' });
    expect(letter.text).toContain('Local Government and Social Care Ombudsman');
    expect(await finished(stack, reference)).toBe('SUCCEEDED');

    const c = (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: await stack.token('ssm') })).json;
    expect(c).toMatchObject({ status: 'closed', closure: 'ombudsman-referral', stage: null });
    // 10, 20, 30 working days in all: each stage starts at the deadline the one before it missed.
    expect(c.stages.map((s: { number: number; endedBy: string }) => [s.number, s.endedBy])).toEqual([
      [1, 'deadline'],
      [2, 'deadline'],
      [3, 'deadline'],
    ]);
    expect(c.stages[1].startedAt).toBe(c.stages[0].deadline);
    expect(c.stages[2].startedAt).toBe(c.stages[1].deadline);
    expect(c.timeline.filter((e: { type: string }) => e.type === 'stage-escalated')).toHaveLength(3);
  });
});
