import { describe, expect, it } from 'vitest';
import type { AuditEvent, Case, StageRecord } from '../../functions/domain/case';
import * as letters from '../../functions/domain/customer-letters';
import {
  DecideInformationReview,
  decideInformationReview,
  extendInformationReview,
  ReferInformationReview,
  referInformationReview,
} from '../../functions/domain/information-review';
import { informationReviewExtensionNotice, informationReviewLetter } from '../../functions/domain/information-review-emails';
import type { LetterRecord } from '../../functions/domain/ports';
import { defaultPolicy, type Policy } from '../../functions/domain/policy';
import { progressOf, type Tracked } from '../../functions/domain/tracking';
import {
  aClosedComplaint,
  aComplaintAtStageOne,
  aComplaintAtStageThree,
  aComplaintAtStageTwo,
  aNewComplaint,
  aNewCompliment,
  people,
  RECEIVED_AT,
  STAGE_1_DEADLINE,
  STAGE_2_DEADLINE,
  STAGE_2_STARTED,
  STAGE_3_DEADLINE,
  STAGE_3_STARTED,
} from '../support/case-mothers';
import { ruleContext } from '../support/cases';
import { enGB } from '../support/texts';

/**
 * What the private tracking page shows (DESIGN.md §1): where the case stands, in codes the page puts
 * into words, at each point of the procedure; the customer's own letters; and nothing meant for staff.
 */

const REF = 'CC-2026-00001';
const ACKNOWLEDGE_BY = '2026-03-11T23:59:59.999Z';
const ACKED = '2026-03-02T10:05:00.000Z';

function tracked(c: Case, options: { timeline?: AuditEvent[]; letters?: Record<string, LetterRecord>; dutyOfficer?: string } = {}): Tracked {
  return { case: c, timeline: options.timeline ?? [], letters: options.letters ?? {}, dutyOfficer: options.dutyOfficer ?? 'duty-officer' };
}

const sent = (at: string): LetterRecord => ({ state: 'sent', at });

function extended(version: number, stage: number, from: string, to: string, reason: string, at: string): AuditEvent {
  return { reference: REF, at, type: 'deadline-extended', actor: { type: 'staff', id: 'fleet-head' }, version, data: { stage, from, to, workingDays: 2, reason } };
}

