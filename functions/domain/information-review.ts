import * as z from './zod';
import { DECISIONS, INFORMATION_REQUESTS, type Case, type InformationReview } from './case';
import { change, type Change, type RuleContext } from './case-rules';
import { InvalidStateError, ValidationError } from './errors';
import type { Policy } from './policy';
import { expected, multiLine, optionalText, requiredText } from './text';

/**
 * Complaints about how an information request was handled (DESIGN.md §2, "Information-request
 * complaints"; §6: an FOI internal review within 20 working days, 40 in exceptional cases, by someone
 * not involved; then the ICO). The Administration Manager refers an open complaint to Legal &
 * Governance; the review replaces the running stage (which ends), has its own deadline from the
 * policy, may be extended once with a reason the customer is told, and its outcome closes the case
 * with a letter that names the Information Commissioner's Office. Pure.
 */

const version = z.number({ error: 'expected the version you read, a whole number' }).check(z.int(), z.gte(1));

/** The Administration Manager's referral: which kind of request it was about, and a note for the reviewer. */
export const ReferInformationReview = z.strictObject({
  expectedVersion: z.optional(version),
  request: z.enum(INFORMATION_REQUESTS, { error: expected(`one of: ${INFORMATION_REQUESTS.join(', ')}`) }),
  note: optionalText(multiLine, 2_000),
});

/** Legal & Governance extends the review once, within the policy's most, with a reason for the customer. */
export const ExtendInformationReview = (policy: Policy) => {
  const most = policy.informationRequestReview.maxWorkingDays - policy.informationRequestReview.workingDays;
  return z.strictObject({
    expectedVersion: z.optional(version),
    workingDays: z.number({ error: 'expected a whole number of working days' }).check(
      z.int(), // answered by the number's own error above
      z.gte(1),
      z.lte(most, `at most ${most} working days (a review takes at most ${policy.informationRequestReview.maxWorkingDays} in all)`),
    ),
    /** Told to the customer. */
    reason: requiredText(multiLine, 2_000),
  });
};

/** The review's outcome: upheld, partly upheld or not upheld, the response to the customer, the lessons learned. */
export const DecideInformationReview = z.strictObject({
  expectedVersion: z.optional(version),
  decision: z.enum(DECISIONS, { error: expected(`one of: ${DECISIONS.join(', ')}`) }),
  response: requiredText(multiLine, 10_000),
  lessonsLearned: optionalText(multiLine, 5_000),
});

export { isUnderReview } from './case';

function openReview(c: Case, action: string): InformationReview {
  if (c.status === 'closed') throw new InvalidStateError(`${c.reference} is closed: its review cannot ${action}`);
  if (!c.informationReview) throw new InvalidStateError(`${c.reference} is not under an information-request review: it cannot ${action}`);
  return c.informationReview;
}

/**
 * The referral: the running stage (if any) ends, and the review becomes what the case waits for, owned
 * by the team (no one person: `owner` is null, and the Administration Manager's "choose an owner" task ends).
 */
export function referInformationReview(c: Case, input: z.output<typeof ReferInformationReview>, ctx: RuleContext): Change {
  if (c.kind !== 'complaint') throw new InvalidStateError(`${c.reference} is a compliment: only a complaint can be reviewed`);
  if (c.status === 'closed') throw new InvalidStateError(`${c.reference} is closed: reopen it as a new complaint to review it`);
  if (c.informationReview) throw new InvalidStateError(`${c.reference} was already referred to Legal & Governance on ${c.informationReview.referredAt.slice(0, 10)}`);
  const at = ctx.now.toISOString();
  const deadline = ctx.calendar.deadline(ctx.now, ctx.policy.informationRequestReview.workingDays).toISOString();
  const review: InformationReview = { request: input.request, referredAt: at, referredBy: ctx.staff.id, fromStage: c.stage, deadline };
  if (input.note !== undefined) review.note = input.note;
  const { referralRequested: _gone, ...rest } = c;
  const next: Case = {
    ...rest,
    stage: null,
    owner: null,
    stages: c.stages.map((s) => (s.number === c.stage ? { ...s, endedAt: at, endedBy: 'information-review' } : s)),
    tasks: (c.tasks ?? []).filter((t) => t.type !== 'assign-owner'),
    informationReview: review,
  };
  return change(c, next, ctx, 'information-review-referred', { request: input.request, fromStage: c.stage, deadline });
}

/** The one extension: the new deadline is the old one plus the working days, never past the policy's most. */
export function extendInformationReview(c: Case, input: { workingDays: number; reason: string }, ctx: RuleContext): Change {
  const review = openReview(c, 'be extended');
  if (review.extension) {
    throw new InvalidStateError(`the review of ${c.reference} was already extended on ${review.extension.at.slice(0, 10)}: it may be extended only once`);
  }
  const most = ctx.policy.informationRequestReview.maxWorkingDays - ctx.policy.informationRequestReview.workingDays;
  if (input.workingDays > most) {
    throw new ValidationError([{ path: 'workingDays', message: `at most ${most} working days (a review takes at most ${ctx.policy.informationRequestReview.maxWorkingDays} in all)` }]);
  }
  const from = review.deadline;
  const to = ctx.calendar.endOfDay(ctx.calendar.addWorkingDays(ctx.calendar.londonDate(new Date(from)), input.workingDays)).toISOString();
  const extension = { at: ctx.now.toISOString(), by: ctx.staff.id, workingDays: input.workingDays, reason: input.reason };
  const next: Case = { ...c, informationReview: { ...review, deadline: to, extension } };
  return change(c, next, ctx, 'information-review-extended', { from, to, workingDays: input.workingDays, reason: input.reason });
}

/** The outcome closes the case; the workflow then sends the closing letter, which names the Information Commissioner. */
export function decideInformationReview(c: Case, input: z.output<typeof DecideInformationReview>, ctx: RuleContext): Change {
  const review = openReview(c, 'record an outcome');
  const at = ctx.now.toISOString();
  const outcome = { decision: input.decision, response: input.response, ...(input.lessonsLearned ? { lessonsLearned: input.lessonsLearned } : {}), decidedAt: at, decidedBy: ctx.staff.id };
  const next: Case = { ...c, informationReview: { ...review, outcome }, status: 'closed', stage: null, owner: null, closedAt: at, closure: 'information-review' };
  const onTime = at <= review.deadline;
  return change(c, next, ctx, 'information-review-decided', { decision: input.decision, onTime });
}
