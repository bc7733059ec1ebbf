import { describe, expect, it } from 'vitest';
import type { Case, CaseTask } from '../../functions/domain/case';
import type * as z from '../../functions/domain/zod';
import * as rules from '../../functions/domain/case-rules';
import type { RecordOutcome } from '../../functions/domain/commands';
import { InvalidStateError, ValidationError } from '../../functions/domain/errors';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import {
  aClosedComplaint,
  aComplaintAtStageOne,
  aComplaintAtStageThree,
  aComplaintAtStageTwo,
  aNewComplaint,
  aNewCompliment,
  people,
  STAGE_1_DEADLINE,
  STAGE_2_DEADLINE,
  STAGE_3_DEADLINE,
} from '../support/case-mothers';
import { aStoredCase, ruleContext, staff } from '../support/cases';

// Received Monday 2 March 2026, 10:00 GMT. Stage 1 (10 working days) ends Monday 16 March.
const MON_2_MAR = new Date('2026-03-02T10:00:00Z');
const WED_4_MAR = new Date('2026-03-04T11:00:00Z');
const at = (iso: string) => new Date(iso);

function assigned(owner?: string): Case {
  return rules.assignOwner(aStoredCase(), owner ? { owner } : {}, ruleContext(staff.admin, WED_4_MAR)).case;
}

function issuePaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('assigning stage 1 (step 4)', () => {
  it("passes the complaint to its function's Head, with 10 working days from receipt", () => {
    const { case: c, event } = rules.assignOwner(aStoredCase(), {}, ruleContext(staff.admin, WED_4_MAR));
    expect(c.stage).toBe(1);
    expect(c.owner).toBe('operations-head');
    expect(c.stages[0]).toMatchObject({ number: 1, startedAt: MON_2_MAR.toISOString(), deadline: '2026-03-16T23:59:59.999Z' });
    expect(c.nextDeadline).toBe('2026-03-16T23:59:59.999Z');
    expect(c.version).toBe(2);
    expect(event).toMatchObject({ type: 'owner-assigned', version: 2, actor: { type: 'staff', id: 'admin-manager' }, data: { owner: 'operations-head', why: 'head' } });
  });

  it.each([
    [{ head: false, deputy: true }, 'operations-deputy', 'deputy'],
    [{ head: false, deputy: false }, 'duty-officer', 'duty-officer'],
  ])('falls back when the Head is unavailable (%o → %s)', (availability, owner, why) => {
    const directory = defaultDirectory(defaultPolicy);
    directory.functions[0]!.head.available = availability.head;
    directory.functions[0]!.deputy.available = availability.deputy;
    const { case: c, event } = rules.assignOwner(aStoredCase(), {}, ruleContext(staff.admin, WED_4_MAR, { directory }));
    expect(c.owner).toBe(owner);
    expect(event.data.why).toBe(why);
  });

  it('takes a named Functional Head', () => {
    expect(assigned('prevention-deputy').owner).toBe('prevention-deputy');
  });

  it('refuses an owner who is not a Functional Head, Deputy or the Duty Officer', () => {
    expect(issuePaths(() => rules.assignOwner(aStoredCase(), { owner: 'ssm' }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['owner']);
  });

  it('refuses an owner marked unavailable', () => {
    const directory = defaultDirectory(defaultPolicy);
    directory.functions[1]!.head.available = false;
    expect(issuePaths(() => rules.assignOwner(aStoredCase(), { owner: 'prevention-head' }, ruleContext(staff.admin, WED_4_MAR, { directory })))).toEqual(['owner']);
  });

  it('needs an owner named when the case has no function', () => {
    const c = aStoredCase({ function: undefined });
    expect(issuePaths(() => rules.assignOwner(c, {}, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['owner']);
  });

  it('refuses compliments and closed cases', () => {
    const compliment = { ...aStoredCase(), kind: 'compliment' as const };
    expect(() => rules.assignOwner(compliment, {}, ruleContext(staff.admin, WED_4_MAR))).toThrow(InvalidStateError);
    const closed = { ...aStoredCase(), status: 'closed' as const };
    expect(() => rules.assignOwner(closed, {}, ruleContext(staff.admin, WED_4_MAR))).toThrow(InvalidStateError);
  });

  it('transfers the current stage to someone else, keeping who owned it', () => {
    const { case: c, event } = rules.assignOwner(assigned(), { owner: 'operations-deputy', reason: 'Head on leave' }, ruleContext(staff.opsHead, at('2026-03-05T09:00:00Z')));
    expect(c.owner).toBe('operations-deputy');
    expect(c.stages[0]!.owners).toEqual(['operations-head', 'operations-deputy']);
    expect(c.stages[0]!.deadline).toBe('2026-03-16T23:59:59.999Z');
    expect(event).toMatchObject({ type: 'owner-transferred', data: { from: 'operations-head', owner: 'operations-deputy', reason: 'Head on leave' } });
    expect(() => rules.assignOwner(c, { owner: 'operations-deputy' }, ruleContext(staff.admin, WED_4_MAR))).toThrow(ValidationError);
  });
});

describe('stage outcomes', () => {
  const resolved = { result: 'resolved' as const, decision: 'partly-upheld' as const, response: 'We are sorry.', remedy: 'Apology', lessonsLearned: 'Park elsewhere' };

  it('closes the case when the owner resolves it', () => {
    const { case: c, event } = rules.recordOutcome(assigned(), resolved, ruleContext(staff.opsHead, at('2026-03-10T12:00:00Z')));
    expect(c).toMatchObject({ status: 'closed', stage: null, owner: null, closure: 'resolved', nextDeadline: null });
    expect(c.outcome).toMatchObject({ stage: 1, decision: 'partly-upheld', remedy: 'Apology', lessonsLearned: 'Park elsewhere', decidedBy: 'operations-head' });
    expect(c.stages[0]).toMatchObject({ endedBy: 'resolved', endedAt: '2026-03-10T12:00:00.000Z' });
    expect(event).toMatchObject({ type: 'outcome-recorded', data: { result: 'resolved', decision: 'partly-upheld' } });
  });

  it('transfers to another Functional Head for stage 2 with a full 10 working days from the transfer', () => {
    const { case: c, event } = rules.recordOutcome(assigned(), { result: 'further-action', reason: 'Needs fleet input', transferTo: 'fleet-head' }, ruleContext(staff.opsHead, at('2026-03-10T12:00:00Z')));
    expect(c.stage).toBe(2);
    expect(c.owner).toBe('fleet-head');
    // Tuesday 10 March + 10 working days = Tuesday 24 March.
    expect(c.stages[1]).toMatchObject({ number: 2, startedAt: '2026-03-10T12:00:00.000Z', deadline: '2026-03-24T23:59:59.999Z' });
    expect(c.stages[0]!.endedBy).toBe('further-action');
    expect(event.data).toMatchObject({ nextStage: 2, owner: 'fleet-head' });
  });

  it('never gives stage 2 to the person who owned stage 1', () => {
    const c = assigned();
    expect(issuePaths(() => rules.recordOutcome(c, { result: 'further-action', reason: 'x', transferTo: 'operations-head' }, ruleContext(staff.opsHead, WED_4_MAR)))).toEqual(['transferTo']);
    // Nor when the Administration Manager assigns it later.
    const stage2 = rules.recordOutcome(c, { result: 'further-action', reason: 'x' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    expect(stage2.owner).toBeNull();
    expect(issuePaths(() => rules.assignOwner(stage2, { owner: 'operations-head' }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['owner']);
    expect(rules.assignOwner(stage2, { owner: 'people-head' }, ruleContext(staff.admin, WED_4_MAR)).case.owner).toBe('people-head');
  });

  it("asks the Administration Manager to refer it on when the next stage is the CRO's, then the referral starts stage 3", () => {
    const stage2 = rules.recordOutcome(assigned(), { result: 'further-action', reason: 'x', transferTo: 'fleet-head' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    const asked = rules.recordOutcome(stage2, { result: 'further-action', reason: 'Still unresolved' }, ruleContext({ id: 'fleet-head', roles: ['functional-head'] }, at('2026-03-12T09:00:00Z')));
    expect(asked.case.stage).toBe(2);
    expect(asked.case.referralRequested).toMatchObject({ by: 'fleet-head', reason: 'Still unresolved' });
    expect(asked.event.type).toBe('referral-requested');

    const referred = rules.referToCro(asked.case, { reason: 'As advised' }, ruleContext(staff.admin, at('2026-03-12T15:00:00Z')));
    expect(referred.case).toMatchObject({ stage: 3, owner: 'cro' });
    expect(referred.case.referralRequested).toBeUndefined();
    // Thursday 12 March + 10 working days = Thursday 26 March.
    expect(referred.case.stages[2]!.deadline).toBe('2026-03-26T23:59:59.999Z');
    expect(referred.event).toMatchObject({ type: 'referred-to-cro', data: { from: 2, stage: 3, owner: 'cro' } });
    expect(() => rules.referToCro(referred.case, { reason: 'again' }, ruleContext(staff.admin, WED_4_MAR))).toThrow(InvalidStateError);
  });

  it('closes with the Ombudsman referral when the last stage needs further action', () => {
    const stage3 = rules.referToCro(assigned(), { reason: 'Serious' }, ruleContext(staff.admin, WED_4_MAR)).case;
    const { case: c } = rules.recordOutcome(stage3, { result: 'further-action', reason: 'Customer still unhappy' }, ruleContext(staff.cro, at('2026-03-06T10:00:00Z')));
    expect(c).toMatchObject({ status: 'closed', closure: 'ombudsman-referral', stage: null });
  });

  it('refuses an outcome on a complaint not yet in a stage', () => {
    expect(() => rules.recordOutcome(aStoredCase(), resolved, ruleContext(staff.opsHead, WED_4_MAR))).toThrow(InvalidStateError);
  });

  it("runs another service's procedure: one 20-day investigation, then the CRO's independent review", () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 20 },
        { name: 'Independent review', owner: 'cro', workingDays: 20 },
      ],
    });
    const c = rules.assignOwner(aStoredCase(), {}, ruleContext(staff.admin, WED_4_MAR, { policy })).case;
    expect(c.stages[0]!.deadline).toBe('2026-03-30T22:59:59.999Z'); // 20 working days; BST from 29 March
    const asked = rules.recordOutcome(c, { result: 'further-action', reason: 'Review please' }, ruleContext(staff.opsHead, WED_4_MAR, { policy })).case;
    expect(asked.referralRequested).toEqual({ at: WED_4_MAR.toISOString(), by: 'operations-head', reason: 'Review please' });
    expect(rules.referToCro(asked, { reason: 'x' }, ruleContext(staff.admin, WED_4_MAR, { policy })).case.stage).toBe(2);
  });
});

describe('extensions', () => {
  it('moves the deadline on by working days and records the reason for the customer', () => {
    const { case: c, event } = rules.extendDeadline(assigned(), { workingDays: 5, reason: 'Waiting for CCTV' }, ruleContext(staff.opsHead, WED_4_MAR));
    // Monday 16 March + 5 working days = Monday 23 March.
    expect(c.stages[0]).toMatchObject({ deadline: '2026-03-23T23:59:59.999Z', extendedBy: 5 });
    expect(c.nextDeadline).toBe('2026-03-23T23:59:59.999Z');
    expect(event).toMatchObject({ type: 'deadline-extended', data: { from: '2026-03-16T23:59:59.999Z', to: '2026-03-23T23:59:59.999Z', reason: 'Waiting for CCTV' } });
  });

  it('keeps each extension on the stage with when, by whom, how long and why', () => {
    const once = rules.extendDeadline(assigned(), { workingDays: 3, reason: 'Waiting for CCTV' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    const twice = rules.extendDeadline(once, { workingDays: 2, reason: 'The witness is on leave' }, ruleContext(staff.opsDeputy, at('2026-03-12T09:30:00Z'))).case;
    expect(twice.stages[0]!.extensions).toEqual([
      { at: '2026-03-04T11:00:00.000Z', by: 'operations-head', workingDays: 3, reason: 'Waiting for CCTV' },
      { at: '2026-03-12T09:30:00.000Z', by: 'operations-deputy', workingDays: 2, reason: 'The witness is on leave' },
    ]);
    expect(twice.stages[0]!.extendedBy).toBe(5);
  });

  it('adds to a stage extended before reasons were kept, leaving the earlier extension without one', () => {
    const old = aComplaintAtStageOne('operations-head', { stages: [{ ...aComplaintAtStageOne().stages[0]!, extendedBy: 2, deadline: '2026-03-18T23:59:59.999Z' }] });
    const c = rules.extendDeadline(old, { workingDays: 1, reason: 'More time' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    expect(c.stages[0]).toMatchObject({ extendedBy: 3, extensions: [{ workingDays: 1, reason: 'More time' }] });
  });

  it("refuses to extend beyond the policy's limit in all", () => {
    const once = rules.extendDeadline(assigned(), { workingDays: 8, reason: 'x' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    expect(issuePaths(() => rules.extendDeadline(once, { workingDays: 3, reason: 'y' }, ruleContext(staff.opsHead, WED_4_MAR)))).toEqual(['workingDays']);
    expect(rules.extendDeadline(once, { workingDays: 2, reason: 'y' }, ruleContext(staff.opsHead, WED_4_MAR)).case.stages[0]!.extendedBy).toBe(10);
  });
});

describe('draft findings', () => {
  it('shares a draft and records the customer comments on it', () => {
    const shared = rules.shareDraftFindings(assigned(), { findings: 'We think the crew was wrong to park there.' }, ruleContext(staff.opsHead, WED_4_MAR));
    expect(shared.event).toMatchObject({ type: 'draft-findings-shared', data: { stage: 1, draft: 1 } });
    const commented = rules.recordDraftComments(shared.case, { comments: 'Agreed', receivedOn: '2026-03-05' }, ruleContext(staff.admin, at('2026-03-06T09:00:00Z')));
    expect(commented.case.draftFindings[0]!.comments).toMatchObject({ text: 'Agreed', receivedOn: '2026-03-05', recordedBy: 'admin-manager' });
    expect(() => rules.recordDraftComments(commented.case, { comments: 'More', receivedOn: '2026-03-06' }, ruleContext(staff.admin, at('2026-03-06T09:00:00Z')))).toThrow(InvalidStateError);
  });

  it('refuses comments when no draft was shared, or dated before the draft or in the future', () => {
    expect(() => rules.recordDraftComments(assigned(), { comments: 'x', receivedOn: '2026-03-05' }, ruleContext(staff.admin, WED_4_MAR))).toThrow(InvalidStateError);
    const shared = rules.shareDraftFindings(assigned(), { findings: 'draft' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    expect(issuePaths(() => rules.recordDraftComments(shared, { comments: 'x', receivedOn: '2026-03-03' }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['receivedOn']);
    expect(issuePaths(() => rules.recordDraftComments(shared, { comments: 'x', receivedOn: '2026-03-09' }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['receivedOn']);
  });
});

describe('Ombudsman', () => {
  it('records an enquiry on a closed complaint, then its findings', () => {
    const closed = rules.recordOutcome(assigned(), { result: 'resolved', decision: 'not-upheld', response: 'No' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    const enquiry = rules.recordOmbudsman(closed, { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LG-26-001' }, ruleContext(staff.cro, at('2026-04-02T09:00:00Z'))).case;
    expect(enquiry.status).toBe('closed');
    const findings = rules.recordOmbudsman(enquiry, { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LG-26-001', findings: 'Fault found', recommendations: 'Apologise' }, ruleContext(staff.cro, at('2026-05-02T09:00:00Z')));
    expect(findings.case.ombudsman).toMatchObject({ ombudsmanReference: 'LG-26-001', findings: 'Fault found', recommendations: 'Apologise' });
    expect(findings.event).toMatchObject({ type: 'ombudsman-recorded', data: { findings: true, recommendations: true } });
  });

  it('refuses compliments and impossible dates', () => {
    const compliment = { ...aStoredCase(), kind: 'compliment' as const };
    expect(() => rules.recordOmbudsman(compliment, { enquiryReceivedOn: '2026-03-03', ombudsmanReference: 'x' }, ruleContext(staff.cro, WED_4_MAR))).toThrow(InvalidStateError);
    expect(issuePaths(() => rules.recordOmbudsman(aStoredCase(), { enquiryReceivedOn: '2026-03-01', ombudsmanReference: 'x' }, ruleContext(staff.cro, WED_4_MAR)))).toEqual(['enquiryReceivedOn']);
    expect(issuePaths(() => rules.recordOmbudsman(aStoredCase(), { enquiryReceivedOn: '2026-03-05', ombudsmanReference: 'x' }, ruleContext(staff.cro, WED_4_MAR)))).toEqual(['enquiryReceivedOn']);
  });
});

describe('updating details', () => {
  it('keeps what each field was in the timeline, marked as personal data', () => {
    const { case: c, event } = rules.updateDetails(aStoredCase(), { email: 'new@example.com', location: null }, ruleContext(staff.admin, WED_4_MAR));
    expect(c.customer.email).toBe('new@example.com');
    expect(c.location).toBeUndefined();
    expect(event).toMatchObject({
      type: 'details-updated',
      personal: true,
      data: { changes: { email: { from: 'ann@example.com', to: 'new@example.com' }, location: { from: 'High Street, Bedford', to: null } } },
    });
  });

  it('refuses to leave a complaint with no way to reply, or to change nothing', () => {
    expect(issuePaths(() => rules.updateDetails(aStoredCase(), { email: null, phone: null, address: null }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['email']);
    expect(issuePaths(() => rules.updateDetails(aStoredCase(), { summary: aStoredCase().summary }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['']);
  });

  it('moves the preferred contact on when its details are removed', () => {
    const { case: c } = rules.updateDetails(aStoredCase(), { email: null }, ruleContext(staff.admin, WED_4_MAR));
    expect(c.customer.preferredContact).toBe('phone');
  });
});

describe('every change', () => {
  it('raises the version by one and records exactly that version on its event', () => {
    let c = assigned();
    const steps = [
      (x: Case) => rules.extendDeadline(x, { workingDays: 1, reason: 'r' }, ruleContext(staff.opsHead, WED_4_MAR)),
      (x: Case) => rules.shareDraftFindings(x, { findings: 'f' }, ruleContext(staff.opsHead, WED_4_MAR)),
      (x: Case) => rules.recordOutcome(x, { result: 'resolved', decision: 'upheld', response: 'Sorry' }, ruleContext(staff.opsHead, WED_4_MAR)),
    ];
    for (const step of steps) {
      const { case: next, event } = step(c);
      expect(next.version).toBe(c.version + 1);
      expect(event.version).toBe(next.version);
      c = next;
    }
  });
});

describe('escalation when a stage deadline passes (the workflow)', () => {
  const system = { ...staff.admin, id: 'system', roles: [] };
  const stage1 = () => rules.startStageOne(aStoredCase(), ruleContext(system, WED_4_MAR)).case;

  it('starts stage 2 at the missed deadline, so stages run 10/20/30 working days from receipt', () => {
    const { case: c, event } = rules.escalateOnDeadline(stage1(), ruleContext(system, at('2026-03-17T00:00:01Z')));
    expect(c.stages[1]).toMatchObject({ number: 2, startedAt: '2026-03-16T23:59:59.999Z', deadline: '2026-03-30T22:59:59.999Z', owner: null });
    expect(c.stages[0]!.endedBy).toBe('deadline');
    expect(event).toMatchObject({ type: 'stage-escalated', data: { from: 1, to: 2 } });
  });

  it('gives a stage its full time from now when it would be over before it began', () => {
    // Logged (or woken) in June for a complaint received in March: stage 2 would have ended in March.
    const { case: c } = rules.escalateOnDeadline(stage1(), ruleContext(system, at('2026-06-01T09:00:00Z')));
    expect(c.stages[1]).toMatchObject({ startedAt: '2026-06-01T09:00:00.000Z', deadline: '2026-06-15T22:59:59.999Z' });
  });

  it('gives stage 3 to the CRO, and closes for the Ombudsman after the last stage', () => {
    const s2 = rules.escalateOnDeadline(stage1(), ruleContext(system, at('2026-03-17T00:00:01Z'))).case;
    const s3 = rules.escalateOnDeadline(s2, ruleContext(system, at('2026-03-31T00:00:01Z'))).case;
    expect(s3).toMatchObject({ stage: 3, owner: 'cro' });
    const closed = rules.escalateOnDeadline(s3, ruleContext(system, at('2026-04-15T00:00:01Z'))).case;
    expect(closed).toMatchObject({ status: 'closed', closure: 'ombudsman-referral', stage: null });
  });

  it('starts stage 1 with nobody when the case has no function', () => {
    const c = rules.startStageOne(aStoredCase({ function: undefined }), ruleContext(system, WED_4_MAR)).case;
    expect(c).toMatchObject({ stage: 1, owner: null });
  });
});

describe('the audit history of earlier stages', () => {
  const THU_12_MAR = at('2026-03-12T09:00:00Z');
  const opsAdmin = ruleContext(staff.admin, THU_12_MAR);
  const fleet = ruleContext(people.fleetHead, THU_12_MAR);
  const stageTwoChanges: [string, (c: Case) => Case][] = [
    ['stage 2 is resolved', (c) => rules.recordOutcome(c, { result: 'resolved', decision: 'upheld', response: 'Sorry' }, fleet).case],
    ['stage 2 asks for a referral', (c) => rules.recordOutcome(c, { result: 'further-action', reason: 'Serious' }, fleet).case],
    ['stage 2 is referred to the CRO', (c) => rules.referToCro(c, { reason: 'Serious' }, opsAdmin).case],
    ['stage 2 runs out of time', (c) => rules.escalateOnDeadline(c, ruleContext(rules.SYSTEM, at('2026-03-25T00:00:01Z'))).case],
    ['stage 2 is transferred', (c) => rules.assignOwner(c, { owner: 'people-head' }, fleet).case],
    ['stage 2 is extended', (c) => rules.extendDeadline(c, { workingDays: 5, reason: 'CCTV' }, fleet).case],
    ['draft findings are shared at stage 2', (c) => rules.shareDraftFindings(c, { findings: 'f' }, fleet).case],
  ];

  it.each(stageTwoChanges)('keeps stage 1 exactly as it ended when %s', (_what, step) => {
    const before = aComplaintAtStageTwo();
    expect(step(before).stages[0]).toEqual(before.stages[0]);
  });

  it.each<[string, (c: Case) => Case, string]>([
    ['resolved', (c) => rules.recordOutcome(c, { result: 'resolved', decision: 'upheld', response: 'Sorry' }, ruleContext(staff.cro, at('2026-03-25T09:00:00Z'))).case, 'resolved'],
    ['closed for the Ombudsman', (c) => rules.recordOutcome(c, { result: 'further-action', reason: 'Still unhappy' }, ruleContext(staff.cro, at('2026-03-25T09:00:00Z'))).case, 'further-action'],
    ['timed out', (c) => rules.escalateOnDeadline(c, ruleContext(rules.SYSTEM, at('2026-04-08T00:00:01Z'))).case, 'deadline'],
  ])('ends only stage 3 when the last stage is %s', (_how, step, endedBy) => {
    const before = aComplaintAtStageThree();
    const after = step(before);
    expect(after.stages.slice(0, 2)).toEqual(before.stages.slice(0, 2));
    expect(after.stages[2]!.endedAt).not.toBe(before.stages[1]!.endedAt);
    expect(after.stages[2]).toMatchObject({ number: 3, owner: 'cro', deadline: STAGE_3_DEADLINE, endedBy });
  });

  it('ends stage 2 as referred when the Administration Manager refers it to the CRO', () => {
    const { case: c } = rules.referToCro(aComplaintAtStageTwo(), { reason: 'Serious' }, opsAdmin);
    expect(c.stages[1]).toMatchObject({ endedAt: THU_12_MAR.toISOString(), endedBy: 'referral' });
  });

  it('records when and how the last stage ended: the missed deadline, when it timed out', () => {
    const { case: c, event } = rules.escalateOnDeadline(aComplaintAtStageThree(), ruleContext(rules.SYSTEM, at('2026-04-08T06:00:00Z')));
    expect(c.stages[2]).toMatchObject({ endedAt: STAGE_3_DEADLINE, endedBy: 'deadline' });
    expect(c).toMatchObject({ status: 'closed', closure: 'ombudsman-referral', closedAt: '2026-04-08T06:00:00.000Z', nextDeadline: null });
    expect(event.type).toBe('stage-escalated');
    expect(event.data).toEqual({ from: 3, to: null, closure: 'ombudsman-referral', deadlinePassed: STAGE_3_DEADLINE });
  });
});

describe('who may own a stage', () => {
  const fleet = ruleContext(people.fleetHead, at('2026-03-12T09:00:00Z'));

  it("refuses to send stage 3 to anyone but the CRO, the Administration Manager's referral being the only way there", () => {
    expect(issuePaths(() => rules.recordOutcome(aComplaintAtStageTwo(), { result: 'further-action', reason: 'x', transferTo: 'cro' }, fleet))).toEqual(['transferTo']);
    expect(issuePaths(() => rules.recordOutcome(aComplaintAtStageTwo(), { result: 'further-action', reason: 'x', transferTo: 'people-head' }, fleet))).toEqual(['transferTo']);
    expect(issuePaths(() => rules.assignOwner(aComplaintAtStageThree(), { owner: 'people-head' }, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['owner']);
  });

  it('gives an unowned CRO stage to the CRO without being told, and refuses to give it to them twice', () => {
    const unowned = aComplaintAtStageThree({ owner: null });
    const { case: c, event } = rules.assignOwner(unowned, {}, ruleContext(staff.admin, WED_4_MAR));
    expect(c.owner).toBe('cro');
    expect(event).toMatchObject({ type: 'owner-assigned', data: { stage: 3, from: null, owner: 'cro' } });
    expect(issuePaths(() => rules.assignOwner(aComplaintAtStageThree(), {}, ruleContext(staff.admin, WED_4_MAR)))).toEqual(['owner']);
    expect(rules.assignOwner(unowned, { owner: 'cro' }, ruleContext(staff.admin, WED_4_MAR)).case.owner).toBe('cro');
  });

  it('needs the Administration Manager to name who takes on stage 2, never the stage 1 owner', () => {
    const unowned = aComplaintAtStageTwo(null);
    expect(() => rules.assignOwner(unowned, {}, ruleContext(staff.admin, WED_4_MAR))).toThrow('owner: name the Functional Head who takes on stage 2');
    expect(() => rules.assignOwner(unowned, { owner: 'operations-head' }, ruleContext(staff.admin, WED_4_MAR))).toThrow(
      'owner: stage 2 must go to another Functional Head: operations-head already owned an earlier stage of CC-2026-00001',
    );
    const { case: c, event } = rules.assignOwner(unowned, { owner: 'duty-officer' }, ruleContext(staff.admin, WED_4_MAR));
    expect(c.stages[1]).toMatchObject({ owner: 'duty-officer', owners: ['duty-officer'] });
    expect(event).toMatchObject({ type: 'owner-assigned', data: { stage: 2, from: null, owner: 'duty-officer' } });
    expect(event.data).not.toHaveProperty('reason');
  });

  it('lets a stage 2 owner pass it to a Functional Head who has not owned it before, even one who owned it earlier in the same stage', () => {
    const passed = rules.assignOwner(aComplaintAtStageTwo(), { owner: 'people-head' }, fleet).case;
    const back = rules.assignOwner(passed, { owner: 'fleet-head' }, ruleContext(people.admin, WED_4_MAR)).case;
    expect(back.stages[1]!.owners).toEqual(['fleet-head', 'people-head', 'fleet-head']);
  });

  it("passes stage 1 back to the procedure's choice when the owner named none", () => {
    const directory = defaultDirectory(defaultPolicy);
    directory.functions[0]!.head.available = false;
    const { case: c, event } = rules.assignOwner(aComplaintAtStageOne(), {}, ruleContext(staff.admin, WED_4_MAR, { directory }));
    expect(c.owner).toBe('operations-deputy');
    expect(event).toMatchObject({ type: 'owner-transferred', data: { stage: 1, from: 'operations-head', owner: 'operations-deputy' } });
  });

  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['the procedure chose', {}, { stage: 1, owner: 'operations-head', deadline: STAGE_1_DEADLINE, chosenBy: 'procedure', why: 'head' }],
    ['the Administration Manager named, with a reason', { owner: 'fleet-deputy', reason: 'Fleet matter' }, { stage: 1, owner: 'fleet-deputy', deadline: STAGE_1_DEADLINE, reason: 'Fleet matter' }],
  ])('records on the timeline who owns stage 1 and why: %s', (_why, input, data) => {
    expect(rules.assignOwner(aNewComplaint(), input, ruleContext(staff.admin, WED_4_MAR)).event.data).toStrictEqual(data);
  });

  it('names the stage 1 owner of a complaint with no function when the Administration Manager chooses one', () => {
    const { event } = rules.assignOwner(aNewComplaint({ function: undefined }), { owner: 'prevention-head' }, ruleContext(staff.admin, WED_4_MAR));
    expect(event.data).toStrictEqual({ stage: 1, owner: 'prevention-head', deadline: STAGE_1_DEADLINE });
  });
});

describe('refusals that say why', () => {
  const ctx = ruleContext(staff.admin, WED_4_MAR);
  it.each<[string, () => unknown, string]>([
    ['assigning a compliment', () => rules.assignOwner(aNewCompliment(), {}, ctx), 'CC-2026-00001 is a compliment: it has no investigation to be assigned'],
    ['extending a closed complaint', () => rules.extendDeadline(aClosedComplaint(), { workingDays: 1, reason: 'r' }, ctx), 'CC-2026-00001 is closed: it cannot have its deadline extended'],
    ['sharing findings before stage 1', () => rules.shareDraftFindings(aNewComplaint(), { findings: 'f' }, ctx), 'CC-2026-00001 has not started stage 1 yet: assign it to a Functional Head first'],
    ['referring a complaint the CRO has', () => rules.referToCro(aComplaintAtStageThree(), { reason: 'r' }, ctx), 'CC-2026-00001 is already with the Customer Relations Officer'],
    ['starting stage 1 twice', () => rules.startStageOne(aComplaintAtStageOne(), ctx), 'CC-2026-00001 is already in stage 1'],
    ['an Ombudsman enquiry about a compliment', () => rules.recordOmbudsman(aNewCompliment(), { enquiryReceivedOn: '2026-03-03', ombudsmanReference: 'x' }, ctx), 'CC-2026-00001 is a compliment: the Ombudsman does not look into compliments'],
    ['acknowledging twice', () => rules.recordAcknowledgement(aNewComplaint({ acknowledgedAt: RECEIVED }), 'email', ctx), 'CC-2026-00001 was already acknowledged'],
    ['closing a complaint as a compliment', () => rules.closeCompliment(aNewComplaint(), 'email', ctx), 'CC-2026-00001 is a complaint'],
    ['closing a compliment twice', () => rules.closeCompliment(aNewCompliment({ status: 'closed' }), 'email', ctx), 'CC-2026-00001 is already closed'],
    ['an outcome on a compliment', () => rules.recordOutcome(aNewCompliment(), { result: 'further-action', reason: 'r' }, ctx), 'CC-2026-00001 is a compliment: it has no investigation to record an outcome'],
    ['draft findings on a closed complaint', () => rules.shareDraftFindings(aClosedComplaint(), { findings: 'f' }, ctx), 'CC-2026-00001 is closed: it cannot share draft findings'],
    ['comments on a closed complaint', () => rules.recordDraftComments(aClosedComplaint(), { comments: 'c', receivedOn: '2026-03-04' }, ctx), 'CC-2026-00001 is closed: it cannot take comments on draft findings'],
    ['referring a closed complaint', () => rules.referToCro(aClosedComplaint(), { reason: 'r' }, ctx), 'CC-2026-00001 is closed: it cannot be referred'],
    ['starting stage 1 of a closed complaint', () => rules.startStageOne(aClosedComplaint(), ctx), 'CC-2026-00001 is closed: it cannot start stage 1'],
    ['escalating a closed complaint', () => rules.escalateOnDeadline(aClosedComplaint(), ctx), 'CC-2026-00001 is closed: it cannot escalate'],
  ])('refuses %s', (_what, act, message) => {
    expect(act).toThrow(InvalidStateError);
    expect(act).toThrow(message);
  });

  it('refuses a CRO referral when the policy has no CRO stage after this one', () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 10 },
        { name: 'Review', owner: 'another-functional-head', workingDays: 10 },
      ],
    });
    expect(() => rules.referToCro(aComplaintAtStageOne(), { reason: 'r' }, ruleContext(staff.admin, WED_4_MAR, { policy }))).toThrow(
      'the policy has no later stage for the Customer Relations Officer',
    );
  });
});

describe('turning a complaint into a compliment, and other changes of details', () => {
  const ctx = ruleContext(staff.admin, WED_4_MAR);

  it('refuses to turn a complaint under investigation into a compliment', () => {
    expect(() => rules.updateDetails(aComplaintAtStageOne(), { kind: 'compliment' }, ctx)).toThrow(
      'kind: CC-2026-00001 is already being investigated; it cannot become a compliment',
    );
  });

  it('turns a complaint not yet investigated into a compliment, which needs no way to reply', () => {
    const { case: c, event } = rules.updateDetails(aNewComplaint(), { kind: 'compliment', email: null, phone: null, address: null }, ctx);
    expect(c).toMatchObject({ kind: 'compliment', customer: { preferredContact: 'none', anonymous: false } });
    expect(event.data.changes).toMatchObject({ kind: { from: 'complaint', to: 'compliment' } });
  });

  it('turns a compliment into a complaint when it has a way to reply, keeping the wish not to be contacted', () => {
    const { case: c } = rules.updateDetails(aNewCompliment(), { kind: 'complaint', phone: '01234 567890' }, ctx);
    expect(c.kind).toBe('complaint');
    expect(c.customer).toEqual({ phone: '01234 567890', preferredContact: 'none', anonymous: false });
    expect(issuePaths(() => rules.updateDetails(aNewCompliment(), { kind: 'complaint' }, ctx))).toEqual(['email']);
  });

  // The retention job clears `data` of events marked personal; the rest of the timeline must survive it.
  it.each<[string, Record<string, unknown>, boolean]>([
    ['the name', { name: 'Ann Other' }, true],
    ['the email address', { email: 'ann@other.example' }, true],
    ['the phone number', { phone: '01234 000000' }, true],
    ['the address', { address: '2 Low Street' }, true],
    ['the preferred way to reply', { preferredContact: 'letter' }, true],
    ['the accessibility needs', { accessibilityNeeds: 'Braille' }, true],
    ['the summary', { summary: 'Engine on my drive' }, true],
    ['the details', { details: 'They parked there again.' }, true],
    ['the location', { location: 'Low Street' }, true],
    ['the function', { function: 'fleet' }, false],
    ['the incident date', { incidentDate: '2026-01-07' }, false],
    ['the urgency', { urgent: true }, false],
    ['the kind', { kind: 'compliment' }, false],
    ['the function and the email address together', { function: 'fleet', email: 'ann@other.example' }, true],
  ])('marks a change of %s as personal data (%o): %s', (_field, input, personal) => {
    const { event } = rules.updateDetails(aNewComplaint(), input, ctx);
    if (personal) expect(event.personal).toBe(true);
    else expect(event).not.toHaveProperty('personal');
  });

  it('keeps the preferred way to reply the customer chose when its details are still there', () => {
    const { case: c } = rules.updateDetails(aNewComplaint(), { phone: null }, ctx);
    expect(c.customer).toMatchObject({ preferredContact: 'email', email: 'ann@example.com', anonymous: false });
    expect(c.customer).not.toHaveProperty('phone');
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['to the phone when the email goes', { phone: '01234 567890', address: '1 High St' }, { email: null }, 'phone'],
    ['to the email when the phone goes', { preferredContact: 'phone', phone: '01234 567890' }, { phone: null }, 'email'],
    ['to a letter when only the address is left', { phone: undefined, address: '1 High St' }, { email: null }, 'letter'],
    ['to none when nothing is left of a compliment', {}, { kind: 'compliment', email: null }, 'none'],
  ])('moves the preferred way to reply %s', (_how, customer, input, preferred) => {
    const c = aNewComplaint({ customer: { preferredContact: 'email', email: 'ann@example.com', anonymous: false, ...customer } });
    expect(rules.updateDetails(c, input, ctx).case.customer.preferredContact).toBe(preferred);
  });

  it('refuses a preferred way to reply whose details are missing, or an incident in the future', () => {
    expect(() => rules.updateDetails(aNewComplaint(), { preferredContact: 'phone', phone: null }, ctx)).toThrow('preferredContact: "phone" was chosen but its details are missing');
    expect(issuePaths(() => rules.updateDetails(aNewComplaint(), { incidentDate: '2026-03-05' }, ctx))).toEqual(['incidentDate']);
    expect(rules.updateDetails(aNewComplaint(), { incidentDate: '2026-03-04' }, ctx).case.incidentDate).toBe('2026-03-04');
  });

  it('makes the customer anonymous only with no name and no way to reply', () => {
    const named = rules.updateDetails(aNewCompliment(), { name: 'Bob' }, ctx).case;
    expect(named.customer).toEqual({ name: 'Bob', preferredContact: 'none', anonymous: false });
    expect(rules.updateDetails(named, { name: null }, ctx).case.customer.anonymous).toBe(true);
  });
});

describe('Ombudsman enquiry dates', () => {
  it.each<[string, string, Date]>([
    ['on the day the complaint was received', '2026-03-02', WED_4_MAR],
    ['today', '2026-03-04', WED_4_MAR],
    ["today in London, while it is still yesterday in UTC", '2026-06-02', at('2026-06-01T23:30:00Z')],
  ])('accepts an enquiry received %s', (_when, enquiryReceivedOn, now) => {
    const { case: c, event } = rules.recordOmbudsman(aComplaintAtStageThree(), { enquiryReceivedOn, ombudsmanReference: 'LG-26-001' }, ruleContext(staff.cro, now));
    expect(c.ombudsman).toStrictEqual({ enquiryReceivedOn, ombudsmanReference: 'LG-26-001', recordedAt: now.toISOString(), recordedBy: 'cro' });
    expect(event.data).toEqual({ ombudsmanReference: 'LG-26-001', enquiryReceivedOn, findings: false, recommendations: false });
  });

  it('keeps the findings already recorded when the enquiry is recorded again without them', () => {
    const withFindings = aClosedComplaint({
      ombudsman: { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LG-26-001', findings: 'Fault', recommendations: 'Apologise', recordedAt: '2026-04-02T09:00:00.000Z', recordedBy: 'cro' },
    });
    const { case: c } = rules.recordOmbudsman(withFindings, { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LG-26-001/A' }, ruleContext(staff.cro, at('2026-05-01T09:00:00Z')));
    expect(c.ombudsman).toMatchObject({ ombudsmanReference: 'LG-26-001/A', findings: 'Fault', recommendations: 'Apologise', recordedAt: '2026-05-01T09:00:00.000Z' });
  });
});

const RECEIVED = '2026-03-02T10:00:00.000Z';

describe('the acknowledgement (step 2), by the workflow', () => {
  const workflow = { ...ruleContext(rules.SYSTEM, WED_4_MAR), actor: { type: 'system' as const } };
  const task = (type: CaseTask['type']): CaseTask => ({ type, due: '2026-03-11T23:59:59.999Z', createdAt: RECEIVED });

  it('records when and how it went out, and clears the tasks to acknowledge by hand, keeping the others', () => {
    const c = aNewComplaint({ tasks: [task('acknowledge-by-letter'), task('acknowledgement-email-failed'), task('assign-owner')] });
    const { case: next, event } = rules.recordAcknowledgement(c, 'letter', workflow);
    expect(next).toMatchObject({ acknowledgedAt: WED_4_MAR.toISOString(), acknowledgedVia: 'letter', nextDeadline: c.acknowledgeBy, version: 2 });
    expect(next.tasks).toEqual([task('assign-owner')]);
    expect(event).toEqual({ reference: 'CC-2026-00001', at: WED_4_MAR.toISOString(), type: 'acknowledged', actor: { type: 'system' }, version: 2, data: { via: 'letter' } });
  });

  it('records an acknowledgement of a case that never had tasks', () => {
    expect(rules.recordAcknowledgement(aNewComplaint(), 'email', workflow).case.tasks).toEqual([]);
  });

  it("keeps the acknowledgement's deadline as the next one until stage 1 starts", () => {
    expect(aNewComplaint().nextDeadline).toBe('2026-03-11T23:59:59.999Z');
    expect(rules.recordAcknowledgement(aComplaintAtStageOne(), 'email', workflow).case.nextDeadline).toBe(STAGE_1_DEADLINE);
  });
});

describe('tasks for the Administration Manager', () => {
  const workflow = ruleContext(rules.SYSTEM, WED_4_MAR);

  it('adds a task with when it was created, replacing an open task of the same type', () => {
    const older: CaseTask = { type: 'assign-owner', due: '2026-03-05T23:59:59.999Z', createdAt: RECEIVED, note: 'old' };
    const other: CaseTask = { type: 'email-failed', due: '2026-03-05T23:59:59.999Z', createdAt: RECEIVED };
    const { case: c, event } = rules.addTask(aNewComplaint({ tasks: [older, other] }), { type: 'assign-owner', due: '2026-03-06T23:59:59.999Z', note: 'No function' }, workflow);
    expect(c.tasks).toEqual([other, { type: 'assign-owner', due: '2026-03-06T23:59:59.999Z', note: 'No function', createdAt: WED_4_MAR.toISOString() }]);
    expect(event).toMatchObject({ type: 'task-created', actor: { type: 'staff', id: 'system' }, data: { task: 'assign-owner', due: '2026-03-06T23:59:59.999Z', note: 'No function' } });
    expect(event).not.toHaveProperty('personal');
  });

  it('ends the task to choose an owner when an owner is chosen, for stage 1 or a later stage, keeping the other tasks', () => {
    const choose: CaseTask = { type: 'assign-owner', due: '2026-03-16T23:59:59.999Z', createdAt: RECEIVED, note: 'Stage 2 needs an owner' };
    const other: CaseTask = { type: 'email-failed', due: '2026-03-05T23:59:59.999Z', createdAt: RECEIVED };
    const admin = ruleContext(staff.admin, WED_4_MAR);
    expect(rules.assignOwner(aNewComplaint({ tasks: [choose, other] }), {}, admin).case.tasks).toEqual([other]);
    const stage2 = { ...aComplaintAtStageTwo(null), tasks: [other, choose] };
    expect(rules.assignOwner(stage2, { owner: 'people-head' }, admin).case.tasks).toEqual([other]);
    // A transfer of an owned stage leaves the other tasks as they were.
    const owned = { ...aComplaintAtStageTwo(), tasks: [other] };
    expect(rules.assignOwner(owned, { owner: 'people-head' }, admin).case.tasks).toEqual([other]);
    expect(rules.assignOwner(aComplaintAtStageTwo(), { owner: 'people-head' }, admin).case.tasks).toEqual(aComplaintAtStageTwo().tasks);
  });

  it('keeps tasks of one type with different keys side by side, and replaces the one of the same key', () => {
    const closing: CaseTask = { type: 'email-failed', key: 'closing', due: '2026-03-05T23:59:59.999Z', createdAt: RECEIVED };
    const keyless: CaseTask = { type: 'email-failed', due: '2026-03-05T23:59:59.999Z', createdAt: RECEIVED };
    const { case: c, event } = rules.addTask(aNewComplaint({ tasks: [closing, keyless] }), { type: 'email-failed', key: 'extension#4', due: '2026-03-06T23:59:59.999Z' }, workflow);
    const extension = { type: 'email-failed', key: 'extension#4', due: '2026-03-06T23:59:59.999Z', createdAt: WED_4_MAR.toISOString() };
    expect(c.tasks).toEqual([closing, keyless, extension]);
    expect(event.data).toStrictEqual({ task: 'email-failed', due: '2026-03-06T23:59:59.999Z', key: 'extension#4' });
    const again = rules.addTask(c, { type: 'email-failed', key: 'closing', due: '2026-03-09T23:59:59.999Z' }, workflow).case;
    expect(again.tasks).toEqual([keyless, extension, { type: 'email-failed', key: 'closing', due: '2026-03-09T23:59:59.999Z', createdAt: WED_4_MAR.toISOString() }]);
  });

  it('adds the first task of a case, with no note when none is given', () => {
    const { case: c, event } = rules.addTask(aNewComplaint(), { type: 'acknowledge-by-phone', due: '2026-03-11T23:59:59.999Z' }, workflow);
    expect(c.tasks).toStrictEqual([{ type: 'acknowledge-by-phone', due: '2026-03-11T23:59:59.999Z', createdAt: WED_4_MAR.toISOString() }]);
    expect(event.data).toStrictEqual({ task: 'acknowledge-by-phone', due: '2026-03-11T23:59:59.999Z' });
  });
});

describe('a compliment, thanked and closed', () => {
  const workflow = ruleContext(rules.SYSTEM, WED_4_MAR);

  it('closes it as recorded, noting the thanks sent by email', () => {
    const { case: c, event } = rules.closeCompliment(aNewCompliment(), 'email', workflow);
    expect(c).toMatchObject({
      status: 'closed',
      closure: 'compliment-recorded',
      closedAt: WED_4_MAR.toISOString(),
      acknowledgedAt: WED_4_MAR.toISOString(),
      acknowledgedVia: 'email',
      stage: null,
      owner: null,
      nextDeadline: null,
      version: 2,
    });
    expect(event).toMatchObject({ type: 'compliment-thanked', data: { via: 'email' } });
  });

  it('closes an anonymous compliment with no thanks to send', () => {
    const { case: c, event } = rules.closeCompliment(aNewCompliment(), null, workflow);
    expect(c).toMatchObject({ status: 'closed', closure: 'compliment-recorded' });
    expect(c).not.toHaveProperty('acknowledgedAt');
    expect(c).not.toHaveProperty('acknowledgedVia');
    expect(event.data).toEqual({ via: null });
  });
});

describe('stage 1 started by the workflow (step 4)', () => {
  it("gives it to the function's Head from receipt, the procedure's choice on the timeline", () => {
    const { case: c, event } = rules.startStageOne(aNewComplaint(), ruleContext(rules.SYSTEM, WED_4_MAR));
    expect(c.stages).toEqual([{ number: 1, owner: 'operations-head', owners: ['operations-head'], startedAt: RECEIVED, deadline: STAGE_1_DEADLINE, extendedBy: 0 }]);
    expect(event.type).toBe('owner-assigned');
    expect(event.data).toEqual({ stage: 1, owner: 'operations-head', deadline: STAGE_1_DEADLINE, chosenBy: 'procedure', why: 'head' });
  });

  it('leaves it with nobody when the case has no function, saying so', () => {
    const { case: c, event } = rules.startStageOne(aNewComplaint({ function: undefined }), ruleContext(rules.SYSTEM, WED_4_MAR));
    expect(c.stages[0]).toMatchObject({ owner: null, owners: [] });
    expect(event.data).toEqual({ stage: 1, owner: null, deadline: STAGE_1_DEADLINE, chosenBy: 'procedure', why: 'no-function' });
  });

  it('refuses a compliment', () => {
    expect(() => rules.startStageOne(aNewCompliment(), ruleContext(rules.SYSTEM, WED_4_MAR))).toThrow(InvalidStateError);
  });
});

describe('escalation details', () => {
  it('gives stage 2 its full time from now when it would end the very moment it began', () => {
    // Stage 2 from the missed stage 1 deadline would end at 2026-03-30T22:59:59.999Z.
    const now = at('2026-03-30T22:59:59.999Z');
    const { case: c } = rules.escalateOnDeadline(aComplaintAtStageOne(), ruleContext(rules.SYSTEM, now));
    expect(c.stages[1]!.startedAt).toBe(now.toISOString());
  });

  it('records the escalation with the next stage and its owner on the timeline', () => {
    const { case: c, event } = rules.escalateOnDeadline(aComplaintAtStageTwo(), ruleContext(rules.SYSTEM, at('2026-03-25T00:00:01Z')));
    expect(c).toMatchObject({ stage: 3, owner: 'cro', nextDeadline: c.stages[2]!.deadline });
    expect(c.stages[1]).toMatchObject({ endedAt: STAGE_2_DEADLINE, endedBy: 'deadline' });
    expect(event.data).toEqual({ from: 2, to: 3, owner: 'cro', deadlinePassed: STAGE_2_DEADLINE, deadline: c.stages[2]!.deadline });
  });

  it("gives a later Functional Head stage to the function's Head when the policy has one", () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 10 },
        { name: 'Second look', owner: 'functional-head', workingDays: 5 },
      ],
    });
    const escalate = (c: Case) => rules.escalateOnDeadline(c, ruleContext(rules.SYSTEM, at('2026-03-17T00:00:01Z'), { policy })).case;
    expect(escalate(aComplaintAtStageOne()).owner).toBe('operations-head');
    expect(escalate(aComplaintAtStageOne(null, { function: undefined })).owner).toBeNull();
  });
});

describe('what an outcome records (steps 5 to 8)', () => {
  const fleet = ruleContext(people.fleetHead, at('2026-03-12T09:00:00Z'));

  it('keeps the decision and response, and no remedy or lessons that were not given', () => {
    const { case: c } = rules.recordOutcome(aComplaintAtStageTwo(), { result: 'resolved', decision: 'not-upheld', response: 'We found no fault.' }, fleet);
    expect(c.outcome).toStrictEqual({ stage: 2, decision: 'not-upheld', response: 'We found no fault.', decidedAt: '2026-03-12T09:00:00.000Z', decidedBy: 'fleet-head' });
    expect(c.stages[1]).toMatchObject({ endedAt: '2026-03-12T09:00:00.000Z', endedBy: 'resolved' });
  });

  it.each<[string, Case, z.output<typeof RecordOutcome>, string, Record<string, unknown>]>([
    ['resolved', aComplaintAtStageTwo(), { result: 'resolved', decision: 'upheld', response: 'Sorry' }, 'outcome-recorded', { stage: 2, result: 'resolved', decision: 'upheld' }],
    [
      'passed to stage 2',
      aComplaintAtStageOne(),
      { result: 'further-action', reason: 'Fleet matter', transferTo: 'fleet-head' },
      'outcome-recorded',
      { stage: 1, result: 'further-action', reason: 'Fleet matter', nextStage: 2, owner: 'fleet-head', deadline: '2026-03-26T23:59:59.999Z' },
    ],
    ['left for the Administration Manager to refer', aComplaintAtStageTwo(), { result: 'further-action', reason: 'Serious' }, 'referral-requested', { stage: 2, result: 'further-action', reason: 'Serious' }],
    ['closed for the Ombudsman', aComplaintAtStageThree(), { result: 'further-action', reason: 'Still unhappy' }, 'outcome-recorded', { stage: 3, result: 'further-action', closure: 'ombudsman-referral', reason: 'Still unhappy' }],
  ])('records on the timeline an outcome %s', (_what, c, input, type, data) => {
    const { event } = rules.recordOutcome(c, input, fleet);
    expect(event.type).toBe(type);
    expect(event.data).toStrictEqual(data);
  });

  it('leaves stage 2 unowned for the Administration Manager when the owner names nobody to take it', () => {
    const { case: c, event } = rules.recordOutcome(aComplaintAtStageOne(), { result: 'further-action', reason: 'Not mine' }, ruleContext(staff.opsHead, at('2026-03-12T09:00:00Z')));
    expect(c).toMatchObject({ stage: 2, owner: null });
    expect(event.data).toMatchObject({ nextStage: 2, owner: null });
  });

  it('closes with the referral request cleared', () => {
    const asked = aComplaintAtStageTwo('fleet-head', { referralRequested: { at: '2026-03-12T09:00:00.000Z', by: 'fleet-head', reason: 'Serious' } });
    const { case: c } = rules.recordOutcome(asked, { result: 'resolved', decision: 'upheld', response: 'Sorry' }, fleet);
    expect(c).not.toHaveProperty('referralRequested');
  });
});

describe('comments on draft findings: dates', () => {
  // Shared at 00:30 BST on Tuesday 2 June (still Monday 1 June in UTC).
  const shared = (sharedAt: string) =>
    aComplaintAtStageOne('operations-head', { draftFindings: [{ sharedAt, sharedBy: 'operations-head', stage: 1, findings: 'Draft' }] });
  const admin = (iso: string) => ruleContext(staff.admin, at(iso));

  it.each([
    ['the day the draft was shared', '2026-06-02'],
    ['today', '2026-06-04'],
  ])('accepts comments received %s', (_when, receivedOn) => {
    const { case: c, event } = rules.recordDraftComments(shared('2026-06-01T23:30:00.000Z'), { comments: 'Agreed', receivedOn }, admin('2026-06-04T15:00:00Z'));
    expect(c.draftFindings[0]!.comments).toStrictEqual({ receivedOn, text: 'Agreed', recordedAt: '2026-06-04T15:00:00.000Z', recordedBy: 'admin-manager' });
    expect(event.data).toStrictEqual({ draft: 1, receivedOn });
  });

  it('refuses comments dated the London day before the draft was shared, even when UTC still says that day', () => {
    expect(() => rules.recordDraftComments(shared('2026-06-01T23:30:00.000Z'), { comments: 'x', receivedOn: '2026-06-01' }, admin('2026-06-04T15:00:00Z'))).toThrow(
      'receivedOn: comments cannot arrive before the draft was shared',
    );
  });

  it('records comments on the latest draft still waiting for them, and says why it refuses', () => {
    const first = { sharedAt: '2026-03-04T09:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'One', comments: { receivedOn: '2026-03-05', text: 'No', recordedAt: '2026-03-05T09:00:00.000Z', recordedBy: 'admin-manager' } };
    const second = { sharedAt: '2026-03-06T09:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'Two' };
    const { case: c, event } = rules.recordDraftComments(aComplaintAtStageOne('operations-head', { draftFindings: [first, second] }), { comments: 'Yes', receivedOn: '2026-03-09' }, admin('2026-03-09T09:00:00Z'));
    expect(c.draftFindings[0]).toStrictEqual(first);
    expect(c.draftFindings[1]!.comments).toMatchObject({ text: 'Yes' });
    expect(event.data).toStrictEqual({ draft: 2, receivedOn: '2026-03-09' });
    expect(() => rules.recordDraftComments(c, { comments: 'More', receivedOn: '2026-03-09' }, admin('2026-03-09T10:00:00Z'))).toThrow(
      'comments are already recorded on every draft of CC-2026-00001; share a new draft first',
    );
    expect(() => rules.recordDraftComments(aComplaintAtStageOne(), { comments: 'x', receivedOn: '2026-03-09' }, admin('2026-03-09T10:00:00Z'))).toThrow(
      'no draft findings have been shared on CC-2026-00001 yet',
    );
  });
});

describe('more changes of details', () => {
  const ctx = ruleContext(staff.admin, WED_4_MAR);

  it('lets a customer ask not to be contacted', () => {
    const { case: c, event } = rules.updateDetails(aNewComplaint(), { preferredContact: 'none' }, ctx);
    expect(c.customer.preferredContact).toBe('none');
    expect(event.data).toStrictEqual({ changes: { preferredContact: { from: 'email', to: 'none' } } });
  });

  it.each([
    ['null', null],
    ['left undefined', undefined],
  ])('removes a field sent as %s', (_how, value) => {
    const { case: c, event } = rules.updateDetails(aNewComplaint(), { location: value }, ctx);
    expect(c).not.toHaveProperty('location');
    expect(event.data).toStrictEqual({ changes: { location: { from: 'High Street, Bedford', to: null } } });
  });

  it('refuses to assign a stage the policy no longer has', () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 10 },
        { name: 'Review', owner: 'another-functional-head', workingDays: 10 },
      ],
    });
    expect(() => rules.assignOwner(aComplaintAtStageThree({ owner: null }), {}, ruleContext(staff.admin, WED_4_MAR, { policy }))).toThrow('the policy has no stage 3');
  });
});

describe('invalid changes, each naming the field and saying why', () => {
  const admin = ruleContext(staff.admin, WED_4_MAR);
  const unavailable = defaultDirectory(defaultPolicy);
  unavailable.functions[1]!.head.available = false;

  function issues(act: () => unknown) {
    try {
      act();
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
    throw new Error('expected a ValidationError');
  }

  it.each<[string, () => unknown, string, string]>([
    ['a stage 1 owner who is not a Functional Head, Deputy or the Duty Officer', () => rules.assignOwner(aNewComplaint(), { owner: 'ssm' }, admin), 'owner', 'ssm is not a Functional Head, Deputy or the Duty Officer in the staff directory'],
    ['an owner marked unavailable', () => rules.assignOwner(aNewComplaint(), { owner: 'prevention-head' }, ruleContext(staff.admin, WED_4_MAR, { directory: unavailable })), 'owner', 'prevention-head is marked unavailable in the staff directory'],
    ['to choose the owner of a complaint with no function', () => rules.assignOwner(aNewComplaint({ function: undefined }), {}, admin), 'owner', "CC-2026-00001 has no function: name the owner, or set the case's function first"],
    ['the current owner again', () => rules.assignOwner(aComplaintAtStageOne(), { owner: 'operations-head' }, admin), 'owner', 'operations-head already owns stage 1 of CC-2026-00001'],
    ['stage 3 for a Functional Head', () => rules.assignOwner(aComplaintAtStageThree({ owner: null }), { owner: 'fleet-head' }, admin), 'owner', 'stage 3 belongs to the Customer Relations Officer (cro)'],
    [
      'a transfer into the CRO stage',
      () => rules.recordOutcome(aComplaintAtStageTwo(), { result: 'further-action', reason: 'x', transferTo: 'cro' }, admin),
      'transferTo',
      "stage 3 goes to the Customer Relations Officer by the Administration Manager's referral",
    ],
    ['stage 2 for its stage 1 owner', () => rules.recordOutcome(aComplaintAtStageOne(), { result: 'further-action', reason: 'x', transferTo: 'operations-head' }, admin), 'transferTo', 'stage 2 must go to another Functional Head: operations-head already owned an earlier stage of CC-2026-00001'],
    [
      'an extension past the limit',
      () => rules.extendDeadline(aComplaintAtStageOne('operations-head', { stages: [{ ...aComplaintAtStageOne().stages[0]!, extendedBy: 6 }] }), { workingDays: 5, reason: 'r' }, admin),
      'workingDays',
      'stage 1 has already been extended by 6 working days; the policy allows 10 in all',
    ],
    ['an Ombudsman enquiry before the complaint', () => rules.recordOmbudsman(aNewComplaint(), { enquiryReceivedOn: '2026-03-01', ombudsmanReference: 'x' }, admin), 'enquiryReceivedOn', 'cannot be before the complaint was received'],
    ['an Ombudsman enquiry from tomorrow', () => rules.recordOmbudsman(aNewComplaint(), { enquiryReceivedOn: '2026-03-05', ombudsmanReference: 'x' }, admin), 'enquiryReceivedOn', 'cannot be in the future'],
    ['comments from tomorrow', () => rules.recordDraftComments(rules.shareDraftFindings(aComplaintAtStageOne(), { findings: 'f' }, admin).case, { comments: 'x', receivedOn: '2026-03-05' }, admin), 'receivedOn', 'cannot be in the future'],
    ['details that change nothing', () => rules.updateDetails(aNewComplaint(), { urgent: false }, admin), '', 'nothing would change'],
    ['a complaint left with no way to reply', () => rules.updateDetails(aNewComplaint(), { email: null, phone: null, address: null }, admin), 'email', 'a complaint needs at least one way to reply: email, phone or address'],
    ['an incident in the future', () => rules.updateDetails(aNewComplaint(), { incidentDate: '2026-03-05' }, admin), 'incidentDate', 'cannot be in the future'],
  ])('refuses %s', (_what, act, path, message) => {
    expect(issues(act)).toStrictEqual([{ path, message }]);
  });
});

describe("a policy whose later stage is the function's own Head again", () => {
  it('may give that stage back to the stage 1 owner, unlike a stage for another Functional Head', () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 10 },
        { name: 'Second look', owner: 'functional-head', workingDays: 5 },
      ],
    });
    const { case: c } = rules.recordOutcome(aComplaintAtStageOne(), { result: 'further-action', reason: 'Look again', transferTo: 'operations-head' }, ruleContext(staff.opsHead, WED_4_MAR, { policy }));
    expect(c).toMatchObject({ stage: 2, owner: 'operations-head' });
  });
});

describe('the private tracking link', () => {
  const HASH = 'a1'.repeat(32);
  const system = (iso: string) => ({ ...ruleContext(rules.SYSTEM, at(iso)), actor: { type: 'system' } as const });

  it('is issued by the workflow: the case keeps the hash, the event says only that a link was issued', () => {
    const { case: c, event } = rules.issueTrackingLink(aNewComplaint(), HASH, system('2026-03-02T10:05:00Z'));
    expect(c.trackingLink).toEqual({ hash: HASH, issuedAt: '2026-03-02T10:05:00.000Z' });
    expect(c.version).toBe(2);
    expect(event).toEqual({ reference: 'CC-2026-00001', at: '2026-03-02T10:05:00.000Z', type: 'tracking-link-issued', actor: { type: 'system' }, version: 2, data: { replaced: false } });
    expect(JSON.stringify(event)).not.toContain('a1a1');
  });

  it('replaces a link whose email never went out, and says so', () => {
    const first = rules.issueTrackingLink(aNewComplaint(), HASH, system('2026-03-02T10:05:00Z')).case;
    const { case: c, event } = rules.issueTrackingLink(first, 'b2'.repeat(32), system('2026-03-02T10:06:00Z'));
    expect(c.trackingLink).toEqual({ hash: 'b2'.repeat(32), issuedAt: '2026-03-02T10:06:00.000Z' });
    expect(event.data).toEqual({ replaced: true });
  });

  it.each([['a token, not its hash', 'dGhlIHRyYWNraW5nIHBhZ2Ugb2Ygb25lIGNhc2UsIDM'], ['upper-case hex', 'A1'.repeat(32)], ['a hash one digit short', HASH.slice(1)], ['a hash with more after it', `${HASH}0`], ['more before it', `0${HASH}`]])(
    'refuses %s',
    (_what, hash) => {
      expect(issuePaths(() => rules.issueTrackingLink(aNewComplaint(), hash, system('2026-03-02T10:05:00Z')))).toEqual(['hash']);
    },
  );

  it('says what a hash must look like', () => {
    expect(() => rules.issueTrackingLink(aNewComplaint(), 'x', system('2026-03-02T10:05:00Z'))).toThrow(
      new ValidationError([{ path: 'hash', message: 'expected the SHA-256 hash of a token, as 64 hex digits' }]),
    );
  });

  it('is revoked by staff: it keeps when it was issued and when it was revoked, and why', () => {
    const c0 = aComplaintAtStageOne('operations-head', { trackingLink: { hash: HASH, issuedAt: '2026-03-02T10:05:00.000Z' } });
    const { case: c, event } = rules.revokeTrackingLink(c0, ruleContext(staff.admin, WED_4_MAR), 'Sent to the wrong address');
    expect(c.trackingLink).toEqual({ hash: HASH, issuedAt: '2026-03-02T10:05:00.000Z', revokedAt: WED_4_MAR.toISOString() });
    expect(event).toEqual({
      reference: 'CC-2026-00001',
      at: WED_4_MAR.toISOString(),
      type: 'tracking-link-revoked',
      actor: { type: 'staff', id: 'admin-manager' },
      version: 3,
      data: { issuedAt: '2026-03-02T10:05:00.000Z', reason: 'Sent to the wrong address' },
    });
    expect(rules.revokeTrackingLink(c0, ruleContext(staff.admin, WED_4_MAR)).event.data).toEqual({ issuedAt: '2026-03-02T10:05:00.000Z' });
  });

  it('cannot revoke a link the case does not have, or revoke it twice', () => {
    expect(() => rules.revokeTrackingLink(aNewComplaint(), ruleContext(staff.admin, WED_4_MAR))).toThrow(new InvalidStateError('CC-2026-00001 has no tracking link'));
    const revoked = aNewComplaint({ trackingLink: { hash: HASH, issuedAt: '2026-03-02T10:05:00.000Z', revokedAt: '2026-03-03T10:00:00.000Z' } });
    expect(() => rules.revokeTrackingLink(revoked, ruleContext(staff.admin, WED_4_MAR))).toThrow(new InvalidStateError('The tracking link of CC-2026-00001 was already revoked'));
  });

  it('lets the public act with no member of staff and no role', () => {
    expect(rules.PUBLIC).toEqual({ id: 'public', roles: [] });
  });
});