describe('progressOf: where the case stands', () => {
  it('says a complaint was received, and by when it will be acknowledged', () => {
    expect(progressOf(tracked(aNewComplaint()), defaultPolicy, enGB)).toEqual({
      reference: REF,
      kind: 'complaint',
      receivedOn: '2026-03-02',
      state: 'received',
      acknowledgeBy: ACKNOWLEDGE_BY,
      extensions: [],
      letters: [],
    });
  });

  it('says it was acknowledged, and shows the acknowledgement as sent, without its link', () => {
    const c = aNewComplaint({ acknowledgedAt: ACKED, acknowledgedVia: 'email' });
    const progress = progressOf(tracked(c, { letters: { ack: sent(ACKED) } }), defaultPolicy, enGB);
    const expected = letters.acknowledgement(c, defaultPolicy, enGB, { stageOneDeadline: STAGE_1_DEADLINE })!;
    expect(progress).toEqual({
      reference: REF,
      kind: 'complaint',
      receivedOn: '2026-03-02',
      state: 'acknowledged',
      acknowledgedAt: ACKED,
      acknowledgeBy: ACKNOWLEDGE_BY,
      extensions: [],
      letters: [{ id: 'ack', kind: 'acknowledgement', sentAt: ACKED, subject: `We have received your complaint: reference ${REF}`, text: expected.text }],
    });
    expect(progress.letters[0]!.text).toContain('We aim to reply to you by Monday 16 March 2026.');
    expect(progress.letters[0]!.text).not.toContain('/track/');
  });

  it('says stage 1 is with the Functional Head of the complaint\'s function, and by when', () => {
    const progress = progressOf(tracked(aComplaintAtStageOne('operations-head', { acknowledgedAt: ACKED, acknowledgedVia: 'email' })), defaultPolicy, enGB);
    expect(progress).toMatchObject({ state: 'investigating', acknowledgedAt: ACKED });
    expect(progress.stage).toEqual({
      number: 1,
      of: 3,
      name: 'Stage 1: Functional Head',
      investigator: 'functional-head',
      functionName: 'Operations',
      dueBy: STAGE_1_DEADLINE,
      extended: false,
    });
  });

  it('names no function it does not know', () => {
    expect(progressOf(tracked(aComplaintAtStageOne('operations-head', { function: undefined })), defaultPolicy, enGB).stage).not.toHaveProperty('functionName');
  });

  it('says the Duty Officer has a stage the Duty Officer owns', () => {
    const atStageOne = aComplaintAtStageOne('dee.duty');
    expect(progressOf(tracked(atStageOne, { dutyOfficer: 'dee.duty' }), defaultPolicy, enGB).stage).toEqual({
      number: 1,
      of: 3,
      name: 'Stage 1: Functional Head',
      investigator: 'duty-officer',
      dueBy: STAGE_1_DEADLINE,
      extended: false,
    });
    expect(progressOf(tracked(atStageOne, { dutyOfficer: 'duty-officer' }), defaultPolicy, enGB).stage?.investigator).toBe('functional-head');
    expect(progressOf(tracked(aComplaintAtStageTwo('dee.duty'), { dutyOfficer: 'dee.duty' }), defaultPolicy, enGB).stage?.investigator).toBe('duty-officer');
  });

  it('says stage 2 is with another Functional Head, extended, with each extension and its reason, and the notice sent', () => {
    const to = '2026-03-26T23:59:59.999Z';
    const at = '2026-03-20T11:00:00.000Z';
    const stages: StageRecord[] = aComplaintAtStageTwo().stages.map((s) => (s.number === 2 ? { ...s, deadline: to, extendedBy: 2 } : s));
    const c = aComplaintAtStageTwo('fleet-head', { stages, version: 4, acknowledgedAt: ACKED, acknowledgedVia: 'email' });
    const progress = progressOf(tracked(c, { timeline: [extended(4, 2, STAGE_2_DEADLINE, to, 'We are waiting for a witness statement.', at)], letters: { 'extension#4': sent(at) } }), defaultPolicy, enGB);
    expect(progress.state).toBe('investigating');
    expect(progress.stage).toEqual({ number: 2, of: 3, name: 'Stage 2: another Functional Head', investigator: 'another-functional-head', dueBy: to, extended: true });
    expect(progress.extensions).toEqual([{ stage: 2, from: STAGE_2_DEADLINE, to, reason: 'We are waiting for a witness statement.', at }]);
    expect(progress.letters).toEqual([
      {
        id: 'extension#4',
        kind: 'extension',
        sentAt: at,
        subject: `Your complaint ${REF}: we need more time`,
        text: letters.extensionNotice(c, defaultPolicy, enGB, { newDeadline: to, reason: 'We are waiting for a witness statement.' })!.text,
      },
    ]);
    expect(progress.letters[0]!.text).toContain('We are waiting for a witness statement.');
    expect(progress.letters[0]!.text).toContain('Thursday 26 March 2026');
  });

  it('says stage 3 is with the Customer Relations Officer', () => {
    expect(progressOf(tracked(aComplaintAtStageThree()), defaultPolicy, enGB).stage).toEqual({
      number: 3,
      of: 3,
      name: 'Stage 3: Customer Relations Officer',
      investigator: 'cro',
      dueBy: STAGE_3_DEADLINE,
      extended: false,
    });
  });

  it('still answers for a stage the policy no longer has (the policy changed since)', () => {
    const oneStage: Policy = { ...defaultPolicy, stages: [defaultPolicy.stages[0]!] };
    expect(progressOf(tracked(aComplaintAtStageTwo()), oneStage, enGB).stage).toEqual({
      number: 2,
      of: 1,
      name: 'Stage 2',
      investigator: 'functional-head',
      functionName: 'Operations',
      dueBy: STAGE_2_DEADLINE,
      extended: false,
    });
    expect(progressOf(tracked(aComplaintAtStageTwo('dee.duty'), { dutyOfficer: 'dee.duty' }), oneStage, enGB).stage?.investigator).toBe('duty-officer');
  });

  it('says the Customer Relations Officer has the CRO\'s stage even when the Duty Officer is the same person', () => {
    const c = aComplaintAtStageThree({ owner: 'duty-officer' });
    expect(progressOf(tracked(c, { dutyOfficer: 'duty-officer' }), defaultPolicy, enGB).stage?.investigator).toBe('cro');
  });

  it.each([
    ['nobody owns the stage yet', aComplaintAtStageOne(null)],
    ['the owner asked for a referral to the CRO', aComplaintAtStageTwo('fleet-head', { referralRequested: { at: STAGE_3_STARTED, by: 'fleet-head', reason: 'Serious' } })],
  ])('says the complaint is waiting for its next investigator when %s', (_what, c) => {
    const progress = progressOf(tracked(c), defaultPolicy, enGB);
    expect(progress.state).toBe('awaiting-owner');
    expect(progress.stage?.number).toBe(c.stage);
  });

  it('says a resolved complaint is closed, with the decision, the response and the remedy, and shows the closing letter', () => {
    const c = aClosedComplaint({
      acknowledgedAt: ACKED,
      acknowledgedVia: 'email',
      outcome: { stage: 1, decision: 'partly-upheld', response: 'The crew should have moved.', remedy: 'We will brief every watch.', lessonsLearned: 'Brief crews', decidedAt: STAGE_2_STARTED, decidedBy: 'operations-head' },
    });
    const progress = progressOf(tracked(c, { letters: { ack: sent(ACKED), closing: sent(STAGE_2_STARTED) } }), defaultPolicy, enGB);
    expect(progress).toMatchObject({ state: 'closed', closure: { at: STAGE_2_STARTED, how: 'resolved' } });
    expect(progress.outcome).toEqual({ stage: 1, decision: 'partly-upheld', response: 'The crew should have moved.', remedy: 'We will brief every watch.', decidedAt: STAGE_2_STARTED });
    expect(progress).not.toHaveProperty('stage');
    expect(progress).not.toHaveProperty('ombudsman');
    expect(progress.letters.map((l) => [l.id, l.kind, l.sentAt, l.subject])).toEqual([
      ['ack', 'acknowledgement', ACKED, `We have received your complaint: reference ${REF}`],
      ['closing', 'closing', STAGE_2_STARTED, `Our response to your complaint ${REF}`],
    ]);
    expect(progress.letters[1]!.text).toBe(letters.closingLetter(c, defaultPolicy, enGB)!.text);
  });

  it('leaves out a remedy nobody offered', () => {
    expect(progressOf(tracked(aClosedComplaint()), defaultPolicy, enGB).outcome).toEqual({ stage: 1, decision: 'not-upheld', response: 'The crew parked lawfully.', decidedAt: STAGE_2_STARTED });
  });

  it('says a complaint that ran out of stages is closed, and how to reach the Ombudsman', () => {
    const closedAt = '2026-04-08T00:00:01.000Z';
    const c = aComplaintAtStageThree({ status: 'closed', stage: null, owner: null, closedAt, closure: 'ombudsman-referral', nextDeadline: null });
    const progress = progressOf(tracked(c, { letters: { ombudsman: sent(closedAt) } }), defaultPolicy, enGB);
    expect(progress).toMatchObject({
      state: 'closed',
      closure: { at: closedAt, how: 'ombudsman-referral' },
      ombudsman: { name: 'Local Government and Social Care Ombudsman', phone: '0300 061 0614', website: 'https://www.lgo.org.uk' },
    });
    expect(progress).not.toHaveProperty('outcome');
    expect(progress.letters).toEqual([
      { id: 'ombudsman', kind: 'ombudsman', sentAt: closedAt, subject: `Your complaint ${REF}: how to contact the Ombudsman`, text: letters.ombudsmanLetter(c, defaultPolicy, enGB)!.text },
    ]);
  });

  it('gives only the Ombudsman contact details the policy has', () => {
    const policy: Policy = { ...defaultPolicy, ombudsman: { name: 'The Ombudsman' } };
    const c = aClosedComplaint({ closure: 'ombudsman-referral', outcome: undefined });
    expect(progressOf(tracked(c), policy, enGB).ombudsman).toEqual({ name: 'The Ombudsman' });
  });

  it('says a compliment was recorded, and shows the thanks', () => {
    const closedAt = '2026-03-02T10:05:00.000Z';
    const c = aNewCompliment({
      customer: { name: 'Cal Kind', email: 'cal@example.com', preferredContact: 'email', anonymous: false },
      status: 'closed',
      acknowledgedAt: closedAt,
      acknowledgedVia: 'email',
      closedAt,
      closure: 'compliment-recorded',
      nextDeadline: null,
    });
    const progress = progressOf(tracked(c, { letters: { thanks: sent(closedAt), 'compliment-notice': sent(closedAt) } }), defaultPolicy, enGB);
    expect(progress).toEqual({
      reference: REF,
      kind: 'compliment',
      receivedOn: '2026-03-02',
      state: 'closed',
      acknowledgedAt: closedAt,
      acknowledgeBy: ACKNOWLEDGE_BY,
      extensions: [],
      closure: { at: closedAt, how: 'compliment-recorded' },
      letters: [{ id: 'thanks', kind: 'thanks', sentAt: closedAt, subject: `Thank you for your compliment: reference ${REF}`, text: letters.complimentThanks(c, defaultPolicy, enGB)!.text }],
    });
  });
});

