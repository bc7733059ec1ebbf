import { describe, expect, it } from 'vitest';
import { acknowledgeByHand, completeTask } from '../../functions/domain/admin-tasks';
import type { CaseTask } from '../../functions/domain/case';
import { CompleteTask, RecordAcknowledgement, TASKS_DONE_BY_HAND } from '../../functions/domain/commands';
import { InvalidStateError, ValidationError } from '../../functions/domain/errors';
import { toIssues } from '../../functions/domain/validation';
import * as z from '../../functions/domain/zod';
import { aClosedComplaint, aNewComplaint, aNewCompliment, RECEIVED_AT } from '../support/case-mothers';
import { ruleContext, staff } from '../support/cases';

/*
 * The Administration Manager's tasks done by hand (functions/domain/admin-tasks.ts): an
 * acknowledgement by letter, telephone or an email sent by hand, with the day it was made; and a
 * task the workflow gave, marked done once handled. The case was received on Monday 2 March 2026;
 * its acknowledgement is due by the end of Wednesday 11 March.
 */

const THU_5_MAR = new Date('2026-03-05T15:00:00Z');
const admin = ruleContext(staff.admin, THU_5_MAR);
const task = (type: CaseTask['type'], due = '2026-03-11T23:59:59.999Z'): CaseTask => ({ type, due, createdAt: RECEIVED_AT });
const issues = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};
const parsed = <S extends z.ZodMiniType>(schema: S, body: unknown) => {
  const r = z.safeParse(schema, body);
  return r.success ? { ok: r.data } : { issues: toIssues(r.error).map((i) => `${i.path}: ${i.message}`) };
};

describe('an acknowledgement made by hand', () => {
  it('is recorded as made today, by that way, and ends the tasks to acknowledge (keeping the others)', () => {
    const c = aNewComplaint({ tasks: [task('acknowledge-by-letter'), task('assign-owner'), task('acknowledgement-email-failed')] });
    const { case: next, event } = acknowledgeByHand(c, { via: 'letter' }, admin);
    expect(next).toMatchObject({ acknowledgedAt: THU_5_MAR.toISOString(), acknowledgedVia: 'letter', version: c.version + 1 });
    expect(next.tasks).toEqual([task('assign-owner')]);
    expect(event).toEqual({ reference: c.reference, at: THU_5_MAR.toISOString(), type: 'acknowledged', actor: { type: 'staff', id: 'admin-manager' }, version: c.version + 1, data: { via: 'letter' } });
  });

  it('made on an earlier day: counted as the end of that London day, the day in the timeline', () => {
    const { case: next, event } = acknowledgeByHand(aNewComplaint(), { via: 'phone', acknowledgedOn: '2026-03-03' }, admin);
    expect(next.acknowledgedAt).toBe('2026-03-03T23:59:59.999Z');
    expect(event.data).toEqual({ via: 'phone', on: '2026-03-03' });
    // The day of receipt itself will do; today's date is today's time.
    expect(acknowledgeByHand(aNewComplaint(), { via: 'email', acknowledgedOn: '2026-03-02' }, admin).case.acknowledgedAt).toBe('2026-03-02T23:59:59.999Z');
    const today = acknowledgeByHand(aNewComplaint(), { via: 'email', acknowledgedOn: '2026-03-05' }, admin);
    expect(today.case.acknowledgedAt).toBe(THU_5_MAR.toISOString());
    expect(today.event.data).toEqual({ via: 'email' });
  });

  it('in summer, an earlier day ends at 23:59 London time (22:59 UTC)', () => {
    const june = ruleContext(staff.admin, new Date('2026-06-12T09:00:00Z'));
    const c = aNewComplaint({ receivedAt: '2026-06-08T09:00:00.000Z', receivedOn: '2026-06-08' });
    expect(acknowledgeByHand(c, { via: 'letter', acknowledgedOn: '2026-06-10' }, june).case.acknowledgedAt).toBe('2026-06-10T22:59:59.999Z');
  });

  it('cannot be dated in the future or before the case was received', () => {
    expect(issues(() => acknowledgeByHand(aNewComplaint(), { via: 'letter', acknowledgedOn: '2026-03-06' }, admin))).toEqual(['acknowledgedOn: cannot be in the future']);
    expect(issues(() => acknowledgeByHand(aNewComplaint(), { via: 'letter', acknowledgedOn: '2026-03-01' }, admin))).toEqual([
      'acknowledgedOn: cannot be before the case was received (2026-03-02)',
    ]);
  });

  it('is refused for a compliment, and for a complaint already acknowledged (saying how and when)', () => {
    expect(() => acknowledgeByHand(aNewCompliment(), { via: 'letter' }, admin)).toThrow(new InvalidStateError('CC-2026-00001 is a compliment: it is thanked, not acknowledged'));
    const done = aNewComplaint({ acknowledgedAt: '2026-03-03T09:00:00.000Z', acknowledgedVia: 'phone' });
    expect(() => acknowledgeByHand(done, { via: 'letter' }, admin)).toThrow(new InvalidStateError('CC-2026-00001 was already acknowledged (by phone, on 2026-03-03)'));
    const byEmail = aNewComplaint({ acknowledgedAt: '2026-03-02T10:00:05.000Z' });
    expect(() => acknowledgeByHand(byEmail, { via: 'letter' }, admin)).toThrow('(by email, on 2026-03-02)');
  });

  it('may be recorded on a closed complaint (the report counts it)', () => {
    expect(acknowledgeByHand(aClosedComplaint(), { via: 'letter', acknowledgedOn: '2026-03-04' }, admin).case.acknowledgedVia).toBe('letter');
  });

  it('takes letter, phone or email, and a real date', () => {
    expect(parsed(RecordAcknowledgement, { via: 'letter', acknowledgedOn: '2026-03-04', expectedVersion: 2 })).toEqual({ ok: { via: 'letter', acknowledgedOn: '2026-03-04', expectedVersion: 2 } });
    expect(parsed(RecordAcknowledgement, { via: 'post' })).toEqual({ issues: ['via: expected how it was made: email, letter, phone'] });
    expect(parsed(RecordAcknowledgement, {})).toEqual({ issues: ['via: expected how it was made: email, letter, phone'] });
    expect(parsed(RecordAcknowledgement, { via: 'phone', acknowledgedOn: '2026-02-30' }).issues).toHaveLength(1);
    expect(parsed(RecordAcknowledgement, { via: 'phone', note: 'x' }).issues).toHaveLength(1);
  });
});

