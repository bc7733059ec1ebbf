import { describe, expect, it } from 'vitest';
import { completeTask } from '../../functions/domain/admin-tasks';
import {
  CHANNELS,
  currentStage,
  deadlineOf,
  DECISIONS,
  EVENT_TYPES,
  everyOwner,
  formatReference,
  newCase,
  receivedEvent,
  STAFF_CHANNELS,
  TASK_TYPES,
  type AuditEvent,
  type Case,
} from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { decideConsultation } from '../../functions/domain/consultation';
import { decideInformationReview, extendInformationReview, referInformationReview } from '../../functions/domain/information-review';
import { removePersonalData } from '../../functions/domain/retention';
import { recordReminder } from '../../functions/domain/timescale-monitor';
import type { Submission } from '../../functions/domain/submission';
import {
  aClosedComplaint,
  aComplaintAtStageOne,
  aConsultationComment,
  aComplaintAtStageThree,
  aComplaintAtStageTwo,
  aNewComplaint,
  aNewCompliment,
  people,
  STAGE_1_DEADLINE,
  STAGE_2_DEADLINE,
  STAGE_3_DEADLINE,
} from '../support/case-mothers';
import { ruleContext } from '../support/cases';

const RECEIVED_AT = new Date('2026-03-02T10:00:00Z');
const ACKNOWLEDGE_BY = new Date('2026-03-11T23:59:59.999Z');

const fullComplaint: Submission = {
  kind: 'complaint',
  name: 'Ann Example',
  email: 'ann@example.com',
  phone: '01234 567890',
  address: '1 High Street\nBedford',
  preferredContact: 'email',
  accessibilityNeeds: 'Large print letters, please',
  anonymous: false,
  summary: 'Fire engine blocked my drive',
  details: 'The crew parked across my drive for two hours.',
  function: 'operations',
  incidentDate: '2026-02-27',
  location: 'High Street, Bedford',
  urgent: true,
};

const anonymousCompliment: Submission = {
  kind: 'compliment',
  preferredContact: 'none',
  anonymous: true,
  summary: 'Thank you to Blue Watch',
  details: 'Kind and calm.',
  urgent: false,
};

const web = { reference: 'CC-2026-00042', receivedAt: RECEIVED_AT, receivedOn: '2026-03-02', acknowledgeBy: ACKNOWLEDGE_BY, channel: 'web' as const };

describe('reference numbers', () => {
  it.each([
    ['CC', 2026, 42, 'CC-2026-00042'],
    ['CC', 2026, 1, 'CC-2026-00001'],
    ['BLFRS', 2027, 99999, 'BLFRS-2027-99999'],
    ['CC', 2026, 123456, 'CC-2026-123456'],
  ])('writes %s, %i and sequence %i as %s', (prefix, year, sequence, reference) => {
    expect(formatReference(prefix, year, sequence)).toBe(reference);
  });
});

describe('a case as logged (step 1)', () => {
  it('opens with no stage and no owner, working to the acknowledgement deadline, at version 1', () => {
    const c = newCase(fullComplaint, web);
    expect(c).toStrictEqual({
      reference: 'CC-2026-00042',
      kind: 'complaint',
      status: 'open',
      stage: null,
      owner: null,
      channel: 'web',
      receivedAt: '2026-03-02T10:00:00.000Z',
      receivedOn: '2026-03-02',
      acknowledgeBy: '2026-03-11T23:59:59.999Z',
      nextDeadline: '2026-03-11T23:59:59.999Z',
      customer: {
        name: 'Ann Example',
        email: 'ann@example.com',
        phone: '01234 567890',
        address: '1 High Street\nBedford',
        preferredContact: 'email',
        accessibilityNeeds: 'Large print letters, please',
        anonymous: false,
      },
      summary: 'Fire engine blocked my drive',
      details: 'The crew parked across my drive for two hours.',
      function: 'operations',
      incidentDate: '2026-02-27',
      location: 'High Street, Bedford',
      urgent: true,
      stages: [],
      draftFindings: [],
      version: 1,
    } satisfies Case);
  });

  it('keeps no empty fields for what the customer did not give', () => {
    const c = newCase(anonymousCompliment, web);
    expect(c.customer).toStrictEqual({ preferredContact: 'none', anonymous: true });
    for (const field of ['function', 'incidentDate', 'location', 'recordedBy']) expect(c).not.toHaveProperty(field);
    expect(c).toMatchObject({ kind: 'compliment', urgent: false });
  });

  it('records which member of staff logged a case received another way', () => {
    const c = newCase(fullComplaint, { ...web, channel: 'phone', recordedBy: 'receiver' });
    expect(c).toMatchObject({ channel: 'phone', recordedBy: 'receiver' });
  });

  it('starts the timeline with what arrived, how, and by when it must be acknowledged', () => {
    const staffRecorded = newCase(fullComplaint, { ...web, channel: 'letter', recordedBy: 'receiver' });
    expect(receivedEvent(staffRecorded, { type: 'staff', id: 'receiver' })).toStrictEqual({
      reference: 'CC-2026-00042',
      at: '2026-03-02T10:00:00.000Z',
      type: 'received',
      actor: { type: 'staff', id: 'receiver' },
      version: 1,
      data: { kind: 'complaint', channel: 'letter', function: 'operations', urgent: true, acknowledgeBy: '2026-03-11T23:59:59.999Z', recordedBy: 'receiver' },
    } satisfies AuditEvent);
  });

  it('keeps personal data out of the first line of the timeline, and names no recorder for the public form', () => {
    const event = receivedEvent(newCase(anonymousCompliment, web), { type: 'public' });
    expect(event.data).toStrictEqual({ kind: 'compliment', channel: 'web', function: null, urgent: false, acknowledgeBy: '2026-03-11T23:59:59.999Z' });
    expect(event).not.toHaveProperty('personal');
  });
});

