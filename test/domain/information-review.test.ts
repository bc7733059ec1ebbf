import { describe, expect, it } from 'vitest';
import { deadlineOf, type Case } from '../../functions/domain/case';
import { InvalidStateError, ValidationError } from '../../functions/domain/errors';
import {
  DecideInformationReview,
  decideInformationReview,
  ExtendInformationReview,
  extendInformationReview,
  isUnderReview,
  ReferInformationReview,
  referInformationReview,
} from '../../functions/domain/information-review';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { toIssues } from '../../functions/domain/validation';
import { aClosedComplaint, aComplaintAtStageOne, aComplaintAtStageTwo, aNewComplaint, aNewCompliment, people } from '../support/case-mothers';
import { ruleContext } from '../support/cases';
import defaultPolicyJson from '../../policies/bedfordshire-and-luton.json';

/**
 * Complaints about how an information request was handled (DESIGN.md §2; §6: a review within 20
 * working days, 40 in exceptional cases, then the ICO): referred by the Administration Manager,
 * reviewed by Legal & Governance, extended at most once, closed by the review's outcome.
 */

/** Thursday 5 March 2026, 14:00 GMT. */
const THU_5_MAR = new Date('2026-03-05T14:00:00Z');
/** 20 working days from Thursday 5 March: Thursday 2 April (BST), the day before Good Friday. */
const REVIEW_DEADLINE = '2026-04-02T22:59:59.999Z';

const issuesOf = (schema: { safeParse: (x: unknown) => { success: boolean; error?: unknown } }, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : toIssues(r.error as never);
};

const refer = (c: Case, input: unknown = { request: 'foi' }, now = THU_5_MAR) => referInformationReview(c, ReferInformationReview.parse(input), ruleContext(people.admin, now));

/** A complaint under review: referred at stage 1 on Thursday 5 March. */
const underReview = (overrides: Partial<Case> = {}) => ({ ...refer(aComplaintAtStageOne()).case, ...overrides });

describe('the policy: informationRequestReview', () => {
  it('is 20 working days, at most 40, in the default policy', () => {
    expect(defaultPolicy.informationRequestReview).toEqual({ workingDays: 20, maxWorkingDays: 40 });
  });

  it('defaults to the ICO\'s 20 and 40 when a policy leaves it out', () => {
    const { informationRequestReview: _left, ...rest } = defaultPolicyJson as Record<string, unknown>;
    expect(parsePolicy(rest).informationRequestReview).toEqual({ workingDays: 20, maxWorkingDays: 40 });
  });

  it.each<[string, unknown, string]>([
    ['a most below the first', { workingDays: 20, maxWorkingDays: 10 }, 'informationRequestReview.maxWorkingDays'],
    ['no working days', { workingDays: 0, maxWorkingDays: 40 }, 'informationRequestReview.workingDays'],
    ['a field it does not know', { workingDays: 20, maxWorkingDays: 40, extra: 1 }, 'informationRequestReview.extra'],
  ])('refuses %s, naming the field', (_what, section, path) => {
    expect(() => parsePolicy({ ...defaultPolicyJson, informationRequestReview: section })).toThrow(expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ path })]) }));
  });
});

describe('the referral (ReferInformationReview)', () => {
  it.each<[string, unknown, Array<{ path: string; message: string }>]>([
    ['no kind of request', {}, [{ path: 'request', message: 'required' }]],
    ['an unknown kind of request', { request: 'gossip' }, [{ path: 'request', message: 'expected one of: foi, eir, subject-access' }]],
    ['a note over 2,000 characters', { request: 'eir', note: 'x'.repeat(2_001) }, [{ path: 'note', message: 'at most 2000 characters' }]],
    ['a field it does not know', { request: 'foi', owner: 'legal-governance' }, [{ path: 'owner', message: 'unknown field' }]],
  ])('refuses %s', (_what, input, expected) => {
    expect(issuesOf(ReferInformationReview, input)).toEqual(expected);
  });

  it('accepts each kind, a blank note as none', () => {
    for (const request of ['foi', 'eir', 'subject-access']) expect(ReferInformationReview.parse({ request, note: '  ' })).toEqual({ request });
  });
});

