import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { InvalidStateError, ValidationError } from '../../functions/domain/errors';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
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
    expect(asked.referralRequested).toBeDefined();
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

  it("refuses to extend beyond the policy's limit in all", () => {
    const once = rules.extendDeadline(assigned(), { workingDays: 8, reason: 'x' }, ruleContext(staff.opsHead, WED_4_MAR)).case;
    expect(issuePaths(() => rules.extendDeadline(once, { workingDays: 3, reason: 'y' }, ruleContext(staff.opsHead, WED_4_MAR)))).toEqual(['workingDays']);
    expect(rules.extendDeadline(once, { workingDays: 2, reason: 'y' }, ruleContext(staff.opsHead, WED_4_MAR)).case.stages[0]!.extendedBy).toBe(10);
  });
});

describe('draft findings', () => {
  it('shares a draft and records the customer comments on it', () => {
    const shared = rules.shareDraftFindings(assigned(), { findings: 'We think the crew was wrong to park there.' }, ruleContext(staff.opsHead, WED_4_MAR));
    expect(shared.event.type).toBe('draft-findings-shared');
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
