import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { currentStage, type AuditEvent, type Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { NotFoundError, StoreUnavailableError, TrackingLinkNotFoundError } from '../../functions/domain/errors';
import { MailerUnavailableError, UnsafeHeaderError } from '../../functions/domain/mail';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory, type Directory } from '../../functions/domain/staff';
import { hashTrackingToken, openTrackedCase } from '../../functions/domain/tracking';
import {
  acknowledge,
  acknowledgementFailed,
  awaitOutcome,
  closingLetter,
  closingLetterFailed,
  deadlinePassed,
  extensionNotice,
  prepareStage,
  runStep,
  thankCompliment,
  thanksFailed,
  workflowFault,
  type StepInput,
  type WorkflowDeps,
} from '../../functions/domain/workflow-steps';
import { aStoredCase, ruleContext, staff } from '../support/cases';
import { memoryPorts, MemoryCases, MemoryDirectory, MemoryMailer, MemoryState, MemoryTrackingLinks, MemoryWorkflow, sequentialTokens } from '../support/memory-ports';
import { enGB } from '../support/texts';

/**
 * The steps of the complaint workflow (DESIGN.md §2), each decision of each step as a table: who is
 * told what, which task the Administration Manager gets, and what the case records. The state
 * machine that orders them is tested in test/workflow/; here every port is an in-memory double.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const REF = 'CC-2026-00001';
const RECEIVED = new Date('2026-03-02T10:00:00Z');
/** Ten working days after Monday 2 March 2026; then ten more, and ten more. */
const STAGE_1_DEADLINE = '2026-03-16T23:59:59.999Z';
const STAGE_2_DEADLINE = '2026-03-30T22:59:59.999Z';
/** Seven working days after receipt. */
const ACKNOWLEDGE_BY = '2026-03-11T23:59:59.999Z';
/** From 10:05 on the day of receipt to the end of stage 1, in seconds. */
const STAGE_1_WAIT = Math.ceil((Date.parse(STAGE_1_DEADLINE) - Date.parse('2026-03-02T10:05:00Z')) / 1000);

/** The directory as the Administration Manager saved it: the same posts, held by named people. */
const directory: Directory = (() => {
  const d = defaultDirectory(defaultPolicy);
  const named = <P extends { id: string }>(p: P, name: string) => ({ ...p, name, email: `${name.toLowerCase().replace(' ', '.')}@bedsfire.example` });
  return {
    ...d,
    functions: d.functions.map((f) => (f.id === 'operations' ? { ...f, head: named(f.head, 'Olive Head'), deputy: named(f.deputy, 'Dan Deputy') } : f)),
    dutyOfficer: named(d.dutyOfficer, 'Duty Dee'),
    customerRelationsOfficer: named(d.customerRelationsOfficer, 'Cora Relations'),
    administrationManager: named(d.administrationManager, 'Ada Manager'),
    version: 1,
  };
})();
const EMAIL = {
  customer: 'ann@example.com',
  dutyOfficer: 'duty.dee@bedsfire.example',
  admin: 'ada.manager@bedsfire.example',
  opsHead: 'olive.head@bedsfire.example',
  opsDeputy: 'dan.deputy@bedsfire.example',
  cro: 'cora.relations@bedsfire.example',
};

let cases: MemoryCases;
let state: MemoryState;
let mailer: MemoryMailer;
let workflow: MemoryWorkflow;
let clock: Date;
let d: WorkflowDeps;

beforeEach(() => {
  const ports = memoryPorts(directory);
  ({ cases, state, mailer, workflow } = ports);
  clock = new Date('2026-03-02T10:05:00Z');
  d = { policy: defaultPolicy, texts: enGB, calendar, ...ports, now: () => clock };
});

/** A complaint (or compliment) as received from the public form, stored. */
const given = (overrides: Record<string, unknown> = {}) => cases.put(aStoredCase(overrides, RECEIVED));
const stored = async () => (await cases.get(REF))!;
const events = async (type: AuditEvent['type']) => (await cases.timeline(REF)).filter((e) => e.type === type);
const subjects = (address: string) => mailer.for(address).map((m) => m.subject);

/** What a member of staff (or the system, for the workflow's own rules) did to the stored case. */
async function changed(rule: (c: Case, ctx: rules.RuleContext) => rules.Change, as = staff.admin): Promise<Case> {
  const c = await stored();
  const { case: next, event } = rule(c, ruleContext(as, clock, { directory }));
  await cases.save(next, event, c.version);
  return next;
}
const furtherAction = (transferTo?: string) => (c: Case, ctx: rules.RuleContext) =>
  rules.recordOutcome(c, { expectedVersion: c.version, result: 'further-action', reason: 'The customer is not satisfied', ...(transferTo ? { transferTo } : {}) }, ctx);
const resolved = (c: Case, ctx: rules.RuleContext) =>
  rules.recordOutcome(c, { expectedVersion: c.version, result: 'resolved', decision: 'upheld', response: 'We are sorry: the crew should not have blocked your drive.' }, ctx);
const extended = (workingDays: number, reason: string) => (c: Case, ctx: rules.RuleContext) => rules.extendDeadline(c, { workingDays, reason }, ctx);