describe('where a case stands', () => {
  it.each<[string, number | undefined, string | null, Case]>([
    ['a new complaint', undefined, '2026-03-11T23:59:59.999Z', aNewComplaint()],
    ['a complaint at stage 1', 1, STAGE_1_DEADLINE, aComplaintAtStageOne()],
    ['a complaint at stage 2', 2, STAGE_2_DEADLINE, aComplaintAtStageTwo()],
    ['a complaint with the CRO', 3, STAGE_3_DEADLINE, aComplaintAtStageThree()],
    ['a closed complaint', undefined, null, aClosedComplaint()],
    ['a compliment', undefined, '2026-03-11T23:59:59.999Z', aNewCompliment()],
  ])('%s: current stage %s, working to %s', (_what, stage, deadline, c) => {
    expect(currentStage(c)?.number).toBe(stage);
    expect(deadlineOf(c)).toBe(deadline);
  });

  it('has no current stage once closed, though the record of the stage it closed in remains', () => {
    const closed = aClosedComplaint();
    expect(closed.stages.map((s) => [s.number, s.endedBy])).toEqual([[1, 'resolved']]);
    expect(currentStage(closed)).toBeUndefined();
  });

  it('knows everyone who has owned any stage, including owners transferred away', () => {
    expect([...everyOwner(aComplaintAtStageThree())]).toEqual(['operations-head', 'fleet-head', 'cro']);
    const transferred = rules.assignOwner(aComplaintAtStageOne(), { owner: 'operations-deputy' }, ruleContext(people.opsHead, new Date('2026-03-04T09:00:00Z'))).case;
    expect([...everyOwner(transferred)]).toEqual(['operations-head', 'operations-deputy']);
    expect(everyOwner(aNewComplaint()).size).toBe(0);
  });
});

