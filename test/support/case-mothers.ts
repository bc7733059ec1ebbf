import type { Case, StageRecord } from '../../functions/domain/case';
import type { Staff } from '../../functions/domain/staff';
import { aStoredCase } from './cases';

/**
 * Typed mothers for a case at each point of the procedure (DESIGN.md §2), written out as stored
 * (not built by running the rules under test), with the default policy and staff directory:
 * received Monday 2 March 2026 10:00 GMT about Operations; stage 1 (operations-head) ended by
 * further action on Tuesday 10 March; stage 2 (fleet-head) referred on Friday 20 March; stage 3
 * with the CRO.
 */

export const RECEIVED_AT = '2026-03-02T10:00:00.000Z';
export const STAGE_1_DEADLINE = '2026-03-16T23:59:59.999Z';
export const STAGE_2_STARTED = '2026-03-10T12:00:00.000Z';
export const STAGE_2_DEADLINE = '2026-03-24T23:59:59.999Z';
export const STAGE_3_STARTED = '2026-03-20T09:00:00.000Z';
/** Ten working days from Friday 20 March: Good Friday and Easter Monday do not count; BST by then. */
export const STAGE_3_DEADLINE = '2026-04-07T22:59:59.999Z';

type Overrides = Partial<Case>;

/** A complaint as logged: no stage yet, waiting for its acknowledgement and an owner. */
export function aNewComplaint(overrides: Overrides = {}): Case {
  return { ...aStoredCase(), ...overrides };
}

/** A compliment as logged (anonymous unless overridden). */
export function aNewCompliment(overrides: Overrides = {}): Case {
  return aNewComplaint({
    kind: 'compliment',
    customer: { preferredContact: 'none', anonymous: true },
    summary: 'Thank you to Blue Watch',
    details: 'The crew who came to our kitchen fire were kind and calm.',
    ...overrides,
  });
}

export function stageOneRecord(owner: string | null = 'operations-head', ended?: Pick<StageRecord, 'endedAt' | 'endedBy'>): StageRecord {
  return { number: 1, owner, owners: owner ? [owner] : [], startedAt: RECEIVED_AT, deadline: STAGE_1_DEADLINE, extendedBy: 0, ...ended };
}

const stageOneEnded = () => stageOneRecord('operations-head', { endedAt: STAGE_2_STARTED, endedBy: 'further-action' });

function stageTwoRecord(owner: string | null, ended?: Pick<StageRecord, 'endedAt' | 'endedBy'>): StageRecord {
  return { number: 2, owner, owners: owner ? [owner] : [], startedAt: STAGE_2_STARTED, deadline: STAGE_2_DEADLINE, extendedBy: 0, ...ended };
}

/** Stage 1 running, owned by the Head of Operations (or nobody yet, with `null`). */
export function aComplaintAtStageOne(owner: string | null = 'operations-head', overrides: Overrides = {}): Case {
  return aNewComplaint({ stage: 1, owner, stages: [stageOneRecord(owner)], nextDeadline: STAGE_1_DEADLINE, version: 2, ...overrides });
}

/** Stage 1 ended with further action; stage 2 running with another Functional Head (or nobody yet). */
export function aComplaintAtStageTwo(owner: string | null = 'fleet-head', overrides: Overrides = {}): Case {
  return aNewComplaint({
    stage: 2,
    owner,
    stages: [stageOneEnded(), stageTwoRecord(owner)],
    nextDeadline: STAGE_2_DEADLINE,
    version: 3,
    ...overrides,
  });
}

/** Stages 1 and 2 ended; the Administration Manager referred it to the CRO, who has stage 3. */
export function aComplaintAtStageThree(overrides: Overrides = {}): Case {
  return aNewComplaint({
    stage: 3,
    owner: 'cro',
    stages: [
      stageOneEnded(),
      stageTwoRecord('fleet-head', { endedAt: STAGE_3_STARTED, endedBy: 'referral' }),
      { number: 3, owner: 'cro', owners: ['cro'], startedAt: STAGE_3_STARTED, deadline: STAGE_3_DEADLINE, extendedBy: 0 },
    ],
    nextDeadline: STAGE_3_DEADLINE,
    version: 4,
    ...overrides,
  });
}

