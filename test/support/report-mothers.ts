import type { Case, Channel, Decision, StageRecord } from '../../functions/domain/case';
import { aNewComplaint, aNewCompliment } from './case-mothers';

/**
 * Typed mothers for the reports: cases as stored at some point of the procedure, every date and
 * deadline written out (hand-computed from the default policy's England and Wales calendar), never
 * produced by the code under test.
 */

export interface Received {
  reference: string;
  /** The UTC instant of receipt. */
  at: string;
  /** Its London date. */
  on: string;
  channel: Channel;
  function?: string;
  category?: string;
  /** End of the 7th working day after `on`, as stored. */
  acknowledgeBy: string;
  acknowledgedAt?: string;
}

function base(r: Received): Partial<Case> {
  const c: Partial<Case> = {
    reference: r.reference,
    receivedAt: r.at,
    receivedOn: r.on,
    channel: r.channel,
    acknowledgeBy: r.acknowledgeBy,
    nextDeadline: r.acknowledgeBy,
  };
  if (r.acknowledgedAt) {
    c.acknowledgedAt = r.acknowledgedAt;
    c.acknowledgedVia = 'email';
  }
  if (r.category) c.category = r.category;
  return c;
}

function withFunction(c: Case, fn: string | undefined): Case {
  const { function: _, ...rest } = c;
  return fn ? { ...rest, function: fn } : rest;
}

/** A complaint received and not yet in a stage. */
export function complaintReceived(r: Received, overrides: Partial<Case> = {}): Case {
  return withFunction(aNewComplaint({ ...base(r), ...overrides }), r.function);
}

/** A compliment received (open until thanked, unless overridden). */
export function complimentReceived(r: Received, overrides: Partial<Case> = {}): Case {
  return withFunction(aNewCompliment({ ...base(r), ...overrides }), r.function);
}

export function stage(number: number, startedAt: string, deadline: string, more: Partial<StageRecord> = {}): StageRecord {
  const owner = more.owner === undefined ? `owner-${number}` : more.owner;
  return { number, owner, owners: owner ? [owner] : [], startedAt, deadline, extendedBy: 0, ...more };
}

/** A complaint open in its last listed stage. */
export function complaintInStage(r: Received, stages: StageRecord[], overrides: Partial<Case> = {}): Case {
  const last = stages.at(-1)!;
  return complaintReceived(r, { stage: last.number, owner: last.owner, stages, nextDeadline: last.deadline, ...overrides });
}

/** A complaint resolved at its last listed stage, with the decision recorded when the stage ended. */
export function complaintResolved(
  r: Received,
  stages: StageRecord[],
  outcome: { decision: Decision; remedy?: string; lessonsLearned?: string },
  overrides: Partial<Case> = {},
): Case {
  const last = stages.at(-1)!;
  const closedAt = last.endedAt!;
  return complaintReceived(r, {
    status: 'closed',
    stage: null,
    owner: null,
    nextDeadline: null,
    stages,
    outcome: { stage: last.number, response: 'Our answer.', decidedAt: closedAt, decidedBy: last.owner ?? 'someone', ...outcome },
    closedAt,
    closure: 'resolved',
    ...overrides,
  });
}

/** A complaint closed after its last stage, the customer told how to go to the Ombudsman. */
export function complaintReferredToOmbudsman(r: Received, stages: StageRecord[], overrides: Partial<Case> = {}): Case {
  return complaintReceived(r, {
    status: 'closed',
    stage: null,
    owner: null,
    nextDeadline: null,
    stages,
    closedAt: stages.at(-1)!.endedAt!,
    closure: 'ombudsman-referral',
    ...overrides,
  });
}
