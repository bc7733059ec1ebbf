import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { consultationState, DecideConsultation, decideConsultation, inProcedure, isAwaitingDecision } from '../../functions/domain/consultation';
import { ForbiddenError, InvalidStateError, ValidationError } from '../../functions/domain/errors';
import { anonymiseCase } from '../../functions/domain/retention';
import { defaultPolicy } from '../../functions/domain/policy';
import * as service from '../../functions/domain/staff-service';
import type { Staff } from '../../functions/domain/staff';
import { toIssues } from '../../functions/domain/validation';
import { aConsultationComment, aNewComplaint, people, RECEIVED_AT } from '../support/case-mothers';
import { ruleContext } from '../support/cases';
import { memoryPorts, type MemoryCases, type MemoryWorkflow } from '../support/memory-ports';
import { aComplaint } from '../support/mothers';

/**
 * Public consultation comments (service order section 2): forwarded by the Consultation and
 * Partnership Officer, they wait for the Administration Manager's decision; entered, they run as any
 * recorded case; not entered, they are closed with the reason, which the officer reads.
 */

const THU_5_MAR = new Date('2026-03-05T14:00:00Z');
const SIP = 'Service Improvement Plan';
const awaiting = (overrides: Partial<Case> = {}) => aConsultationComment('consultation-officer', { consultation: { consultationType: SIP }, ...overrides });
const decide = (c: Case, input: unknown, by: Staff = people.admin) => decideConsultation(c, DecideConsultation.parse(input), ruleContext(by, THU_5_MAR));

describe('where a consultation comment stands', () => {
  it.each<[string, Partial<Case>, string | undefined]>([
    ['a case from elsewhere', {}, undefined],
    ['a comment not yet decided', { consultation: { consultationType: SIP } }, 'awaiting'],
    ['a comment entered', { consultation: { consultationType: SIP, decision: { entered: true, decidedAt: RECEIVED_AT, decidedBy: 'admin-manager' } } }, 'entered'],
    ['a comment kept out', { consultation: { consultationType: SIP, decision: { entered: false, reason: 'No', decidedAt: RECEIVED_AT, decidedBy: 'admin-manager' } } }, 'not-entered'],
  ])('%s: %s', (_what, overrides, state) => {
    const c = aNewComplaint(overrides);
    expect(consultationState(c)).toBe(state);
    expect(isAwaitingDecision(c)).toBe(state === 'awaiting');
    // The reports count it as a complaint or compliment only once entered (or when it never was a comment).
    expect(inProcedure(c)).toBe(state === undefined || state === 'entered');
  });
});

describe('the decision (DecideConsultation)', () => {
  const issues = (input: unknown) => {
    const r = DecideConsultation.safeParse(input);
    return r.success ? [] : toIssues(r.error);
  };

  it.each<[string, unknown, Array<{ path: string; message: string }>]>([
    ['no decision', {}, [{ path: 'decision', message: 'expected decision "enter" or "not-enter"' }]],
    ['an unknown decision', { decision: 'maybe' }, [{ path: 'decision', message: 'expected decision "enter" or "not-enter"' }]],
    ['entering without saying as what', { decision: 'enter' }, [{ path: 'kind', message: 'required' }]],
    ['entering as something else', { decision: 'enter', kind: 'comment' }, [{ path: 'kind', message: 'expected "complaint" or "compliment"' }]],
    ['keeping it out without a reason', { decision: 'not-enter' }, [{ path: 'reason', message: 'required' }]],
    ['keeping it out with a blank reason', { decision: 'not-enter', reason: '   ' }, [{ path: 'reason', message: 'required' }]],
    ['a reason over 2,000 characters', { decision: 'not-enter', reason: 'x'.repeat(2_001) }, [{ path: 'reason', message: 'at most 2000 characters' }]],
    ['a field it does not know', { decision: 'not-enter', reason: 'Already answered', kind: 'complaint' }, [{ path: 'kind', message: 'unknown field' }]],
    ['a version that is not a whole number', { decision: 'enter', kind: 'complaint', expectedVersion: 1.5 }, [{ path: 'expectedVersion', message: 'expected the version you read, a whole number' }]],
  ])('refuses %s', (_what, input, expected) => {
    expect(issues(input)).toEqual(expected);
  });

  it('accepts entering with an optional reason, and keeping it out with one', () => {
    expect(DecideConsultation.parse({ decision: 'enter', kind: 'compliment', expectedVersion: 1 })).toEqual({ decision: 'enter', kind: 'compliment', expectedVersion: 1 });
    expect(DecideConsultation.parse({ decision: 'not-enter', reason: ' Answered in the consultation report ' })).toEqual({ decision: 'not-enter', reason: 'Answered in the consultation report' });
  });
});