describe('progressOf: a review of how an information request was handled', () => {
  const REFERRED = new Date('2026-03-05T14:00:00Z');
  /** 20 working days from Thursday 5 March: Thursday 2 April (BST); 10 more, past Easter: Monday 20 April. */
  const REVIEW_DUE = '2026-04-02T22:59:59.999Z';
  const referred = () => referInformationReview(aComplaintAtStageOne(), ReferInformationReview.parse({ request: 'subject-access', note: 'Staff only: the request was late' }), ruleContext(people.admin, REFERRED));
  const legal = (at: string) => ruleContext({ id: 'legal-reviewer', roles: ['legal-governance'] }, new Date(at));

  it('says Legal & Governance are reviewing it, about which kind of request, and by when; no stage, no staff note', () => {
    const progress = progressOf(tracked(referred().case), defaultPolicy, enGB);
    expect(progress).toMatchObject({ state: 'reviewing', review: { request: 'subject-access', dueBy: REVIEW_DUE, extended: false } });
    expect(progress).not.toHaveProperty('stage');
    expect(progress.review).not.toHaveProperty('outcome');
    expect(JSON.stringify(progress)).not.toMatch(/Staff only|admin|legal-reviewer/);
  });

  it('lists the review\'s extension with its reason, and shows the notice that named the Information Commissioner', () => {
    const at = '2026-03-20T10:00:00.000Z';
    const { case: c, event } = extendInformationReview(referred().case, { workingDays: 10, reason: 'Records are held off site' }, legal(at));
    const progress = progressOf(tracked(c, { timeline: [event], letters: { [`extension#${event.version}`]: sent(at) } }), defaultPolicy, enGB);
    expect(progress.review).toMatchObject({ extended: true, dueBy: '2026-04-20T22:59:59.999Z' });
    expect(progress.extensions).toEqual([{ from: REVIEW_DUE, to: '2026-04-20T22:59:59.999Z', reason: 'Records are held off site', at }]);
    const notice = informationReviewExtensionNotice(c, defaultPolicy, enGB, { newDeadline: '2026-04-20T22:59:59.999Z', reason: 'Records are held off site' })!;
    expect(progress.letters).toEqual([{ id: `extension#${event.version}`, kind: 'extension', sentAt: at, subject: notice.subject, text: notice.text }]);
    expect(notice.text).toContain("Information Commissioner's Office");
  });

  it('says the decided review closed the complaint, with its decision and response, the review\'s letter and how to reach the Information Commissioner', () => {
    const at = '2026-03-25T11:00:00.000Z';
    const input = DecideInformationReview.parse({ decision: 'partly-upheld', response: 'We should have answered within a month.', lessonsLearned: 'Staff only: train the team' });
    const c = decideInformationReview(referred().case, input, legal(at)).case;
    const progress = progressOf(tracked(c, { letters: { closing: sent(at) } }), defaultPolicy, enGB);
    expect(progress).toMatchObject({
      state: 'closed',
      closure: { at, how: 'information-review' },
      review: { request: 'subject-access', outcome: { decision: 'partly-upheld', response: 'We should have answered within a month.', decidedAt: at } },
      commissioner: { name: "Information Commissioner's Office", phone: '0303 123 1113', website: 'https://ico.org.uk' },
    });
    expect(progress).not.toHaveProperty('ombudsman');
    expect(progress).not.toHaveProperty('outcome');
    const letter = informationReviewLetter(c, defaultPolicy, enGB)!;
    expect(progress.letters).toEqual([{ id: 'closing', kind: 'closing', sentAt: at, subject: letter.subject, text: letter.text }]);
    expect(JSON.stringify(progress)).not.toContain('train the team');
  });

  it('gives only the Information Commissioner contact details the policy has', () => {
    const policy: Policy = { ...defaultPolicy, informationCommissioner: { name: 'The Commissioner' } };
    const c = decideInformationReview(referred().case, DecideInformationReview.parse({ decision: 'upheld', response: 'Sorry.' }), legal('2026-03-25T11:00:00.000Z')).case;
    expect(progressOf(tracked(c), policy, enGB).commissioner).toEqual({ name: 'The Commissioner' });
  });
});