/** Resolved at stage 1 on Tuesday 10 March (not upheld). */
export function aClosedComplaint(overrides: Overrides = {}): Case {
  return aNewComplaint({
    status: 'closed',
    stage: null,
    owner: null,
    stages: [stageOneRecord('operations-head', { endedAt: STAGE_2_STARTED, endedBy: 'resolved' })],
    outcome: { stage: 1, decision: 'not-upheld', response: 'The crew parked lawfully.', decidedAt: STAGE_2_STARTED, decidedBy: 'operations-head' },
    closedAt: STAGE_2_STARTED,
    closure: 'resolved',
    nextDeadline: null,
    version: 3,
    ...overrides,
  });
}

/** Closed, with every free text and contact detail filled in as staff and the person wrote them: extension, draft findings and comments, referral, remedy, Ombudsman findings, tracking link. */
export function aFullClosedComplaint(overrides: Overrides = {}): Case {
  const c = aClosedComplaint();
  return {
    ...c,
    stages: [{ ...c.stages[0]!, extendedBy: 2, extensions: [{ at: '2026-03-04T09:00:00.000Z', by: 'operations-head', workingDays: 2, reason: 'Waiting for Mrs Example’s CCTV' }] }],
    draftFindings: [
      { sharedAt: '2026-03-05T09:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'We found Ann’s drive was blocked', comments: { receivedOn: '2026-03-06', text: 'Ann says: it was two hours', recordedAt: '2026-03-06T09:00:00.000Z', recordedBy: 'admin-manager' } },
    ],
    referralRequested: { at: '2026-03-07T09:00:00.000Z', by: 'operations-head', reason: 'Ann wants the CRO' },
    outcome: { stage: 1, decision: 'upheld', response: 'Dear Ann, we are sorry', remedy: 'A letter of apology to 1 High Street', lessonsLearned: 'Crews check for driveways before parking', decidedAt: STAGE_2_STARTED, decidedBy: 'operations-head' },
    ombudsman: { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LGO-26-001', findings: 'Ms Example was caused injustice', recommendations: 'Pay Ms Example £100', recordedAt: '2026-05-01T09:00:00.000Z', recordedBy: 'cro' },
    trackingLink: { hash: 'a'.repeat(64), issuedAt: '2026-03-02T10:01:00.000Z' },
    category: 'driving',
    function: 'operations',
    ...overrides,
  };
}


/** Resolved at stage 1 and, a year on, its personal data removed under the retention policy (functions/domain/retention.ts). */
export function anAnonymisedComplaint(overrides: Overrides = {}): Case {
  const closed = aClosedComplaint();
  return {
    ...closed,
    customer: { preferredContact: 'email', anonymous: false },
    summary: '',
    details: '',
    location: undefined,
    outcome: { ...closed.outcome!, response: '' },
    anonymisedAt: '2027-03-10T03:00:00.000Z',
    version: 4,
    ...overrides,
  };
}

/** A negative consultation comment forwarded by the Consultation and Partnership Officer. */
export function aConsultationComment(recordedBy = 'consultation-officer', overrides: Overrides = {}): Case {
  return aNewComplaint({ channel: 'consultation', recordedBy, ...overrides });
}

/** Members of staff by post, as the token names them (ids of the default directory). */
export const people = {
  receiver: { id: 'receiver', roles: ['receiver'] },
  admin: { id: 'admin-manager', roles: ['admin-manager'] },
  opsHead: { id: 'operations-head', roles: ['functional-head'] },
  prevHead: { id: 'prevention-head', roles: ['functional-head'] },
  fleetHead: { id: 'fleet-head', roles: ['functional-head'] },
  dutyOfficer: { id: 'duty-officer', roles: ['duty-officer'] },
  cro: { id: 'cro', roles: ['cro'] },
  ssm: { id: 'ssm', roles: ['ssm'] },
  consultationOfficer: { id: 'consultation-officer', roles: ['consultation-officer'] },
  legal: { id: 'legal-governance', roles: ['legal-governance'] },
  nobody: { id: 'new-starter', roles: [] },
} satisfies Record<string, Staff>;