describe('deciding (decideConsultation)', () => {
  it('enters it as a complaint: still open, its acknowledgement due as from the day it was received', () => {
    const before = awaiting({ kind: 'compliment' });
    const { case: c, event } = decide(before, { decision: 'enter', kind: 'complaint', reason: 'A complaint about response times' });
    expect(c).toMatchObject({ kind: 'complaint', status: 'open', version: 2, acknowledgeBy: before.acknowledgeBy, nextDeadline: before.acknowledgeBy });
    expect(c.consultation).toEqual({
      consultationType: SIP,
      decision: { entered: true, reason: 'A complaint about response times', decidedAt: THU_5_MAR.toISOString(), decidedBy: 'admin-manager' },
    });
    expect(c.closure).toBeUndefined();
    expect(event).toEqual({
      reference: 'CC-2026-00001',
      at: THU_5_MAR.toISOString(),
      type: 'consultation-decided',
      actor: { type: 'staff', id: 'admin-manager' },
      version: 2,
      data: { decision: 'enter', kind: 'complaint' },
    });
  });

  it('enters it as a compliment, with no reason kept when none was given', () => {
    const { case: c } = decide(awaiting(), { decision: 'enter', kind: 'compliment' });
    expect(c.kind).toBe('compliment');
    expect(c.consultation!.decision).toEqual({ entered: true, decidedAt: THU_5_MAR.toISOString(), decidedBy: 'admin-manager' });
  });

  it('keeps it out of the procedure: closed as not entered, with the reason and no deadline', () => {
    const { case: c, event } = decide(awaiting(), { decision: 'not-enter', reason: 'A view on the plan, not a complaint about a service' });
    expect(c).toMatchObject({ status: 'closed', closure: 'not-entered', closedAt: THU_5_MAR.toISOString(), stage: null, owner: null, nextDeadline: null, kind: 'complaint' });
    expect(c.consultation!.decision).toEqual({ entered: false, reason: 'A view on the plan, not a complaint about a service', decidedAt: THU_5_MAR.toISOString(), decidedBy: 'admin-manager' });
    expect(event).toMatchObject({ type: 'consultation-decided', version: 2, data: { decision: 'not-enter' } });
  });

  it('refuses a case that did not come from a consultation', () => {
    expect(() => decide(aNewComplaint(), { decision: 'enter', kind: 'complaint' })).toThrow(
      new InvalidStateError('CC-2026-00001 is not a consultation comment: there is nothing to decide'),
    );
  });

  it.each<[boolean, string]>([
    [true, 'CC-2026-00001 was already decided (entered the procedure) on 2026-03-02'],
    [false, 'CC-2026-00001 was already decided (not to enter the procedure) on 2026-03-02'],
  ])('refuses a second decision (the first entered: %s)', (entered, message) => {
    const decided = awaiting({ consultation: { consultationType: SIP, decision: { entered, decidedAt: RECEIVED_AT, decidedBy: 'admin-manager' } } });
    expect(() => decide(decided, { decision: 'not-enter', reason: 'Again' })).toThrow(new InvalidStateError(message));
  });
});