describe('step 2: acknowledge', () => {
  describe('tells the Duty Officer of an urgent submission, and of nothing else', () => {
    it.each([
      ['an urgent complaint', { urgent: true }, [`URGENT: possible danger to the public, ${REF}`]],
      ['an urgent compliment', { kind: 'compliment', urgent: true }, [`URGENT: possible danger to the public, ${REF}`]],
      ['a complaint that is not urgent', { urgent: false }, []],
      ['a compliment that is not urgent', { kind: 'compliment', urgent: false }, []],
    ])('%s', async (_what, overrides, toDutyOfficer) => {
      given(overrides);
      await acknowledge(REF, d);
      expect(subjects(EMAIL.dutyOfficer)).toEqual(toDutyOfficer);
    });

    it('tells the Duty Officer nothing about a case that is not urgent', async () => {
      given({ urgent: false });
      await acknowledge(REF, d);
      expect(mailer.sent.filter((m) => m.subject.startsWith('URGENT'))).toEqual([]);
      expect((await state.get(REF)).letters).not.toHaveProperty('urgent');
    });

    it('does not tell the Duty Officer again of a case alerted before letters were claimed one by one', async () => {
      given({ urgent: true });
      await state.update(REF, { dutyOfficerTold: true });
      await acknowledge(REF, d);
      expect(subjects(EMAIL.dutyOfficer)).toEqual([]);
    });

    it('tells the Duty Officer once however often the step runs', async () => {
      given({ urgent: true });
      await acknowledge(REF, d);
      await acknowledge(REF, d);
      expect(subjects(EMAIL.dutyOfficer)).toHaveLength(1);
      expect(mailer.for(EMAIL.dutyOfficer)[0]!.text).toContain(REF);
    });
  });

  describe('acknowledges a complaint the way the person asked to be contacted', () => {
    it.each([
      // preferred contact, the person's email, what the step answers, the customer's emails, the task, the Administration Manager's emails
      ['email', EMAIL.customer, 'email', [`We have received your complaint: reference ${REF}`], [], []],
      ['phone', EMAIL.customer, 'task', [], ['acknowledge-by-phone'], [`Task: acknowledge ${REF} by telephone`]],
      ['letter', EMAIL.customer, 'task', [], ['acknowledge-by-letter'], [`Task: acknowledge ${REF} by letter`]],
      ['phone', undefined, 'task', [], ['acknowledge-by-phone'], [`Task: acknowledge ${REF} by telephone`]],
      ['letter', undefined, 'task', [], ['acknowledge-by-letter'], [`Task: acknowledge ${REF} by letter`]],
    ])('preferring %s, email %s: by %s', async (preferredContact, email, via, toCustomer, tasks, toAdmin) => {
      given({ preferredContact, email });
      expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via });
      expect(mailer.for(EMAIL.customer).map((m) => m.subject)).toEqual(toCustomer);
      const c = await stored();
      expect((c.tasks ?? []).map((t) => t.type)).toEqual(tasks);
      expect(subjects(EMAIL.admin)).toEqual(toAdmin);
    });

    it('phones a person who asked for a phone call, even though they gave an email address', async () => {
      given({ preferredContact: 'phone', email: EMAIL.customer, phone: '01234 567890' });
      expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'task' });
      const c = await stored();
      expect(mailer.for(EMAIL.customer)).toEqual([]);
      expect(c.acknowledgedAt).toBeUndefined();
      expect(c.tasks).toEqual([{ type: 'acknowledge-by-phone', due: ACKNOWLEDGE_BY, createdAt: clock.toISOString() }]);
    });

    it('records an emailed acknowledgement, and tells the person when to expect an answer', async () => {
      given();
      await acknowledge(REF, d);
      const c = await stored();
      expect(c).toMatchObject({ acknowledgedAt: clock.toISOString(), acknowledgedVia: 'email', version: 2 });
      expect(c.tasks ?? []).toEqual([]);
      expect(mailer.for(EMAIL.customer)[0]!.text).toContain('We aim to reply to you by Monday 16 March 2026');
      expect((await events('acknowledged')).map((e) => [e.actor, e.data])).toEqual([[{ type: 'system' }, { via: 'email' }]]);
    });

    it('gives the Administration Manager the task once, and emails it once, however often the step runs', async () => {
      given({ preferredContact: 'letter' });
      await acknowledge(REF, d);
      await acknowledge(REF, d);
      expect(await events('task-created')).toHaveLength(1);
      expect(subjects(EMAIL.admin)).toEqual([`Task: acknowledge ${REF} by letter`]);
      expect(mailer.for(EMAIL.admin)[0]!.text).toContain('Due by Wednesday 11 March 2026');
    });
  });

  it.each([
    ['a compliment: thanked by its own step', { kind: 'compliment' }, undefined, { kind: 'compliment', via: 'thanks' }],
    ['a complaint already acknowledged by letter', {}, 'letter', { kind: 'complaint', via: 'letter' }],
    ['a complaint already acknowledged by phone', {}, 'phone', { kind: 'complaint', via: 'phone' }],
    ['a complaint acknowledged before the way was recorded: by email', {}, null, { kind: 'complaint', via: 'email' }],
  ] as const)('sends no acknowledgement for %s', async (_what, overrides, acknowledgedVia, answer) => {
    const c = aStoredCase(overrides, RECEIVED);
    cases.put(acknowledgedVia === undefined ? c : { ...c, acknowledgedAt: '2026-03-02T10:01:00.000Z', ...(acknowledgedVia ? { acknowledgedVia } : {}) });
    expect(await acknowledge(REF, d)).toEqual(answer);
    expect(mailer.sent).toEqual([]);
    expect((await stored()).version).toBe(1);
  });

  it('acknowledges by letter a person who chose email but whose address was since removed', async () => {
    const c = aStoredCase({}, RECEIVED);
    cases.put({ ...c, customer: { ...c.customer, email: undefined } });
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'task' });
    expect((await stored()).tasks?.map((t) => t.type)).toEqual(['acknowledge-by-letter']);
    expect(subjects(EMAIL.admin)).toEqual([`Task: acknowledge ${REF} by letter`]);
  });

  it('does not know a case that was never stored', async () => {
    await expect(acknowledge('CC-2026-09999', d)).rejects.toThrow(new NotFoundError('No case CC-2026-09999'));
  });
});

describe('step 2 failed for good: acknowledgementFailed', () => {
  it('records the acknowledgement when the email went out and only recording it failed', async () => {
    given();
    await state.settleLetter(REF, 'ack', { state: 'sent', at: clock.toISOString() });
    expect(await acknowledgementFailed(REF, d)).toEqual({ kind: 'complaint' });
    const c = await stored();
    expect(c).toMatchObject({ acknowledgedVia: 'email', acknowledgedAt: clock.toISOString() });
    expect(c.tasks ?? []).toEqual([]);
    expect(mailer.sent).toEqual([]);
  });

  it('gives the Administration Manager the task, once, when the email did not go out', async () => {
    given();
    expect(await acknowledgementFailed(REF, d)).toEqual({ kind: 'complaint' });
    expect(await acknowledgementFailed(REF, d)).toEqual({ kind: 'complaint' });
    const c = await stored();
    expect(c.acknowledgedAt).toBeUndefined();
    expect(c.tasks).toEqual([
      { type: 'acknowledgement-email-failed', due: ACKNOWLEDGE_BY, createdAt: clock.toISOString(), note: 'The acknowledgement email could not be sent' },
    ]);
    expect(await events('task-created')).toHaveLength(1);
    expect(subjects(EMAIL.admin)).toEqual([`Task: the acknowledgement email for ${REF} failed`]);
  });

  it('keeps the task on the case when the task email cannot be sent either', async () => {
    given();
    mailer.failOnce(new UnsafeHeaderError('a bug'));
    expect(await acknowledgementFailed(REF, d)).toEqual({ kind: 'complaint' });
    expect((await stored()).tasks?.map((t) => t.type)).toEqual(['acknowledgement-email-failed']);
    expect(mailer.sent).toEqual([]);
  });

  it('gives no task for a complaint already acknowledged another way', async () => {
    cases.put({ ...aStoredCase({}, RECEIVED), acknowledgedAt: '2026-03-02T11:00:00.000Z', acknowledgedVia: 'phone' });
    await acknowledgementFailed(REF, d);
    expect((await stored()).tasks ?? []).toEqual([]);
    expect(await events('task-created')).toEqual([]);
  });
});