describe('referring (referInformationReview)', () => {
  it('ends the running stage, and the review is what the case now waits for, owned by the team, due in 20 working days', () => {
    const before = aComplaintAtStageOne('operations-head', { referralRequested: { at: '2026-03-04T09:00:00.000Z', by: 'operations-head', reason: 'It is about an FOI answer' } });
    const { case: c, event } = refer(before, { request: 'foi', note: 'About the answer to FOI 2026/17' });
    expect(c.informationReview).toEqual({ request: 'foi', note: 'About the answer to FOI 2026/17', referredAt: THU_5_MAR.toISOString(), referredBy: 'admin-manager', fromStage: 1, deadline: REVIEW_DEADLINE });
    expect(c).toMatchObject({ status: 'open', stage: null, owner: null, nextDeadline: REVIEW_DEADLINE, version: before.version + 1 });
    expect(c.referralRequested).toBeUndefined();
    expect(c.stages).toEqual([{ ...before.stages[0], endedAt: THU_5_MAR.toISOString(), endedBy: 'information-review' }]);
    expect(deadlineOf(c)).toBe(REVIEW_DEADLINE);
    expect(isUnderReview(c)).toBe(true);
    expect(event).toMatchObject({ type: 'information-review-referred', actor: { type: 'staff', id: 'admin-manager' }, version: c.version, data: { request: 'foi', fromStage: 1, deadline: REVIEW_DEADLINE } });
    expect(event.personal).toBeUndefined();
  });

  it('leaves earlier stages as they ended', () => {
    const before = aComplaintAtStageTwo();
    const { case: c } = refer(before);
    expect(c.stages[0]).toEqual(before.stages[0]);
    expect(c.stages[1]).toMatchObject({ endedBy: 'information-review' });
    expect(c.informationReview?.fromStage).toBe(2);
  });

  it('takes a complaint before stage 1, ending the task to choose an owner and keeping other tasks', () => {
    const tasks = [
      { type: 'assign-owner' as const, due: '2026-03-16T23:59:59.999Z', createdAt: '2026-03-02T10:01:00.000Z' },
      { type: 'acknowledge-by-letter' as const, due: '2026-03-11T23:59:59.999Z', createdAt: '2026-03-02T10:01:00.000Z' },
    ];
    const { case: c, event } = refer(aNewComplaint({ tasks }), { request: 'subject-access' });
    expect(c.tasks).toEqual([tasks[1]]);
    expect(c.stages).toEqual([]);
    expect(c.informationReview).toMatchObject({ request: 'subject-access', fromStage: null });
    expect(c.informationReview?.note).toBeUndefined();
    expect(event.data).toMatchObject({ fromStage: null });
  });

  it.each<[string, string, string]>([
    ['over Easter (Good Friday and Easter Monday do not count)', '2026-03-20T09:00:00Z', '2026-04-21T22:59:59.999Z'],
    ['over Christmas and New Year', '2026-12-10T15:00:00Z', '2027-01-12T23:59:59.999Z'],
    ['on a Saturday (day 1 is Monday)', '2026-03-07T11:00:00Z', '2026-04-07T22:59:59.999Z'],
  ])('counts 20 working days from the referral %s', (_what, at, deadline) => {
    expect(refer(aComplaintAtStageOne(), { request: 'foi' }, new Date(at)).case.informationReview?.deadline).toBe(deadline);
  });

  it.each<[string, Case, string]>([
    ['a compliment', aNewCompliment(), 'is a compliment'],
    ['a closed complaint', aClosedComplaint(), 'is closed'],
    ['a complaint already referred', underReview(), 'was already referred to Legal & Governance on 2026-03-05'],
  ])('refuses %s', (_what, c, message) => {
    expect(() => refer(c)).toThrow(InvalidStateError);
    expect(() => refer(c)).toThrow(message);
  });
});