describe('forwarding and deciding through the staff use cases', () => {
  const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
  /** Tuesday 10 March 2026. */
  const NOW = new Date('2026-03-10T10:00:00Z');
  let cases: MemoryCases;
  let workflow: MemoryWorkflow;
  let d: service.StaffDeps & { cursorKey: string };
  const officer = people.consultationOfficer as Staff;

  beforeEach(() => {
    const ports = memoryPorts();
    ({ cases, workflow } = ports);
    d = { policy: defaultPolicy, calendar, cases, directory: ports.directory, workflow: ports.workflow, now: () => NOW, cursorKey: 'a-key-for-the-tests-that-is-long-enough-0123456789' };
  });

  /** Forwarded on 10 March, received on Monday 2 March. */
  const forward = (overrides: Record<string, unknown> = {}, by: Staff = officer) =>
    service.recordCase(by, { ...aComplaint(), channel: 'consultation', consultationType: SIP, receivedAt: '2026-03-02', ...overrides }, d);
  const req = (body: unknown) => ({ reference: 'CC-2026-00001', body });

  it('forwards a comment without starting its workflow: it waits for the decision, due as from the day it was received', async () => {
    const receipt = await forward();
    const c = (await cases.get(receipt.reference))!;
    expect(workflow.started).toEqual([]);
    expect(c).toMatchObject({ channel: 'consultation', recordedBy: 'consultation-officer', receivedOn: '2026-03-02', status: 'open', consultation: { consultationType: SIP } });
    // Seven working days after Monday 2 March.
    expect(receipt.acknowledgeBy).toBe('2026-03-11T23:59:59.999Z');
  });

  it('starts the workflow of what is recorded from any other channel, as before', async () => {
    await service.recordCase(people.receiver as Staff, { ...aComplaint(), channel: 'phone', receivedAt: '2026-03-02' }, d);
    expect(workflow.started).toEqual(['CC-2026-00001']);
    expect((await cases.get('CC-2026-00001'))!.consultation).toBeUndefined();
  });

  it('enters it: the workflow starts, and the officer reads the decision', async () => {
    await forward();
    const view = await service.decideConsultation(people.admin as Staff, req({ decision: 'enter', kind: 'complaint', expectedVersion: 1 }), d);
    expect(workflow.started).toEqual(['CC-2026-00001']);
    expect(view).toMatchObject({ status: 'open', version: 2, deadline: '2026-03-11T23:59:59.999Z', consultation: { decision: { entered: true } } });
    expect(view.timeline.map((e) => e.type)).toEqual(['received', 'consultation-decided']);
    const seen = await service.getCase(officer, 'CC-2026-00001', d);
    expect(seen.consultation!.decision).toMatchObject({ entered: true, decidedBy: 'admin-manager' });
  });

  it('keeps it out: closed with the reason; its workflow starts only to tell the officer', async () => {
    await forward();
    expect(workflow.started).toEqual([]);
    const view = await service.decideConsultation(people.admin as Staff, req({ decision: 'not-enter', reason: 'Not about a service we gave', expectedVersion: 1 }), d);
    expect(workflow.started).toEqual(['CC-2026-00001']);
    expect(view).toMatchObject({ status: 'closed', closure: 'not-entered', deadline: null, consultation: { decision: { entered: false, reason: 'Not about a service we gave' } } });
  });

  it.each([
    ['the officer', officer],
    ['a Functional Head', people.opsHead as Staff],
  ])('refuses the decision from %s', async (_who, by) => {
    await forward();
    await expect(service.decideConsultation(by, req({ decision: 'enter', kind: 'complaint', expectedVersion: 1 }), d)).rejects.toThrow(ForbiddenError);
  });

  it('refuses any other change while the decision is awaited, but lets the Administration Manager correct the details', async () => {
    await forward();
    await expect(service.assignOwner(people.admin as Staff, req({ expectedVersion: 1 }), d)).rejects.toThrow(
      new InvalidStateError("CC-2026-00001 is a consultation comment awaiting the Administration Manager's decision: it cannot assign or transfer cases yet"),
    );
    const updated = await service.updateCase(people.admin as Staff, req({ summary: 'Fire cover at night', expectedVersion: 1 }), d);
    expect(updated.summary).toBe('Fire cover at night');
  });

  it('lists comments by where their decision stands, with it on each row', async () => {
    await forward();
    await forward();
    await service.decideConsultation(people.admin as Staff, req({ decision: 'not-enter', reason: 'Duplicate', expectedVersion: 1 }), d);
    await service.recordCase(people.receiver as Staff, { ...aComplaint(), channel: 'phone', receivedAt: '2026-03-02' }, d);
    const list = async (consultation?: string) =>
      (await service.listCases(people.admin as Staff, consultation ? { consultation } : {}, d)).items.map((s) => [s.reference, s.consultation?.state]);
    expect(await list('awaiting')).toEqual([['CC-2026-00002', 'awaiting']]);
    expect(await list('not-entered')).toEqual([['CC-2026-00001', 'not-entered']]);
    expect(await list('entered')).toEqual([]);
    expect((await list()).sort()).toEqual([
      ['CC-2026-00001', 'not-entered'],
      ['CC-2026-00002', 'awaiting'],
      ['CC-2026-00003', undefined],
    ]);
    const first = (await service.listCases(people.admin as Staff, { consultation: 'awaiting' }, d)).items[0]!;
    expect(first.consultation).toEqual({ consultationType: SIP, state: 'awaiting' });
  });

  it('refuses a filter it does not know, naming the ones it knows', async () => {
    const error = await service.listCases(people.admin as Staff, { consultation: 'pending' }, d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'consultation', message: 'expected one of: awaiting, entered, not-entered' }]);
  });

  it('says who may decide when refusing someone else', async () => {
    await forward();
    await expect(service.decideConsultation(officer, req({ decision: 'enter', kind: 'complaint', expectedVersion: 1 }), d)).rejects.toThrow(
      new ForbiddenError('Your role (consultation-officer) may not decide whether a consultation comment enters the procedure'),
    );
  });
});

describe('removing personal data from a decided consultation comment', () => {
  const at = new Date('2027-04-01T03:00:00Z');
  it('removes the reason, keeps the consultation and the decision', () => {
    const { case: decided } = decide(awaiting(), { decision: 'not-enter', reason: 'Mrs Example already had an answer' });
    expect(anonymiseCase(decided, at).consultation).toEqual({
      consultationType: SIP,
      decision: { entered: false, reason: '', decidedAt: THU_5_MAR.toISOString(), decidedBy: 'admin-manager' },
    });
  });

  it('leaves a decision without a reason, and a comment still awaiting one, as they are', () => {
    const { case: entered } = decide(awaiting(), { decision: 'enter', kind: 'complaint' });
    expect(anonymiseCase(entered, at).consultation).toEqual(entered.consultation);
    expect(anonymiseCase(awaiting(), at).consultation).toEqual({ consultationType: SIP });
  });
});