describe('a compliment: thankCompliment and thanksFailed', () => {
  it.each([
    // what, the compliment, the emails sent, how it is recorded as thanked
    ['thanks the person and tells the Head of the function', { email: EMAIL.customer, function: 'operations' }, [
      [EMAIL.customer, `Thank you for your compliment: reference ${REF}`],
      [EMAIL.opsHead, `Compliment received: ${REF}`],
    ], 'email'],
    ['tells only the Head when the person left no email', { email: undefined, preferredContact: undefined, function: 'operations' }, [
      [EMAIL.opsHead, `Compliment received: ${REF}`],
    ], undefined],
    ['only thanks the person when no function is named', { email: EMAIL.customer, function: undefined }, [
      [EMAIL.customer, `Thank you for your compliment: reference ${REF}`],
    ], 'email'],
  ])('%s, and closes it', async (_what, overrides, sent, acknowledgedVia) => {
    given({ kind: 'compliment', ...overrides });
    expect(await thankCompliment(REF, d)).toEqual({ closed: true });
    expect(mailer.sent.map((m) => [m.to[0], m.subject])).toEqual(sent);
    const c = await stored();
    expect(c).toMatchObject({ status: 'closed', closure: 'compliment-recorded' });
    expect(c.acknowledgedVia).toBe(acknowledgedVia);
    expect((await events('compliment-thanked')).map((e) => e.data)).toEqual([{ via: acknowledgedVia ?? null }]);
  });

  it('tells no Head when the saved directory has none for the function', async () => {
    d.directory = new MemoryDirectory({ ...directory, functions: directory.functions.filter((f) => f.id !== 'operations') });
    given({ kind: 'compliment', function: 'operations' });
    expect(await thankCompliment(REF, d)).toEqual({ closed: true });
    expect(mailer.sent.map((m) => m.to[0])).toEqual([EMAIL.customer]);
    expect((await stored()).status).toBe('closed');
  });

  it('does nothing for a compliment already closed', async () => {
    given({ kind: 'compliment' });
    await thankCompliment(REF, d);
    const sent = mailer.sent.length;
    expect(await thankCompliment(REF, d)).toEqual({ closed: true });
    expect(mailer.sent).toHaveLength(sent);
    expect(await events('compliment-thanked')).toHaveLength(1);
  });

  it('closes the compliment when the thanks went out and only closing it failed', async () => {
    given({ kind: 'compliment' });
    await state.settleLetter(REF, 'thanks', { state: 'sent', at: clock.toISOString() });
    expect(await thanksFailed(REF, d)).toEqual({ closed: true });
    const c = await stored();
    expect(c).toMatchObject({ status: 'closed', acknowledgedVia: 'email' });
    expect(c.tasks ?? []).toEqual([]);
  });

  it('gives the Administration Manager one task when the thanks could not be sent', async () => {
    given({ kind: 'compliment' });
    expect(await thanksFailed(REF, d)).toEqual({ closed: false });
    expect(await thanksFailed(REF, d)).toEqual({ closed: false });
    const c = await stored();
    expect(c.status).toBe('open');
    expect(c.tasks).toEqual([{ type: 'email-failed', key: 'thanks', due: ACKNOWLEDGE_BY, createdAt: clock.toISOString(), note: 'The thank-you email could not be sent' }]);
    expect(await events('task-created')).toHaveLength(1);
  });

  it("gives the thanks' task beside another letter's", async () => {
    const other = { type: 'email-failed' as const, key: 'urgent', due: ACKNOWLEDGE_BY, createdAt: RECEIVED.toISOString() };
    cases.put({ ...aStoredCase({ kind: 'compliment' }, RECEIVED), tasks: [other] });
    await thanksFailed(REF, d);
    expect((await stored()).tasks!.map((t) => t.key)).toEqual(['urgent', 'thanks']);
  });

  it('gives no task for a compliment already closed', async () => {
    given({ kind: 'compliment' });
    await thankCompliment(REF, d);
    expect((await state.get(REF)).letters.thanks?.state).toBe('sent');
    expect(await thanksFailed(REF, d)).toEqual({ closed: false });
    expect(await events('task-created')).toEqual([]);
  });
});

