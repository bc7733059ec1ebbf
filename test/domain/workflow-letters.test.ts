import { defaultDirectory } from '../../functions/domain/staff';
import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { currentStage, type AuditEvent, type Case, type StageRecord } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { ConcurrentUpdateError, StoreUnavailableError } from '../../functions/domain/errors';
import { MailerUnavailableError, MailRejectedError } from '../../functions/domain/mail';
import { defaultPolicy } from '../../functions/domain/policy';
import type { ScaledClock } from '../../functions/domain/ports';
import {
  acknowledge,
  acknowledgementFailed,
  closingLetter,
  closingLetterFailed,
  deadlinePassed,
  extensionNotice,
  prepareStage,
  stageWait,
  thankCompliment,
  type WorkflowDeps,
} from '../../functions/domain/workflow-steps';
import { aStoredCase, ruleContext, staff } from '../support/cases';
import { memoryPorts, MemoryCases, MemoryMailer, MemoryState } from '../support/memory-ports';
import { enGB } from '../support/texts';

/**
 * Each letter once (issue 7): a workflow step that fails after its email went out, and is run again
 * as the state machine's Retry runs it, never sends that email a second time. The ports are test
 * doubles here, so a fault can land exactly between the send and what follows it.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);

let cases: MemoryCases;
let state: MemoryState;
let mailer: MemoryMailer;
let clock: Date;
let d: WorkflowDeps;

beforeEach(() => {
  const ports = memoryPorts();
  ({ cases, state, mailer } = ports);
  clock = new Date('2026-03-02T10:05:00Z');
  d = { policy: defaultPolicy, texts: enGB, calendar, ...ports, now: () => clock };
});

/** What the state machine does with a step that throws one of the names it retries: run it again. */
async function retried<T>(step: () => Promise<T>): Promise<T> {
  await expect(step()).rejects.toThrow(Error);
  return step();
}

const REF = 'CC-2026-00001';
const onEvent = (type: AuditEvent['type']) => (e: AuditEvent) => e.type === type;

/** A stored complaint moved on by a staff or system rule. */
async function changed(rule: (c: Case, ctx: rules.RuleContext) => rules.Change, as = staff.admin): Promise<Case> {
  const c = (await cases.get(REF))!;
  const { case: next, event } = rule(c, ruleContext(as, clock));
  await cases.save(next, event, c.version);
  return next;
}