describe('progressOf: the draft findings', () => {
  const draft = (stage: number, findings: string, comments?: { receivedOn: string; text: string }) => ({
    sharedAt: '2026-03-05T14:00:00.000Z',
    sharedBy: 'operations-head',
    stage,
    findings,
    ...(comments ? { comments: { ...comments, recordedAt: '2026-03-06T09:00:00.000Z', recordedBy: 'admin-manager' } } : {}),
  });

  it('shows the latest draft, open for comment while its stage runs', () => {
    const c = aComplaintAtStageOne('operations-head', { draftFindings: [draft(1, 'First', { receivedOn: '2026-03-05', text: 'No' }), draft(1, 'Second')] });
    expect(progressOf(tracked(c), defaultPolicy, enGB).draft).toEqual({ number: 2, sharedAt: '2026-03-05T14:00:00.000Z', findings: 'Second', canComment: true });
  });

  it('shows the comments received on it, and takes no more', () => {
    const c = aComplaintAtStageOne('operations-head', { draftFindings: [draft(1, 'First', { receivedOn: '2026-03-06', text: 'I disagree' })] });
    expect(progressOf(tracked(c), defaultPolicy, enGB).draft).toEqual({
      number: 1,
      sharedAt: '2026-03-05T14:00:00.000Z',
      findings: 'First',
      comments: { text: 'I disagree', receivedOn: '2026-03-06' },
      canComment: false,
    });
  });

  it.each([
    ['its stage has ended', aComplaintAtStageTwo('fleet-head', { draftFindings: [draft(1, 'First')] })],
    ['the complaint is closed', aClosedComplaint({ draftFindings: [draft(1, 'First')] })],
  ])('takes no comments once %s', (_what, c) => {
    expect(progressOf(tracked(c), defaultPolicy, enGB).draft).toMatchObject({ findings: 'First', canComment: false });
  });
});