describe('a task marked done', () => {
  it('leaves the case without that task, saying which and when it was due, open or closed', () => {
    const failed = task('email-failed', '2026-03-04T15:00:00.000Z');
    const c = aNewComplaint({ tasks: [task('acknowledge-by-letter'), failed] });
    const { case: next, event } = completeTask(c, { task: 'email-failed' }, admin);
    expect(next.tasks).toEqual([task('acknowledge-by-letter')]);
    expect(event).toMatchObject({ type: 'task-done', actor: { type: 'staff', id: 'admin-manager' }, version: c.version + 1, data: { task: 'email-failed', due: '2026-03-04T15:00:00.000Z' } });
    const closed = aClosedComplaint({ tasks: [task('workflow-stopped')] });
    expect(completeTask(closed, { task: 'workflow-stopped' }, admin).case.tasks).toEqual([]);
  });

  it('of several of its type, is the one its key names; without a key, says which keys there are', () => {
    const closing: CaseTask = { ...task('email-failed'), key: 'closing' };
    const extension: CaseTask = { ...task('email-failed', '2026-03-04T15:00:00.000Z'), key: 'extension#4' };
    const c = aNewComplaint({ tasks: [closing, extension] });
    const { case: next, event } = completeTask(c, { task: 'email-failed', key: 'extension#4' }, admin);
    expect(next.tasks).toEqual([closing]);
    expect(event.data).toStrictEqual({ task: 'email-failed', due: '2026-03-04T15:00:00.000Z', key: 'extension#4' });
    expect(() => completeTask(c, { task: 'email-failed' }, admin)).toThrow(
      new ValidationError([{ path: 'key', message: 'CC-2026-00001 has 2 "email-failed" tasks: say which (one of: closing, extension#4)' }]),
    );
    expect(() => completeTask(c, { task: 'email-failed', key: 'thanks' }, admin)).toThrow(new InvalidStateError('CC-2026-00001 has no task "email-failed" for "thanks" to mark done'));
    // The only task of its type needs no key, and its key is said.
    expect(completeTask(aNewComplaint({ tasks: [closing] }), { task: 'email-failed' }, admin).event.data).toStrictEqual({ task: 'email-failed', due: closing.due, key: 'closing' });
    // A task given before tasks had keys is the one meant without a key.
    const older = task('email-failed', '2026-03-02T15:00:00.000Z');
    expect(completeTask(aNewComplaint({ tasks: [closing, older] }), { task: 'email-failed' }, admin).case.tasks).toEqual([closing]);
  });

  it('is refused for a task the case does not have', () => {
    expect(() => completeTask(aNewComplaint(), { task: 'email-failed' }, admin)).toThrow(new InvalidStateError('CC-2026-00001 has no task "email-failed" to mark done'));
    expect(() => completeTask(aNewComplaint({ tasks: [task('email-failed')] }), { task: 'workflow-stopped' }, admin)).toThrow(InvalidStateError);
  });

  it('takes only the tasks done by hand: the others end by what they ask for', () => {
    expect(TASKS_DONE_BY_HAND).toEqual(['email-failed', 'workflow-stopped']);
    expect(parsed(CompleteTask, { task: 'workflow-stopped' })).toEqual({ ok: { task: 'workflow-stopped' } });
    expect(parsed(CompleteTask, { task: 'email-failed', key: 'extension#4' })).toEqual({ ok: { task: 'email-failed', key: 'extension#4' } });
    expect(parsed(CompleteTask, { task: 'email-failed', key: 4 })).toEqual({ issues: ['key: expected the key of the task (as the case lists it)'] });
    expect(parsed(CompleteTask, { task: 'email-failed', key: '' }).issues).toHaveLength(1);
    expect(parsed(CompleteTask, { task: 'email-failed', key: 'k'.repeat(101) }).issues).toHaveLength(1);
    expect(parsed(CompleteTask, { task: 'email-failed', key: 'k'.repeat(100) }).ok).toBeDefined();
    const refused = parsed(CompleteTask, { task: 'acknowledge-by-letter' });
    expect(refused).toEqual({
      issues: ['task: expected email-failed or workflow-stopped (record the acknowledgement to end an acknowledgement\'s task; choose an owner to end "assign-owner")'],
    });
  });
});
