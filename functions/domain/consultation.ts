import * as z from './zod';
import { deadlineOf, type AuditEvent, type Case, type ConsultationDecision } from './case';
import type { RuleContext, Change } from './case-rules';
import { InvalidStateError } from './errors';
import { KINDS } from './submission';
import { expected, multiLine, oneLine, optionalText, requiredText } from './text';

/**
 * Public consultation comments (service order section 2): the Consultation and Partnership Officer
 * forwards a comment with the type of consultation, the comment as received and the date it was
 * received; the Administration Manager decides whether it enters the complaints and compliments
 * procedure (as a complaint or a compliment) or not, with a reason; the officer is told. Pure.
 */

/** The longest name of a consultation ("Service Improvement Plan 2026-29: fire cover review"). */
export const CONSULTATION_TYPE_MAX = 200;

/** The type of consultation a comment came from: required on a consultation comment, refused on anything else. */
export const consultationTypeField = optionalText(oneLine, CONSULTATION_TYPE_MAX);

/** Checks `consultationType` against the channel (for recordCaseSchema's superRefine). */
export function checkConsultationType(input: { channel: string; consultationType?: string | undefined }, ctx: z.core.$RefinementCtx): void {
  if (input.channel === 'consultation' && input.consultationType === undefined) {
    // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
    ctx.addIssue({ code: 'custom', path: ['consultationType'], message: 'required for a consultation comment: the consultation it came from (e.g. Service Improvement Plan)' });
  }
  if (input.channel !== 'consultation' && input.consultationType !== undefined) {
    // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
    ctx.addIssue({ code: 'custom', path: ['consultationType'], message: 'only a consultation comment (channel "consultation") has a type of consultation' });
  }
}

const version = z.number({ error: 'expected the version you read, a whole number' }).check(z.int(), z.gte(1));

/** The Administration Manager's decision on a forwarded consultation comment. */
export const DecideConsultation = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({
      expectedVersion: z.optional(version),
      decision: z.literal('enter'),
      /** It enters the procedure as a complaint or as a compliment. */
      kind: z.enum(KINDS, { error: expected('"complaint" or "compliment"') }),
      reason: optionalText(multiLine, 2_000),
    }),
    z.strictObject({
      expectedVersion: z.optional(version),
      decision: z.literal('not-enter'),
      /** Why it stays out of the procedure: told to the officer. */
      reason: requiredText(multiLine, 2_000),
    }),
  ],
  { error: 'expected decision "enter" or "not-enter"' },
);
export type DecideConsultationInput = z.output<typeof DecideConsultation>;

export type ConsultationState = 'awaiting' | 'entered' | 'not-entered';
export const CONSULTATION_STATES: readonly ConsultationState[] = ['awaiting', 'entered', 'not-entered'];

/** Where a forwarded comment stands; undefined for a case that did not come from a consultation. */
export function consultationState(c: Pick<Case, 'consultation'>): ConsultationState | undefined {
  if (!c.consultation) return undefined;
  if (!c.consultation.decision) return 'awaiting';
  return c.consultation.decision.entered ? 'entered' : 'not-entered';
}

/** Whether a case counts as a complaint or compliment (in the reports): every case but a consultation comment not (or not yet) entered. */
export function inProcedure(c: Pick<Case, 'consultation'>): boolean {
  const state = consultationState(c);
  return state === undefined || state === 'entered';
}

/** A consultation comment still waiting for the Administration Manager's decision: nothing else happens to it. */
export const isAwaitingDecision = (c: Pick<Case, 'consultation'>) => consultationState(c) === 'awaiting';

/**
 * The decision. Entering makes it a case like any staff-recorded one (its acknowledgement deadline
 * already runs from the date the comment was received; the caller starts the workflow); not
 * entering closes it, with the reason.
 */
export function decideConsultation(c: Case, input: DecideConsultationInput, ctx: RuleContext): Change {
  if (!c.consultation) throw new InvalidStateError(`${c.reference} is not a consultation comment: there is nothing to decide`);
  if (c.consultation.decision) {
    const was = c.consultation.decision.entered ? 'entered the procedure' : 'not to enter the procedure';
    throw new InvalidStateError(`${c.reference} was already decided (${was}) on ${c.consultation.decision.decidedAt.slice(0, 10)}`);
  }
  const at = ctx.now.toISOString();
  const decision: ConsultationDecision = { entered: input.decision === 'enter', decidedAt: at, decidedBy: ctx.staff.id };
  if (input.reason !== undefined) decision.reason = input.reason;
  const consultation = { ...c.consultation, decision };
  const decided: Case =
    input.decision === 'enter'
      ? { ...c, kind: input.kind, consultation }
      : { ...c, consultation, status: 'closed', stage: null, owner: null, closedAt: at, closure: 'not-entered' };
  const next: Case = { ...decided, version: c.version + 1 };
  next.nextDeadline = deadlineOf(next);
  const event: AuditEvent = {
    reference: c.reference,
    at,
    type: 'consultation-decided',
    actor: { type: 'staff', id: ctx.staff.id },
    version: next.version,
    data: input.decision === 'enter' ? { decision: 'enter', kind: input.kind } : { decision: 'not-enter' },
  };
  return { case: next, event };
}