describe('progressOf: the letters', () => {
  it('shows only the customer\'s letters that went out, oldest first', () => {
    const c = aComplaintAtStageTwo('fleet-head', { acknowledgedAt: ACKED, acknowledgedVia: 'email', version: 4 });
    const at = '2026-03-20T11:00:00.000Z';
    const letters: Record<string, LetterRecord> = {
      'extension#4': sent(at),
      ack: sent(ACKED),
      urgent: sent(ACKED),
      'owner#1#1': sent(ACKED),
      'task#assign-owner#2#2026-03-24T23:59:59.999Z': sent(STAGE_2_STARTED),
      'escalation#1#2': sent(STAGE_2_STARTED),
      'extension#9': { state: 'sending', at },
      closing: { state: 'in-doubt', at },
    };
    const progress = progressOf(tracked(c, { timeline: [extended(4, 2, STAGE_2_DEADLINE, '2026-03-26T23:59:59.999Z', 'A witness', at)], letters }), defaultPolicy, enGB);
    expect(progress.letters.map((l) => [l.id, l.sentAt])).toEqual([
      ['ack', ACKED],
      ['extension#4', at],
    ]);
  });

  it.each(['sending', 'in-doubt'] as const)('leaves out a letter whose sending is %s', (how) => {
    const c = aNewComplaint({ acknowledgedAt: ACKED, acknowledgedVia: 'email' });
    expect(progressOf(tracked(c, { letters: { ack: { state: how, at: ACKED } } }), defaultPolicy, enGB).letters).toEqual([]);
  });

  it('finds the extension of any version', () => {
    const c = aComplaintAtStageOne('operations-head', { version: 12 });
    const timeline = [extended(12, 1, STAGE_1_DEADLINE, '2026-03-18T23:59:59.999Z', 'A witness', ACKED)];
    expect(progressOf(tracked(c, { timeline, letters: { 'extension#12': sent(ACKED) } }), defaultPolicy, enGB).letters.map((l) => l.id)).toEqual(['extension#12']);
  });

  it('orders letters sent at the same moment by their id', () => {
    const c = aClosedComplaint({ version: 2 });
    const timeline = [extended(2, 1, STAGE_1_DEADLINE, '2026-03-18T23:59:59.999Z', 'A witness', STAGE_2_STARTED)];
    const progress = progressOf(tracked(c, { timeline, letters: { 'extension#2': sent(STAGE_2_STARTED), closing: sent(STAGE_2_STARTED) } }), defaultPolicy, enGB);
    expect(progress.letters.map((l) => l.id)).toEqual(['closing', 'extension#2']);
  });

  it.each([
    ['an extension notice whose extension is not on the timeline', { 'extension#7': sent(ACKED) }, [extended(6, 1, STAGE_1_DEADLINE, '2026-03-18T23:59:59.999Z', 'A witness', ACKED)]],
    ['an extension notice of a version that is not an extension', { 'extension#1': sent(ACKED) }, [{ reference: REF, at: RECEIVED_AT, type: 'received', actor: { type: 'public' }, version: 1, data: {} } satisfies AuditEvent]],
    ['an id that only looks like an extension notice', { 'extension#6x': sent(ACKED), 'xextension#6': sent(ACKED) }, [extended(6, 1, STAGE_1_DEADLINE, '2026-03-18T23:59:59.999Z', 'A witness', ACKED)]],
    ['a closing letter with no outcome to tell', { closing: sent(ACKED) }, []],
  ] as const)('leaves out %s', (_what, letters, timeline) => {
    const progress = progressOf(tracked(aComplaintAtStageOne(), { letters, timeline: [...timeline] }), defaultPolicy, enGB);
    expect(progress.letters).toEqual([]);
  });

  it('leaves out a letter the customer can no longer be written to (their address was removed)', () => {
    const c = aNewComplaint({ customer: { name: 'Ann Example', phone: '01234 567890', preferredContact: 'phone', anonymous: false } });
    expect(progressOf(tracked(c, { letters: { ack: sent(ACKED) } }), defaultPolicy, enGB).letters).toEqual([]);
  });
});