describe('step 4 and every wait: prepareStage', () => {
  describe('starts stage 1 with the owner the procedure names, and tells that owner', () => {
    const unavailable = (who: 'head' | 'deputy' | 'both'): Directory => ({
      ...directory,
      functions: directory.functions.map((f) =>
        f.id !== 'operations' ? f : { ...f, head: { ...f.head, available: who === 'deputy' }, deputy: { ...f.deputy, available: who === 'head' } },
      ),
    });
    it.each([
      ['the Head of the function', directory, 'operations-head', EMAIL.opsHead],
      ['its Deputy when the Head is away', unavailable('head'), 'operations-deputy', EMAIL.opsDeputy],
      ['the Duty Officer when both are away', unavailable('both'), 'duty-officer', EMAIL.dutyOfficer],
    ])('%s', async (_who, saved, owner, email) => {
      d.directory = new MemoryDirectory(saved);
      given();
      const plan = await prepareStage(REF, d);
      expect(plan).toEqual({ closed: false, stage: 1, waitSeconds: STAGE_1_WAIT, version: 2 });
      expect(await stored()).toMatchObject({ stage: 1, owner, nextDeadline: STAGE_1_DEADLINE });
      expect(mailer.sent.map((m) => [m.to[0], m.subject])).toEqual([[email, `You own stage 1 of complaint ${REF}`]]);
      expect(await state.get(REF)).toMatchObject({ notifiedOwner: owner, notifiedStage: 1 });
    });
  });

  it('tells the owner once, however often the wait is armed again', async () => {
    given();
    await prepareStage(REF, d);
    await prepareStage(REF, d);
    clock = new Date('2026-03-05T09:00:00Z');
    expect((await prepareStage(REF, d)).version).toBe(2);
    expect(mailer.sent).toHaveLength(1);
    expect(await events('owner-assigned')).toHaveLength(1);
  });

  it('tells the new owner after a transfer, and the first again when the stage is handed back', async () => {
    given();
    await prepareStage(REF, d);
    await changed((c, ctx) => rules.assignOwner(c, { expectedVersion: c.version, owner: 'operations-deputy' }, ctx));
    await prepareStage(REF, d);
    await changed((c, ctx) => rules.assignOwner(c, { expectedVersion: c.version, owner: 'operations-head' }, ctx));
    await prepareStage(REF, d);
    expect(mailer.sent.map((m) => m.to[0])).toEqual([EMAIL.opsHead, EMAIL.opsDeputy, EMAIL.opsHead]);
    expect(await state.get(REF)).toMatchObject({ notifiedOwner: 'operations-head', notifiedStage: 1 });
  });

  it('asks the Administration Manager for an owner when the complaint names no function, once per stage', async () => {
    given({ function: undefined });
    const plan = await prepareStage(REF, d);
    await prepareStage(REF, d);
    const c = await stored();
    expect(plan).toMatchObject({ stage: 1, version: 3 });
    expect(c.owner).toBeNull();
    expect(c.tasks).toEqual([{ type: 'assign-owner', due: STAGE_1_DEADLINE, createdAt: clock.toISOString(), note: 'Stage 1 needs an owner' }]);
    expect(subjects(EMAIL.admin)).toEqual([`Task: assign an owner to ${REF}`]);
    expect(mailer.for(EMAIL.admin)[0]!.text).toContain('Due by Monday 16 March 2026');
    expect(await state.get(REF)).toMatchObject({ notifiedOwner: null, notifiedStage: 1 });
  });

  it('tells the Administration Manager that a case moved on because its owner asked for further action, and who owns it now', async () => {
    given();
    await prepareStage(REF, d);
    await changed(furtherAction('prevention-head'), staff.opsHead);
    const plan = await prepareStage(REF, d);
    expect(plan).toMatchObject({ closed: false, stage: 2 });
    const toAdmin = mailer.for(EMAIL.admin);
    expect(toAdmin.map((m) => m.subject)).toEqual([`Complaint ${REF} has moved to stage 2`]);
    expect(toAdmin[0]!.text).toContain('because the owner of stage 1 said further action is needed');
    expect(mailer.to(`You own stage 2 of complaint ${REF}`).map((m) => m.to)).toEqual([['prevention-head@bedsfire.example']]);
    expect(await state.get(REF)).toMatchObject({ notifiedOwner: 'prevention-head', notifiedStage: 2 });
  });

  it('tells the Administration Manager that a case moved on because its deadline passed, and asks for an owner of stage 2', async () => {
    given();
    await prepareStage(REF, d);
    clock = new Date('2026-03-17T09:00:00Z');
    await changed(rules.escalateOnDeadline, rules.SYSTEM);
    await prepareStage(REF, d);
    expect(subjects(EMAIL.admin)).toEqual([`Complaint ${REF} has moved to stage 2`, `Task: assign an owner to ${REF}`]);
    expect(mailer.for(EMAIL.admin)[0]!.text).toContain('because stage 1 was not resolved by its deadline');
    expect((await stored()).tasks).toEqual([{ type: 'assign-owner', due: STAGE_2_DEADLINE, createdAt: clock.toISOString(), note: 'Stage 2 needs an owner' }]);
  });

  it('says why the case moved on from the stage it left, not from an earlier one', async () => {
    given();
    await prepareStage(REF, d);
    clock = new Date('2026-03-17T09:00:00Z');
    await changed(rules.escalateOnDeadline, rules.SYSTEM);
    await changed((c, ctx) => rules.assignOwner(c, { expectedVersion: c.version, owner: 'prevention-head' }, ctx));
    await prepareStage(REF, d);
    await changed((c, ctx) => rules.referToCro(c, { expectedVersion: c.version, reason: 'Needs the CRO' }, ctx));
    await prepareStage(REF, d);
    const moved = mailer.to(`Complaint ${REF} has moved to stage 3`);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.text).toContain('because the owner of stage 2 said further action is needed');
  });

  it('tells nobody when the owner is no longer in the saved directory', async () => {
    given();
    await changed(rules.startStageOne, rules.SYSTEM);
    d.directory = new MemoryDirectory({ ...directory, functions: directory.functions.map((f) => (f.id === 'operations' ? { ...f, head: { ...f.head, id: 'new-head' } } : f)) });
    expect(await prepareStage(REF, d)).toMatchObject({ closed: false, stage: 1 });
    expect(mailer.sent).toEqual([]);
  });

  it('tells the owner of stage 1 again when a procedure gives them stage 2 as well', async () => {
    d.policy = { ...defaultPolicy, stages: [defaultPolicy.stages[0]!, { ...defaultPolicy.stages[0]!, name: 'Stage 2: the Functional Head again' }] };
    given();
    await prepareStage(REF, d);
    const c = await stored();
    const { case: next, event } = furtherAction()(c, { ...ruleContext(staff.opsHead, clock, { directory }), policy: d.policy });
    await cases.save(next, event, c.version);
    await prepareStage(REF, d);
    expect(subjects(EMAIL.opsHead)).toEqual([`You own stage 1 of complaint ${REF}`, `You own stage 2 of complaint ${REF}`]);
  });

  it('tells the Customer Relations Officer when a complaint is referred to them', async () => {
    given();
    await prepareStage(REF, d);
    await changed(furtherAction('prevention-head'), staff.opsHead);
    await prepareStage(REF, d);
    await changed((c, ctx) => rules.referToCro(c, { expectedVersion: c.version, reason: 'Needs the CRO' }, ctx));
    expect(await prepareStage(REF, d)).toMatchObject({ stage: 3 });
    expect(mailer.to(`You own stage 3 of complaint ${REF}`).map((m) => m.to)).toEqual([[EMAIL.cro]]);
  });

  it('tells nobody an owner is needed, or that the case moved, the first time a stage is armed', async () => {
    given();
    await prepareStage(REF, d);
    expect(mailer.sent.filter((m) => m.subject.includes('has moved') || m.subject.startsWith('Task'))).toEqual([]);
  });

  it('does nothing with a closed case but let the workflow go on to its closing letter', async () => {
    given();
    await prepareStage(REF, d);
    await changed(resolved, staff.opsHead);
    mailer.sent.length = 0;
    const before = await state.get(REF);
    expect(await prepareStage(REF, d)).toEqual({ closed: true, stage: null, waitSeconds: 1, version: 3 });
    expect(mailer.sent).toEqual([]);
    expect(await state.get(REF)).toEqual(before);
  });

  it.each([
    ['in AWS, waits until the deadline and keeps no scaled clock', undefined, STAGE_1_WAIT, undefined],
    ['in a demo, waits the stage scaled and keeps the clock it started', 3, 30, { stage: 1, stageStartedAt: RECEIVED.toISOString(), wall: '2026-03-02T10:05:00.000Z', from: '2026-03-02T10:05:00.000Z' }],
  ])('%s', async (_what, workingDaySeconds, waitSeconds, scaledClock) => {
    d.workingDaySeconds = workingDaySeconds;
    given();
    expect((await prepareStage(REF, d)).waitSeconds).toBe(waitSeconds);
    expect((await state.get(REF)).scaledClock).toEqual(scaledClock);
  });
});