describe('each letter once, when the step fails after the email went out', () => {
  it.each([
    ['ConcurrentUpdateError', new ConcurrentUpdateError('a member of staff changed the case')],
    ['StoreUnavailableError', new StoreUnavailableError('the case store did not answer')],
  ])('acknowledges once when recording the acknowledgement throws %s', async (_name, error) => {
    cases.put(aStoredCase());
    cases.failOnce(onEvent('acknowledged'), error);
    const result = await retried(() => acknowledge(REF, d));
    expect(result).toEqual({ kind: 'complaint', via: 'email' });
    expect(mailer.to(`We have received your complaint: reference ${REF}`)).toHaveLength(1);
    expect((await cases.get(REF))?.acknowledgedVia).toBe('email');
  });

  it('tells the Duty Officer of an urgent complaint once, and acknowledges once', async () => {
    cases.put(aStoredCase({ urgent: true }));
    cases.failOnce(onEvent('acknowledged'), new ConcurrentUpdateError('changed'));
    await retried(() => acknowledge(REF, d));
    expect(mailer.sent.filter((m) => m.to.includes(defaultDirectory(defaultPolicy).dutyOfficer.email))).toHaveLength(1);
    expect(mailer.to('We have received your complaint')).toHaveLength(1);
  });

  it('records the acknowledgement instead of a task when only recording it kept failing', async () => {
    cases.put(aStoredCase());
    cases.failOnce(onEvent('acknowledged'), new StoreUnavailableError('down'));
    await expect(acknowledge(REF, d)).rejects.toThrow(StoreUnavailableError);
    await acknowledgementFailed(REF, d);
    const c = (await cases.get(REF))!;
    expect(c.acknowledgedVia).toBe('email');
    expect(c.tasks ?? []).toEqual([]);
    expect(mailer.sent.filter((m) => m.to.includes(defaultDirectory(defaultPolicy).administrationManager.email))).toEqual([]);
  });

  it('thanks for a compliment and tells the Head once when closing it throws', async () => {
    cases.put(aStoredCase({ kind: 'compliment', function: 'fleet', email: 'grace@example.com' }));
    cases.failOnce(onEvent('compliment-thanked'), new ConcurrentUpdateError('changed'));
    await retried(() => thankCompliment(REF, d));
    expect(mailer.to('Thank you for your compliment')).toHaveLength(1);
    expect(mailer.to('Compliment received')).toHaveLength(1);
    expect(await cases.get(REF)).toMatchObject({ status: 'closed', acknowledgedVia: 'email' });
  });

  it('tells the stage owner once when noting who was told throws', async () => {
    cases.put(aStoredCase({ function: 'operations' }));
    await changed(rules.startStageOne);
    state.failUpdateOnce((patch) => 'notifiedOwner' in patch);
    await retried(() => prepareStage(REF, d));
    expect(mailer.to(`You own stage 1 of complaint ${REF}`)).toHaveLength(1);
  });

  it('tells the Administration Manager of an escalation once, whichever step runs again', async () => {
    cases.put(aStoredCase({ function: 'operations' }));
    await changed(rules.startStageOne);
    const armed = await prepareStage(REF, d);
    clock = new Date((await cases.get(REF))!.stages[0]!.deadline);
    // The notice went out; noting the new stage failed. The retry finds the case moved on, and the next preparation must not tell again.
    state.failUpdateOnce((patch) => patch.notifiedStage === 2);
    await expect(deadlinePassed(REF, armed.version, d)).rejects.toThrow(StoreUnavailableError);
    expect(await deadlinePassed(REF, armed.version, d)).toEqual({ escalated: false });
    await prepareStage(REF, d);
    expect(mailer.to(`Complaint ${REF} has moved to stage 2`)).toHaveLength(1);
  });

  it('tells the customer of each extension once, and of a second extension again', async () => {
    cases.put(aStoredCase({ function: 'operations' }));
    await changed(rules.startStageOne);
    await changed((c, ctx) => rules.extendDeadline(c, { workingDays: 2, reason: 'Waiting for a witness' }, ctx), staff.opsHead);
    await extensionNotice(REF, d);
    await extensionNotice(REF, d);
    expect(mailer.to('we need more time')).toHaveLength(1);
    await changed((c, ctx) => rules.extendDeadline(c, { workingDays: 1, reason: 'Still waiting' }, ctx), staff.opsHead);
    await extensionNotice(REF, d);
    expect(mailer.to('we need more time')).toHaveLength(2);
  });

  it('sends the closing letter once, and the Administration Manager gets no task for a letter that went out', async () => {
    cases.put(aStoredCase({ function: 'operations' }));
    await changed(rules.startStageOne);
    await changed((c, ctx) => rules.recordOutcome(c, { expectedVersion: c.version, result: 'resolved', decision: 'upheld', response: 'We are sorry.' }, ctx), staff.opsHead);
    await closingLetter(REF, d);
    await closingLetter(REF, d);
    expect(await closingLetterFailed(REF, d)).toEqual({ sent: true });
    expect(mailer.to(`Our response to your complaint ${REF}`)).toHaveLength(1);
    expect((await cases.get(REF))?.tasks ?? []).toEqual([]);
  });
});

describe('a letter the mailer did not take', () => {
  it.each([
    ['unreachable', new MailerUnavailableError('SES is not available now')],
    ['refusing it', new MailRejectedError('SES refused the message')],
  ])('is sent by the retry when SES was %s', async (_why, error) => {
    cases.put(aStoredCase());
    mailer.failOnce(error);
    await retried(() => acknowledge(REF, d));
    expect(mailer.to('We have received your complaint')).toHaveLength(1);
    expect((await cases.get(REF))?.acknowledgedVia).toBe('email');
  });
});