describe('extending (extendInformationReview)', () => {
  const extend = (c: Case, input: unknown, now = new Date('2026-03-20T10:00:00Z')) =>
    extendInformationReview(c, ExtendInformationReview(defaultPolicy).parse(input), ruleContext(people.legal, now));

  it.each<[string, number, string]>([
    ['by 1 working day: Good Friday and Easter Monday do not count', 1, '2026-04-07T22:59:59.999Z'],
    ['by 20, to 40 in all: nor the early May bank holiday', 20, '2026-05-05T22:59:59.999Z'],
  ])('moves the deadline on from the old one %s', (_what, workingDays, to) => {
    const before = underReview();
    const { case: c, event } = extend(before, { workingDays, reason: 'We are consulting the third party named in the request' });
    expect(c.informationReview).toMatchObject({
      deadline: to,
      extension: { at: '2026-03-20T10:00:00.000Z', by: 'legal-governance', workingDays, reason: 'We are consulting the third party named in the request' },
    });
    expect(c.nextDeadline).toBe(to);
    expect(event).toMatchObject({ type: 'information-review-extended', actor: { type: 'staff', id: 'legal-governance' }, data: { from: REVIEW_DEADLINE, to, workingDays, reason: 'We are consulting the third party named in the request' } });
  });

  it('allows one extension only', () => {
    const once = extend(underReview(), { workingDays: 5, reason: 'Third party' }).case;
    expect(() => extend(once, { workingDays: 5, reason: 'Again' })).toThrow(InvalidStateError);
    expect(() => extend(once, { workingDays: 5, reason: 'Again' })).toThrow('was already extended on 2026-03-20: it may be extended only once');
  });

  it.each<[string, unknown, Array<{ path: string; message: string }>]>([
    ['more than 40 in all', { workingDays: 21, reason: 'Long' }, [{ path: 'workingDays', message: 'at most 20 working days (a review takes at most 40 in all)' }]],
    ['no working days', { workingDays: 0, reason: 'None' }, [{ path: 'workingDays', message: 'Too small: expected number to be >=1' }]],
    ['no reason', { workingDays: 5 }, [{ path: 'reason', message: 'required' }]],
    ['a blank reason', { workingDays: 5, reason: ' \n ' }, [{ path: 'reason', message: 'required' }]],
  ])('refuses %s', (_what, input, expected) => {
    const got = issuesOf(ExtendInformationReview(defaultPolicy), input);
    expect(got.map((i) => i.path)).toEqual(expected.map((i) => i.path));
    if (expected[0]!.message !== 'Too small: expected number to be >=1') expect(got).toEqual(expected);
  });

  it("refuses, in the rule too, more than the policy's most (a policy with a smaller most)", () => {
    const policy = { ...defaultPolicy, informationRequestReview: { workingDays: 20, maxWorkingDays: 25 } };
    const run = () => extendInformationReview(underReview(), { workingDays: 6, reason: 'Long' }, ruleContext(people.legal, THU_5_MAR, { policy }));
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(expect.objectContaining({ issues: [{ path: 'workingDays', message: 'at most 5 working days (a review takes at most 25 in all)' }] }));
    expect(extendInformationReview(underReview(), { workingDays: 5, reason: 'Long' }, ruleContext(people.legal, THU_5_MAR, { policy })).case.informationReview?.extension?.workingDays).toBe(5);
  });

  it.each<[string, Case, string]>([
    ['a complaint not referred', aComplaintAtStageOne(), 'is not under an information-request review: it cannot be extended'],
    ['a closed review', { ...underReview(), status: 'closed' }, 'is closed: its review cannot be extended'],
  ])('refuses %s', (_what, c, message) => {
    expect(() => extend(c, { workingDays: 5, reason: 'Why' })).toThrow(InvalidStateError);
    expect(() => extend(c, { workingDays: 5, reason: 'Why' })).toThrow(message);
  });
});