describe('awaitOutcome: the wait keeps its callback token', () => {
  it('keeps the token for the staff API, and lets the wait run when the case is as it was prepared', async () => {
    given();
    const plan = await prepareStage(REF, d);
    expect(await awaitOutcome(REF, 'token-1', plan.version, d)).toEqual({ armed: true });
    expect(await state.get(REF)).toMatchObject({ taskToken: 'token-1', armedVersion: 2 });
    expect(workflow.signals).toEqual([]);
  });

  it('ends the wait at once when a member of staff changed the case between preparing and arming', async () => {
    given();
    const plan = await prepareStage(REF, d);
    await changed(extended(2, 'Waiting for a witness'), staff.opsHead);
    await awaitOutcome(REF, 'token-1', plan.version, d);
    expect(workflow.signals).toEqual([{ reference: REF, event: 'changed-while-arming' }]);
    expect(await state.get(REF)).toMatchObject({ armedVersion: 2 });
    expect((await state.get(REF)).taskToken).toBeUndefined();
  });
});

describe('steps 7, 8 and 11: deadlinePassed', () => {
  async function armed(): Promise<number> {
    given();
    const plan = await prepareStage(REF, d);
    await awaitOutcome(REF, 'token-1', plan.version, d);
    return plan.version;
  }

  it('moves a complaint from stage 1 to stage 2 and tells the Administration Manager why', async () => {
    const version = await armed();
    clock = new Date('2026-03-17T00:00:00Z');
    expect(await deadlinePassed(REF, version, d)).toEqual({ escalated: true });
    const c = await stored();
    expect(c).toMatchObject({ status: 'open', stage: 2, owner: null });
    expect(c.stages[0]).toMatchObject({ endedAt: STAGE_1_DEADLINE, endedBy: 'deadline' });
    expect(currentStage(c)!.deadline).toBe(STAGE_2_DEADLINE);
    const notice = mailer.to(`Complaint ${REF} has moved to stage 2`);
    expect(notice.map((m) => m.to)).toEqual([[EMAIL.admin]]);
    expect(notice[0]!.text).toContain('because stage 1 was not resolved by its deadline. The new deadline is Monday 30 March 2026');
    const s = await state.get(REF);
    expect(s.notifiedStage).toBe(2);
    expect(s.taskToken).toBeUndefined();
  });

  it('closes a complaint whose last stage ran out, for the Ombudsman, telling the Administration Manager nothing more', async () => {
    given();
    await prepareStage(REF, d);
    await changed(furtherAction('prevention-head'), staff.opsHead);
    await changed((c, ctx) => rules.referToCro(c, { expectedVersion: c.version, reason: 'Needs the CRO' }, ctx));
    const plan = await prepareStage(REF, d);
    mailer.sent.length = 0;
    clock = new Date(currentStage(await stored())!.deadline);
    expect(await deadlinePassed(REF, plan.version, d)).toEqual({ escalated: true });
    expect(await stored()).toMatchObject({ status: 'closed', closure: 'ombudsman-referral', stage: null });
    expect(mailer.sent).toEqual([]);
    expect((await state.get(REF)).notifiedStage).toBe(3);
  });

  it.each([
    ['the case changed since the wait was armed', async () => changed(extended(1, 'More time'), staff.opsHead)],
    ['the case was closed', async () => changed(resolved, staff.opsHead)],
  ])('leaves the case as it is when %s, and looks again', async (_what, change) => {
    const version = await armed();
    const c = await change();
    clock = new Date('2026-03-17T00:00:00Z');
    expect(await deadlinePassed(REF, c.status === 'closed' ? c.version : version, d)).toEqual({ escalated: false });
    expect(await stored()).toEqual(c);
    expect(mailer.to('has moved')).toEqual([]);
    expect((await state.get(REF)).taskToken).toBeUndefined();
  });
});

describe('an extension: extensionNotice', () => {
  it('tells the customer the new deadline and the reason of the latest extension, once', async () => {
    given();
    await prepareStage(REF, d);
    await changed(extended(1, 'Waiting for a witness'), staff.opsHead);
    await changed(extended(2, 'The witness is on leave'), staff.opsHead);
    expect(await extensionNotice(REF, d)).toEqual({ told: true });
    expect(await extensionNotice(REF, d)).toEqual({ told: true });
    const notices = mailer.to(`Your complaint ${REF}: we need more time`);
    expect(notices.map((m) => m.to)).toEqual([[EMAIL.customer]]);
    expect(notices[0]!.text).toContain('The witness is on leave');
    expect(notices[0]!.text).toContain('We now aim to reply to you by Thursday 19 March 2026');
  });

  it('gives the Administration Manager a task to tell a customer who left no email, due by the new deadline', async () => {
    given({ email: undefined, preferredContact: 'phone' });
    await prepareStage(REF, d);
    const c = await changed(extended(2, 'Waiting for a witness'), staff.opsHead);
    expect(await extensionNotice(REF, d)).toEqual({ told: false });
    expect((await stored()).tasks).toEqual([
      { type: 'email-failed', key: `extension#${c.version}`, due: currentStage(c)!.deadline, createdAt: clock.toISOString(), note: 'Tell the customer about the extension by letter or phone' },
    ]);
    expect(mailer.to('we need more time')).toEqual([]);
  });

  it.each([
    ['there was no extension', async () => undefined],
    ['the case closed since', async () => {
      await changed(extended(2, 'Waiting for a witness'), staff.opsHead);
      await changed(resolved, staff.opsHead);
    }],
  ])('tells nobody anything when %s', async (_what, change) => {
    given();
    await prepareStage(REF, d);
    await change();
    mailer.sent.length = 0;
    const version = (await stored()).version;
    expect(await extensionNotice(REF, d)).toEqual({ told: false });
    expect(mailer.sent).toEqual([]);
    expect((await stored()).version).toBe(version);
  });
});