describe('a letter whose sending was cut short', () => {
  it('is not sent again but handed to the Administration Manager to check', async () => {
    cases.put(aStoredCase());
    // Not a mailer error: the attempt ended without knowing whether the message went out.
    mailer.failOnce(new Error('socket hang up'));
    await expect(acknowledge(REF, d)).rejects.toThrow('socket hang up');
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'task' });
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'task' });
    const c = (await cases.get(REF))!;
    expect(mailer.to('We have received your complaint')).toEqual([]);
    expect(c.acknowledgedAt).toBeUndefined();
    expect(c.tasks).toEqual([expect.objectContaining({ type: 'acknowledgement-email-failed', due: c.acknowledgeBy, note: expect.stringMatching(/may not have gone out/) })]);
    expect((await cases.timeline(REF)).filter((e) => e.type === 'task-created')).toHaveLength(1);
  });
});

describe('the wait for a stage outcome', () => {
  const stage: StageRecord = {
    number: 1,
    owner: 'operations-head',
    owners: ['operations-head'],
    startedAt: '2026-03-02T10:00:00.000Z',
    // 10 working days after Monday 2 March 2026.
    deadline: calendar.deadline(new Date('2026-03-02T10:00:00Z'), 10).toISOString(),
    extendedBy: 0,
  };
  const at = (iso: string) => new Date(iso);
  const armedAt: ScaledClock = { stage: 1, stageStartedAt: stage.startedAt, wall: '2026-03-02T10:05:00.000Z', from: '2026-03-02T10:05:00.000Z' };

  it.each([
    ['in AWS, lasts until the deadline', undefined, '2026-03-16T23:59:00Z', undefined, 60],
    ['when first armed in a demo, lasts the whole stage, scaled', undefined, '2026-03-02T10:05:00Z', 3, 30],
    ['armed again 12 s later (a restart), lasts only what is left', armedAt, '2026-03-02T10:05:12Z', 3, 18],
    ['armed again after its end passed (the stack was down), ends at once', armedAt, '2026-03-02T10:06:00Z', 3, 1],
  ])('%s', (_what, clockBefore, now, workingDaySeconds, waitSeconds) => {
    expect(stageWait(stage, clockBefore, at(now), calendar, workingDaySeconds).waitSeconds).toBe(waitSeconds);
  });

  it('adds just the days of an extension', () => {
    const extended = { ...stage, deadline: calendar.endOfDay(calendar.addWorkingDays(calendar.londonDate(new Date(stage.deadline)), 2)).toISOString() };
    expect(stageWait(extended, armedAt, at('2026-03-02T10:05:12Z'), calendar, 3).waitSeconds).toBe(18 + 6);
  });

  it('starts a new scaled clock for a new stage', () => {
    const stageTwo: StageRecord = { ...stage, number: 2, startedAt: stage.deadline, deadline: calendar.deadline(new Date(stage.deadline), 10).toISOString() };
    const wait = stageWait(stageTwo, armedAt, at('2026-03-02T10:05:40Z'), calendar, 3);
    expect(wait).toEqual({ waitSeconds: 30, clock: { stage: 2, stageStartedAt: stageTwo.startedAt, wall: '2026-03-02T10:05:40.000Z', from: stageTwo.startedAt } });
  });

  it('starts a new scaled clock for a stage of the same number that started at another moment', () => {
    const restarted: StageRecord = { ...stage, startedAt: '2026-03-02T10:05:30.000Z' };
    const wait = stageWait(restarted, armedAt, at('2026-03-02T10:05:40Z'), calendar, 3);
    expect(wait.clock).toEqual({ stage: 1, stageStartedAt: restarted.startedAt, wall: '2026-03-02T10:05:40.000Z', from: '2026-03-02T10:05:40.000Z' });
  });

  it('keeps the scaled clock in the workflow state, so preparing the stage again waits only for the rest', async () => {
    d.workingDaySeconds = 3;
    cases.put(aStoredCase({ function: 'operations' }));
    expect((await prepareStage(REF, d)).waitSeconds).toBe(30);
    clock = new Date(clock.getTime() + 20_000);
    expect((await prepareStage(REF, d)).waitSeconds).toBe(10);
    clock = new Date(clock.getTime() + 60_000);
    expect((await prepareStage(REF, d)).waitSeconds).toBe(1);
    expect(currentStage((await cases.get(REF))!)?.number).toBe(1);
  });
});