describe('progressOf: nothing meant for staff', () => {
  it('holds no staff id, task, note, internal reason, lessons learned or contact detail, only codes and the customer\'s letters', () => {
    const c = aComplaintAtStageThree({
      owner: 'cora.relations',
      stages: aComplaintAtStageThree().stages.map((s) => (s.number === 3 ? { ...s, owner: 'cora.relations', owners: ['cora.relations'] } : s)),
      acknowledgedAt: ACKED,
      acknowledgedVia: 'email',
      recordedBy: 'receiver-rita',
      tasks: [{ type: 'email-failed', due: STAGE_3_DEADLINE, createdAt: STAGE_3_STARTED, note: 'SECRET task note' }],
      referralRequested: { at: STAGE_3_STARTED, by: 'fleet-head', reason: 'SECRET referral reason' },
      draftFindings: [
        { sharedAt: STAGE_3_STARTED, sharedBy: 'cora.relations', stage: 3, findings: 'Draft for the customer', comments: { receivedOn: '2026-03-23', text: 'Mine', recordedAt: '2026-03-23T09:00:00.000Z', recordedBy: 'admin-manager' } },
      ],
      ombudsman: { enquiryReceivedOn: '2026-03-25', ombudsmanReference: 'SECRET-LGO-1', findings: 'SECRET findings', recommendations: 'SECRET recommendations', recordedAt: STAGE_3_STARTED, recordedBy: 'cora.relations' },
      trackingLink: { hash: 'f'.repeat(64), issuedAt: ACKED },
    });
    const timeline: AuditEvent[] = [
      { reference: REF, at: STAGE_2_STARTED, type: 'outcome-recorded', actor: { type: 'staff', id: 'operations-head' }, version: 3, data: { stage: 1, result: 'further-action', reason: 'SECRET further action', owner: 'fleet-head' } },
      { reference: REF, at: STAGE_2_STARTED, type: 'task-created', actor: { type: 'system' }, version: 4, data: { task: 'email-failed', note: 'SECRET task note' } },
      { reference: REF, at: STAGE_2_STARTED, type: 'details-updated', actor: { type: 'staff', id: 'admin-manager' }, version: 5, data: { changes: { phone: { from: 'SECRET old phone', to: '01234 567890' } } }, personal: true },
      { reference: REF, at: STAGE_3_STARTED, type: 'referred-to-cro', actor: { type: 'staff', id: 'admin-manager' }, version: 6, data: { from: 2, stage: 3, owner: 'cora.relations', reason: 'SECRET referral' } },
      extended(7, 3, STAGE_3_DEADLINE, '2026-04-09T22:59:59.999Z', 'Waiting for the fire report', '2026-03-24T09:00:00.000Z'),
    ];
    const letters = { ack: sent(ACKED), 'owner#3#1': sent(STAGE_3_STARTED), urgent: sent(ACKED), 'extension#7': sent('2026-03-24T09:00:00.000Z') };
    const serialised = JSON.stringify(progressOf(tracked(c, { timeline, letters }), defaultPolicy, enGB));
    for (const secret of [
      'operations-head',
      'fleet-head',
      'cora.relations',
      'admin-manager',
      'receiver-rita',
      'SECRET',
      'ffffffff',
      'sharedBy',
      'recordedBy',
      'decidedBy',
      'tasks',
      'note',
      'lessonsLearned',
      'ann@example.com',
      '01234 567890',
      'High Street',
      'Large print',
      'URGENT',
    ]) {
      expect(serialised, secret).not.toContain(secret);
    }
    expect(serialised).toContain('Waiting for the fire report');
    expect(serialised).toContain('Draft for the customer');
    expect(serialised).toContain('We have received your complaint');
    expect(serialised).toContain('we need more time');
  });
});