describe('step 9 and 11: the closing letter', () => {
  async function closed(how: 'resolved' | 'ombudsman-referral', overrides: Record<string, unknown> = {}): Promise<void> {
    given(overrides);
    await prepareStage(REF, d);
    if (how === 'resolved') {
      await changed(resolved, staff.opsHead);
    } else {
      await changed(furtherAction('prevention-head'), staff.opsHead);
      await changed((c, ctx) => rules.referToCro(c, { expectedVersion: c.version, reason: 'Needs the CRO' }, ctx));
      await changed(furtherAction(), staff.cro);
    }
    await state.update(REF, { taskToken: 'token-of-the-wait' });
    mailer.sent.length = 0;
  }

  it.each([
    ['the outcome, for a complaint resolved', 'resolved', `Our response to your complaint ${REF}`, 'closing'],
    ['the way to the Ombudsman, after every stage', 'ombudsman-referral', `Your complaint ${REF}: how to contact the Ombudsman`, 'ombudsman'],
  ] as const)('sends %s, once', async (_what, how, subject, id) => {
    await closed(how);
    expect(await closingLetter(REF, d)).toEqual({ sent: true });
    expect(await closingLetter(REF, d)).toEqual({ sent: true });
    expect(mailer.sent.map((m) => [m.to[0], m.subject])).toEqual([[EMAIL.customer, subject]]);
    // The id is kept in the workflow state of deployed cases: renaming it would send the letter again.
    expect(Object.keys((await state.get(REF)).letters).filter((id) => !id.startsWith('owner'))).toEqual([id]);
    expect((await state.get(REF)).taskToken).toBeUndefined();
    expect(await closingLetterFailed(REF, d)).toEqual({ sent: true });
    expect((await stored()).tasks ?? []).toEqual([]);
  });

  it('gives the Administration Manager a task, due now, to post or phone the letter to a customer who left no email', async () => {
    await closed('resolved', { email: undefined, preferredContact: 'letter' });
    expect(await closingLetter(REF, d)).toEqual({ sent: false });
    expect((await stored()).tasks).toEqual([{ type: 'email-failed', key: 'closing', due: clock.toISOString(), createdAt: clock.toISOString(), note: 'Send the closing letter by post or phone' }]);
    // Told by email too (the console lists the tasks of open cases), once, however often the step runs.
    expect(await closingLetter(REF, d)).toEqual({ sent: false });
    expect(mailer.sent.map((m) => [m.to[0], m.subject])).toEqual([[EMAIL.admin, `Task: send the closing letter for ${REF}`]]);
    expect((await stored()).tasks).toHaveLength(1);
  });

  it('keeps the task to tell of an extension beside the task to post the closing letter (each letter its own task)', async () => {
    given({ email: undefined, preferredContact: 'letter' });
    await prepareStage(REF, d);
    const c = await changed(extended(2, 'Waiting for a witness'), staff.opsHead);
    await extensionNotice(REF, d);
    await changed(resolved, staff.opsHead);
    expect(await closingLetter(REF, d)).toEqual({ sent: false });
    expect((await stored()).tasks!.map((t) => [t.key, t.note])).toEqual([
      [`extension#${c.version}`, 'Tell the customer about the extension by letter or phone'],
      ['closing', 'Send the closing letter by post or phone'],
    ]);
  });

  it('writes no closing letter for a compliment', async () => {
    given({ kind: 'compliment', email: undefined, preferredContact: undefined });
    await thankCompliment(REF, d);
    const version = (await stored()).version;
    expect(await closingLetter(REF, d)).toEqual({ sent: false });
    expect(mailer.sent.filter((m) => m.to.includes(EMAIL.customer))).toEqual([]);
    expect((await stored()).version).toBe(version);
  });

  it.each(['resolved', 'ombudsman-referral'] as const)('gives one task to post a %s letter that could not be sent', async (how) => {
    await closed(how);
    expect(await closingLetterFailed(REF, d)).toEqual({ sent: false });
    expect(await closingLetterFailed(REF, d)).toEqual({ sent: false });
    expect((await stored()).tasks).toEqual([
      { type: 'email-failed', key: how === 'resolved' ? 'closing' : 'ombudsman', due: clock.toISOString(), createdAt: clock.toISOString(), note: 'The closing email could not be sent: send it by post' },
    ]);
    expect(mailer.sent.map((m) => [m.to[0], m.subject])).toEqual([[EMAIL.admin, `Task: send the closing letter for ${REF}`]]);
  });

  it('keeps the task when mail is down and the Administration Manager cannot be told either', async () => {
    await closed('resolved');
    mailer.failOnce(new MailerUnavailableError('SES is down'));
    expect(await closingLetterFailed(REF, d)).toEqual({ sent: false });
    expect((await stored()).tasks?.map((t) => t.type)).toEqual(['email-failed']);
    expect(mailer.sent).toEqual([]);
  });
});

describe('a step kept failing: workflowFault', () => {
  it.each([
    ['what went wrong', 'States.Timeout', 'The workflow stopped (States.Timeout): handle this case by hand'],
    ['"unknown" when nothing says', undefined, 'The workflow stopped (unknown): handle this case by hand'],
    ['at most 80 characters of it', 'x'.repeat(100), `The workflow stopped (${'x'.repeat(80)}): handle this case by hand`],
  ])('flags an open case for the Administration Manager, saying %s', async (_what, error, note) => {
    given();
    expect(await workflowFault(REF, error, d)).toEqual({ flagged: true });
    expect((await stored()).tasks).toEqual([{ type: 'workflow-stopped', due: clock.toISOString(), createdAt: clock.toISOString(), note }]);
  });

  it('leaves a closed case alone', async () => {
    given({ kind: 'compliment' });
    await thankCompliment(REF, d);
    expect(await workflowFault(REF, 'boom', d)).toEqual({ flagged: false });
    expect((await stored()).tasks ?? []).toEqual([]);
  });
});