describe('the vocabulary of the procedure', () => {
  it('takes cases from the public form or from staff, who record what came by phone, letter, email, in person or from a consultation', () => {
    expect(STAFF_CHANNELS).toEqual(['phone', 'letter', 'email', 'in-person', 'consultation']);
    expect(CHANNELS).toEqual(['web', ...STAFF_CHANNELS]);
  });

  it('decides a complaint upheld, partly upheld or not upheld', () => {
    expect(DECISIONS).toEqual(['upheld', 'partly-upheld', 'not-upheld']);
  });

  it('names every kind of task the Administration Manager may be given', () => {
    expect(TASK_TYPES).toEqual(['acknowledge-by-letter', 'acknowledge-by-phone', 'acknowledgement-email-failed', 'assign-owner', 'email-failed', 'workflow-stopped']);
  });

  it('names every event the procedure writes on a timeline', () => {
    const admin = (iso: string) => ruleContext(people.admin, new Date(iso));
    const owner = (id: string, iso: string) => ruleContext({ id, roles: ['functional-head'] }, new Date(iso));
    const system = (iso: string) => ruleContext(rules.SYSTEM, new Date(iso));
    const written: AuditEvent[] = [receivedEvent(aNewComplaint(), { type: 'public' })];
    const step = (change: { case: Case; event: AuditEvent }) => {
      written.push(change.event);
      return change.case;
    };
    let c = step(rules.addTask(aNewComplaint(), { type: 'acknowledge-by-letter', due: '2026-03-11T23:59:59.999Z' }, system('2026-03-02T10:01:00Z')));
    c = step(rules.issueTrackingLink(c, 'a'.repeat(64), system('2026-03-02T10:02:00Z')));
    c = step(rules.recordAcknowledgement(c, 'letter', admin('2026-03-03T09:00:00Z')));
    c = step(rules.revokeTrackingLink(c, admin('2026-03-03T09:10:00Z')));
    c = step(rules.updateDetails(c, { location: 'Bedford' }, admin('2026-03-03T09:30:00Z')));
    c = step(rules.setCategory(c, { category: 'driving' }, admin('2026-03-03T09:40:00Z')));
    c = step(rules.assignOwner(c, {}, admin('2026-03-03T10:00:00Z')));
    c = step(rules.assignOwner(c, { owner: 'operations-deputy' }, owner('operations-head', '2026-03-03T11:00:00Z')));
    c = step(rules.extendDeadline(c, { workingDays: 2, reason: 'CCTV' }, owner('operations-deputy', '2026-03-04T09:00:00Z')));
    c = step(rules.shareDraftFindings(c, { findings: 'Draft' }, owner('operations-deputy', '2026-03-05T09:00:00Z')));
    c = step(rules.recordDraftComments(c, { comments: 'No', receivedOn: '2026-03-06' }, admin('2026-03-06T09:00:00Z')));
    c = step(rules.escalateOnDeadline(c, system('2026-03-19T00:00:01Z')));
    c = step(rules.assignOwner(c, { owner: 'fleet-head' }, admin('2026-03-19T09:00:00Z')));
    c = step(rules.recordOutcome(c, { result: 'further-action', reason: 'CRO please' }, owner('fleet-head', '2026-03-20T09:00:00Z')));
    c = step(rules.referToCro(c, { reason: 'As asked' }, admin('2026-03-20T10:00:00Z')));
    c = step(rules.recordOutcome(c, { result: 'resolved', decision: 'upheld', response: 'Sorry' }, ruleContext(people.cro, new Date('2026-03-25T09:00:00Z'))));
    c = step(rules.recordOmbudsman(c, { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LG-1' }, ruleContext(people.cro, new Date('2026-04-02T09:00:00Z'))));
    c = step(rules.addTask(c, { type: 'email-failed', due: '2026-04-02T10:00:00.000Z' }, system('2026-04-02T10:00:00Z')));
    c = step(completeTask(c, { task: 'email-failed' }, admin('2026-04-02T11:00:00Z')));
    // The retention job, once the case and its review are complete.
    step(removePersonalData(c, { personalDataRetentionMonths: 12 }, new Date('2027-04-03T03:00:00Z'))!);
    step(rules.closeCompliment(aNewCompliment(), 'email', system('2026-03-02T10:01:00Z')));
    const legal = (iso: string) => ruleContext(people.legal, new Date(iso));
    let r = step(referInformationReview(aComplaintAtStageOne(), { request: 'foi' }, admin('2026-03-05T09:00:00Z')));
    r = step(extendInformationReview(r, { workingDays: 5, reason: 'Third party' }, legal('2026-03-20T09:00:00Z')));
    step(decideInformationReview(r, { decision: 'upheld', response: 'Sorry' }, legal('2026-03-25T09:00:00Z')));
    step(decideConsultation(aConsultationComment('consultation-officer', { consultation: { consultationType: 'Service Improvement Plan' } }), { decision: 'not-enter', reason: 'Not a complaint' }, admin('2026-03-03T09:00:00Z')));
    // A note: it changes nothing about the case, so only its event is written.
    written.push(recordReminder(aComplaintAtStageOne(), { to: 'operations-head', as: 'stage-owner', due: { reference: 'CC-2026-00001', what: 'stage', stage: 1, owner: 'operations-head', deadline: STAGE_1_DEADLINE, workingDaysLeft: 1, overdue: false } }, new Date('2026-03-13T07:00:00Z')));
    expect([...new Set(written.map((e) => e.type))].sort()).toEqual([...EVENT_TYPES].sort());
  });
});