describe('the outcome (DecideInformationReview, decideInformationReview)', () => {
  const decide = (c: Case, input: unknown, now = new Date('2026-03-25T16:00:00Z')) => decideInformationReview(c, DecideInformationReview.parse(input), ruleContext(people.legal, now));

  it.each<[string, unknown, Array<{ path: string; message: string }>]>([
    ['no decision', { response: 'We looked again' }, [{ path: 'decision', message: 'required' }]],
    ['an unknown decision', { decision: 'resolved', response: 'We looked again' }, [{ path: 'decision', message: 'expected one of: upheld, partly-upheld, not-upheld' }]],
    ['no response', { decision: 'upheld' }, [{ path: 'response', message: 'required' }]],
    ['a response over 10,000 characters', { decision: 'upheld', response: 'x'.repeat(10_001) }, [{ path: 'response', message: 'at most 10000 characters' }]],
    ['a remedy (the review answers with its response)', { decision: 'upheld', response: 'Sorry', remedy: 'Money' }, [{ path: 'remedy', message: 'unknown field' }]],
  ])('refuses %s', (_what, input, expected) => {
    expect(issuesOf(DecideInformationReview, input)).toEqual(expected);
  });

  it.each<[string, string, boolean]>([
    ['on time', '2026-03-25T16:00:00Z', true],
    ['on the last minute of the deadline', '2026-04-02T22:59:59.999Z', true],
    ['late', '2026-04-03T08:00:00Z', false],
  ])('closes the case with the outcome, %s', (_what, at, onTime) => {
    const before = underReview();
    const { case: c, event } = decide(before, { decision: 'partly-upheld', response: 'We should have answered within 20 working days.', lessonsLearned: 'Log FOI requests on the day' }, new Date(at));
    expect(c).toMatchObject({ status: 'closed', stage: null, owner: null, closedAt: new Date(at).toISOString(), closure: 'information-review', nextDeadline: null });
    expect(c.informationReview?.outcome).toEqual({ decision: 'partly-upheld', response: 'We should have answered within 20 working days.', lessonsLearned: 'Log FOI requests on the day', decidedAt: new Date(at).toISOString(), decidedBy: 'legal-governance' });
    expect(c.outcome).toBeUndefined();
    expect(isUnderReview(c)).toBe(false);
    expect(event).toMatchObject({ type: 'information-review-decided', data: { decision: 'partly-upheld', onTime } });
  });

  it('keeps no lessons when none were given', () => {
    expect(decide(underReview(), { decision: 'not-upheld', response: 'We answered in time.' }).case.informationReview?.outcome).not.toHaveProperty('lessonsLearned');
  });

  it.each<[string, Case, string]>([
    ['a complaint not referred', aComplaintAtStageOne(), 'is not under an information-request review: it cannot record an outcome'],
    ['a review already decided', decideInformationReview(underReview(), { decision: 'upheld', response: 'Sorry' }, ruleContext(people.legal, THU_5_MAR)).case, 'is closed'],
  ])('refuses %s', (_what, c, message) => {
    expect(() => decide(c, { decision: 'upheld', response: 'Again' })).toThrow(InvalidStateError);
    expect(() => decide(c, { decision: 'upheld', response: 'Again' })).toThrow(message);
  });
});

describe('retention: a review\'s free text goes with the rest of the personal data', () => {
  it('removes the note, the extension\'s reason and the response; keeps the kind, dates, decision and lessons', async () => {
    const { anonymiseCase } = await import('../../functions/domain/retention');
    const referred = refer(aComplaintAtStageOne(), { request: 'subject-access', note: 'Mrs Example asked for her CCTV' }).case;
    const extended = extendInformationReview(referred, { workingDays: 5, reason: 'Mrs Example’s neighbour must be asked' }, ruleContext(people.legal, THU_5_MAR)).case;
    const closed = decideInformationReview(extended, { decision: 'upheld', response: 'Dear Mrs Example', lessonsLearned: 'Check CCTV requests weekly' }, ruleContext(people.legal, THU_5_MAR)).case;
    const r = anonymiseCase(closed, new Date('2027-04-01T03:00:00Z')).informationReview!;
    expect(r).toMatchObject({ request: 'subject-access', note: '', extension: { workingDays: 5, reason: '' }, outcome: { decision: 'upheld', response: '', lessonsLearned: 'Check CCTV requests weekly' } });
    expect(r.deadline).toBe(closed.informationReview!.deadline);
    const bare = anonymiseCase(referred, new Date('2027-04-01T03:00:00Z')).informationReview!;
    expect(bare).toEqual({ ...referred.informationReview, note: '' });
    const { note: _n, ...noNote } = referred.informationReview!;
    expect(anonymiseCase({ ...referred, informationReview: noNote }, new Date('2027-04-01T03:00:00Z')).informationReview).toEqual(noNote);
  });
});

describe('who may act on a review (access.ts)', () => {
  it.each(Object.entries(people))('%s may extend a review or record its outcome only with the legal-governance role', async (_who, staff) => {
    const { assertLegalGovernance } = await import('../../functions/domain/access');
    const { ForbiddenError } = await import('../../functions/domain/errors');
    const act = () => assertLegalGovernance(staff, 'extend an information-request review');
    if (staff.roles.includes('legal-governance' as never)) expect(act).not.toThrow();
    else {
      expect(act).toThrow(ForbiddenError);
      expect(act).toThrow('Only Legal & Governance may extend an information-request review');
    }
  });
});