describe('a letter in flight', () => {
  it('is given back and sent by the retry when the mailer refused an unsafe header', async () => {
    given();
    mailer.failOnce(new UnsafeHeaderError('a bug'));
    await expect(acknowledge(REF, d)).rejects.toThrow(UnsafeHeaderError);
    expect((await state.get(REF)).letters).toEqual({});
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'email' });
  });

  it('fails the step with the mailer\'s error even when giving the claim back fails too', async () => {
    given();
    state.releaseLetter = async () => {
      throw new StoreUnavailableError('down');
    };
    mailer.failOnce(new UnsafeHeaderError('a bug'));
    await expect(acknowledge(REF, d)).rejects.toThrow(UnsafeHeaderError);
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'task' });
  });

  it('that went out but could not be marked sent is handed over as in doubt, never sent twice', async () => {
    given({ preferredContact: 'letter' });
    const settle = state.settleLetter.bind(state);
    state.settleLetter = async (reference, letter, record) => {
      if (record.state === 'sent') throw new StoreUnavailableError('down');
      return settle(reference, letter, record);
    };
    expect(await acknowledge(REF, d)).toEqual({ kind: 'complaint', via: 'task' });
    state.settleLetter = settle;
    await acknowledge(REF, d);
    await acknowledge(REF, d);
    expect(subjects(EMAIL.admin)).toEqual([`Task: acknowledge ${REF} by letter`]);
    expect((await state.get(REF)).letters[`task#acknowledge-by-letter`]).toEqual({ state: 'in-doubt', at: clock.toISOString() });
    expect((await stored()).tasks?.map((t) => [t.type, t.note])).toEqual([
      ['acknowledge-by-letter', undefined],
      ['email-failed', 'The task email to the Administration Manager may not have gone out (its sending was cut short): check, and send it by hand if not'],
    ]);
    expect((await stored()).tasks?.[1]?.due).toBe(clock.toISOString());
  });

  /** Each step's letters, as the in-doubt task names them: the Administration Manager must know which to check. */
  it.each<[string, Record<string, unknown>, (() => Promise<unknown>) | undefined, string, () => Promise<unknown>, string]>([
    ['the acknowledgement', {}, undefined, 'ack', () => acknowledge(REF, d), 'The acknowledgement email'],
    ['the urgent notice', { urgent: true }, undefined, 'urgent', () => acknowledge(REF, d), 'The urgent notice to the Duty Officer'],
    ['the task to acknowledge by letter', { preferredContact: 'letter' }, undefined, 'task#acknowledge-by-letter', () => acknowledge(REF, d), 'The task email to the Administration Manager'],
    ['the task after a failed acknowledgement', {}, undefined, 'task#acknowledgement-email-failed', () => acknowledgementFailed(REF, d), 'The task email to the Administration Manager'],
    ['the thanks', { kind: 'compliment' }, undefined, 'thanks', () => thankCompliment(REF, d), 'The thank-you email'],
    ["the Head's compliment notice", { kind: 'compliment' }, undefined, 'compliment-notice', () => thankCompliment(REF, d), "The compliment's notice to the function's Head"],
    ['the owner notice', {}, undefined, 'owner#1#1', () => prepareStage(REF, d), 'The notice to the owner of stage 1'],
    ['the task to assign an owner', { function: undefined }, undefined, `task#assign-owner#1#${STAGE_1_DEADLINE}`, () => prepareStage(REF, d), 'The task email to the Administration Manager'],
    ['the escalation notice', {}, async () => {
      await prepareStage(REF, d);
      await changed(furtherAction('prevention-head'), staff.opsHead);
    }, 'escalation#1#2', () => prepareStage(REF, d), 'The notice that the case moved to stage 2'],
    ['the escalation notice when the deadline passed', {}, async () => {
      await prepareStage(REF, d);
      clock = new Date('2026-03-17T09:00:00Z');
    }, 'escalation#1#2', () => deadlinePassed(REF, 2, d), 'The notice that the case moved to stage 2'],
    ['the extension notice', {}, async () => {
      await prepareStage(REF, d);
      await changed(extended(1, 'A witness'), staff.opsHead);
    }, 'extension#3', () => extensionNotice(REF, d), 'The extension notice to the customer'],
    ['the closing letter', {}, async () => {
      await prepareStage(REF, d);
      await changed(resolved, staff.opsHead);
    }, 'closing', () => closingLetter(REF, d), 'The closing letter'],
  ])('names %s when its sending was cut short', async (_what, overrides, arrange, id, step, what) => {
    given(overrides);
    await arrange?.();
    await state.claimLetter(REF, id, '2026-03-02T10:04:00.000Z');
    await step();
    expect((await stored()).tasks?.filter((t) => t.note?.includes('may not have gone out')).map((t) => t.note)).toEqual([
      `${what} may not have gone out (its sending was cut short): check, and send it by hand if not`,
    ]);
    expect((await state.get(REF)).letters[id]).toEqual({ state: 'in-doubt', at: clock.toISOString() });
  });
});

describe("each step's task for the Administration Manager", () => {
  /** A task the case already holds, of another kind (its workflow did not start at first, say), due when stage 1 ends. */
  const stopped = { type: 'workflow-stopped' as const, due: STAGE_1_DEADLINE, createdAt: '2026-03-02T10:00:01.000Z', note: 'The workflow did not start' };
  it.each<[string, Record<string, unknown>, (() => Promise<unknown>) | undefined, () => Promise<unknown>, string]>([
    ['acknowledge by phone', { preferredContact: 'phone' }, undefined, () => acknowledge(REF, d), 'acknowledge-by-phone'],
    ['the failed acknowledgement', {}, undefined, () => acknowledgementFailed(REF, d), 'acknowledgement-email-failed'],
    ['the failed thanks', { kind: 'compliment' }, undefined, () => thanksFailed(REF, d), 'email-failed'],
    ['an owner to assign', { function: undefined }, undefined, () => prepareStage(REF, d), 'assign-owner'],
    ['the failed closing letter', {}, async () => {
      await changed(rules.startStageOne, rules.SYSTEM);
      await changed(resolved, staff.opsHead);
    }, () => closingLetterFailed(REF, d), 'email-failed'],
  ])('is added beside the tasks the case already holds, once: %s', async (_what, overrides, arrange, step, task) => {
    cases.put({ ...aStoredCase(overrides, RECEIVED), tasks: [stopped] });
    await arrange?.();
    await step();
    await step();
    expect((await stored()).tasks?.map((t) => t.type)).toEqual(['workflow-stopped', task]);
    expect((await events('task-created')).map((e) => e.data.task)).toEqual([task]);
  });

  it('asks for an owner of each stage that has none', async () => {
    given({ function: undefined });
    await prepareStage(REF, d);
    clock = new Date('2026-03-17T09:00:00Z');
    await changed(rules.escalateOnDeadline, rules.SYSTEM);
    await prepareStage(REF, d);
    expect((await events('task-created')).map((e) => e.data.due)).toEqual([STAGE_1_DEADLINE, STAGE_2_DEADLINE]);
    expect(subjects(EMAIL.admin)).toEqual([`Task: assign an owner to ${REF}`, `Complaint ${REF} has moved to stage 2`, `Task: assign an owner to ${REF}`]);
  });
});

describe('runStep: the state machine names the step', () => {
  it.each<[StepInput, unknown]>([
    [{ step: 'acknowledge', reference: REF }, { kind: 'complaint', via: 'email' }],
    [{ step: 'acknowledgementFailed', reference: REF }, { kind: 'complaint' }],
    [{ step: 'thanksFailed', reference: REF }, { closed: false }],
    [{ step: 'prepareStage', reference: REF }, { closed: false, stage: 1, waitSeconds: STAGE_1_WAIT, version: 2 }],
    [{ step: 'awaitOutcome', reference: REF, taskToken: 't', armedVersion: 1 }, { armed: true }],
    [{ step: 'deadlinePassed', reference: REF, armedVersion: 0 }, { escalated: false }],
    [{ step: 'extensionNotice', reference: REF }, { told: false }],
    [{ step: 'closingLetterFailed', reference: REF }, { sent: false }],
    [{ step: 'workflowFault', reference: REF, error: 'boom' }, { flagged: true }],
  ])('%j', async (input, answer) => {
    given();
    expect(await runStep(input, d)).toEqual(answer);
  });

  it.each<[StepInput, unknown]>([
    [{ step: 'thankCompliment', reference: REF }, { closed: true }],
    [{ step: 'closingLetter', reference: REF }, { sent: false }],
  ])('%j (a compliment)', async (input, answer) => {
    given({ kind: 'compliment' });
    expect(await runStep(input, d)).toEqual(answer);
  });

  it('sends the closing letter of a resolved complaint', async () => {
    given();
    await changed(rules.startStageOne, rules.SYSTEM);
    await changed(resolved, staff.opsHead);
    expect(await runStep({ step: 'closingLetter', reference: REF }, d)).toEqual({ sent: true });
  });

  it('refuses a step it does not know', async () => {
    given();
    await expect(runStep({ step: 'sing', reference: REF } as unknown as StepInput, d)).rejects.toThrow('Unknown workflow step {"step":"sing","reference":"CC-2026-00001"}');
  });
});

describe('step 2: the private tracking link in the acknowledgement', () => {
  const PUBLIC_URL = 'https://complaints.bedsfire.example';
  let links: MemoryTrackingLinks;
  let tokens: ReturnType<typeof sequentialTokens>;
  let linked: WorkflowDeps;

  beforeEach(() => {
    links = new MemoryTrackingLinks();
    tokens = sequentialTokens();
    linked = { ...d, trackingLinks: links, randomToken: tokens, publicUrl: PUBLIC_URL };
  });

  const opens = (token: string) => openTrackedCase(token, linked).then((t) => t.case.reference);

  it('issues one link for the acknowledgement it sends, keeps only its hash, and puts the link in the email', async () => {
    given();
    expect(await acknowledge(REF, linked)).toEqual({ kind: 'complaint', via: 'email' });
    expect(tokens.issued).toHaveLength(1);
    const token = tokens.issued[0]!;
    const hash = hashTrackingToken(token);
    expect([...links.links]).toEqual([[hash, { reference: REF, issuedAt: clock.toISOString() }]]);
    const c = await stored();
    expect(c).toMatchObject({ trackingLink: { hash, issuedAt: clock.toISOString() }, acknowledgedVia: 'email', version: 3 });
    expect((await events('tracking-link-issued')).map((e) => [e.actor, e.data, e.version])).toEqual([[{ type: 'system' }, { replaced: false }, 2]]);
    expect(JSON.stringify(await cases.timeline(REF))).not.toContain(token);
    expect(JSON.stringify(await cases.timeline(REF))).not.toContain(hash);
    const [ack] = mailer.for(EMAIL.customer);
    expect(ack!.text).toContain(`read and answer our draft findings, on a private page:\n\n${PUBLIC_URL}/track/${token}\n\nKeep this link private`);
    expect(ack!.html).toContain(`<a href="${PUBLIC_URL}/track/${token}">`);
    expect(await opens(token)).toBe(REF);
  });

  it('issues no second link when the step runs again', async () => {
    given();
    await acknowledge(REF, linked);
    await acknowledge(REF, linked);
    expect(tokens.issued).toHaveLength(1);
    expect(links.links.size).toBe(1);
    expect(mailer.for(EMAIL.customer)).toHaveLength(1);
    expect(await events('tracking-link-issued')).toHaveLength(1);
  });

  it('issues no link without a public address to link to', async () => {
    given();
    await acknowledge(REF, { ...linked, publicUrl: undefined });
    expect(tokens.issued).toEqual([]);
    expect(links.links.size).toBe(0);
    expect((await stored()).trackingLink).toBeUndefined();
    expect(mailer.for(EMAIL.customer)[0]!.text).not.toContain('/track/');
    expect(mailer.for(EMAIL.customer)[0]!.text).not.toContain('Keep this link private');
  });

  it.each([
    ['a complaint acknowledged by phone', { preferredContact: 'phone' }],
    ['a complaint with no email address', { preferredContact: 'letter', email: undefined }],
    ['a compliment', { kind: 'compliment' }],
  ])('issues no link for %s', async (_what, overrides) => {
    given(overrides);
    await acknowledge(REF, linked);
    expect(tokens.issued).toEqual([]);
    expect((await stored()).trackingLink).toBeUndefined();
  });

  it('after an email known not to have gone out, sends the retry with a new link, and only that one opens the case', async () => {
    given();
    mailer.failOnce(new MailerUnavailableError('SES is down'));
    await expect(acknowledge(REF, linked)).rejects.toThrow(MailerUnavailableError);
    expect((await state.get(REF)).letters).not.toHaveProperty('ack');
    await acknowledge(REF, linked);
    expect(tokens.issued).toHaveLength(2);
    const [first, second] = tokens.issued as [string, string];
    expect(mailer.for(EMAIL.customer)).toHaveLength(1);
    expect(mailer.for(EMAIL.customer)[0]!.text).toContain(`/track/${second}`);
    expect((await stored()).trackingLink?.hash).toBe(hashTrackingToken(second));
    expect((await events('tracking-link-issued')).map((e) => e.data)).toEqual([{ replaced: false }, { replaced: true }]);
    expect(await opens(second)).toBe(REF);
    await expect(opens(first)).rejects.toThrow(TrackingLinkNotFoundError);
  });

  it('never replaces the link of an acknowledgement that may have gone out: the retry hands it over as in doubt', async () => {
    given();
    // An attempt issued a link, claimed the email and ended without knowing whether it went out.
    await acknowledge(REF, linked);
    const c = await stored();
    await cases.save({ ...c, acknowledgedAt: undefined, acknowledgedVia: undefined, version: c.version + 1 }, { reference: REF, at: clock.toISOString(), type: 'details-updated', actor: { type: 'system' }, version: c.version + 1, data: {} }, c.version);
    await state.settleLetter(REF, 'ack', { state: 'sending', at: clock.toISOString() });
    expect(await acknowledge(REF, linked)).toEqual({ kind: 'complaint', via: 'task' });
    expect(tokens.issued).toHaveLength(1);
    expect((await stored()).trackingLink?.hash).toBe(hashTrackingToken(tokens.issued[0]!));
    expect(await opens(tokens.issued[0]!)).toBe(REF);
    expect(mailer.for(EMAIL.customer)).toHaveLength(1);
  });

  it.each([
    ['the link cannot be recorded', () => links.failPutOnce(new StoreUnavailableError('down'))],
    ['the case cannot be changed to carry it', () => cases.failOnce((e) => e.type === 'tracking-link-issued', new StoreUnavailableError('down'))],
  ])('gives the claim back when %s, so the retry sends the acknowledgement', async (_what, fault) => {
    given();
    fault();
    await expect(acknowledge(REF, linked)).rejects.toThrow(StoreUnavailableError);
    expect((await state.get(REF)).letters).toEqual({});
    expect(mailer.sent).toEqual([]);
    expect(await acknowledge(REF, linked)).toEqual({ kind: 'complaint', via: 'email' });
    expect(mailer.for(EMAIL.customer)).toHaveLength(1);
    expect(mailer.for(EMAIL.customer)[0]!.text).toContain(`/track/${tokens.issued.at(-1)}`);
    expect((await stored()).trackingLink?.hash).toBe(hashTrackingToken(tokens.issued.at(-1)!));
  });

  it('keeps the claim when the failure to give it back follows a failure to prepare', async () => {
    given();
    links.failPutOnce(new StoreUnavailableError('down'));
    const release = state.releaseLetter.bind(state);
    state.releaseLetter = async () => {
      state.releaseLetter = release;
      throw new StoreUnavailableError('down too');
    };
    await expect(acknowledge(REF, linked)).rejects.toThrow(new StoreUnavailableError('down'));
    expect((await state.get(REF)).letters.ack?.state).toBe('sending');
  });
});
