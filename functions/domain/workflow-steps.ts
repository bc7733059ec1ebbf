import type { WorkingDayCalendar } from './calendar';
import { currentStage, isUnderReview, type Case, type StageRecord, type TaskType } from './case';
import * as rules from './case-rules';
import { consultationDecisionNotice } from './consultation-emails';
import * as letters from './customer-letters';
import * as notices from './staff-notices';
import { informationReviewExtensionNotice, informationReviewLetter, informationReviewReferral, stageEndedByReview } from './information-review-emails';
import { NotFoundError } from './errors';
import { MailerUnavailableError, MailRejectedError, UnsafeHeaderError, type EmailMessage, type Mailer } from './mail';
import type { Policy } from './policy';
import type { CaseRepository, DirectoryRepository, ScaledClock, TrackingLinkRepository, Workflow, WorkflowStateRepository } from './ports';
import { directoryOrDefault, functionalOwners, type Directory } from './staff';
import { type Messages } from './texts';
import { hashTrackingToken, trackingUrl } from './tracking';

/**
 * The steps of the complaint workflow (statemachines/complaint.asl.json), one function per Task
 * state. The state machine owns the order, the timers, the retries and the catches; these own
 * what each step does to the case, through the same rules as the staff API. Every step is safe to
 * run again (retries, and the resumption of workflows after a local restart): it looks at the case
 * and does only what is not yet done, and sends each letter at most once (`sendOnce`).
 */

export interface WorkflowDeps {
  policy: Policy;
  /** The texts of the policy's language (web/locales/<language>.json): every word of every email. */
  texts: Messages;
  calendar: WorkingDayCalendar;
  cases: CaseRepository;
  directory: DirectoryRepository;
  state: WorkflowStateRepository;
  mailer: Mailer;
  workflow: Workflow;
  now: () => Date;
  /** A new private tracking token: 32 random bytes in base64url (randomness is the caller's). */
  randomToken: () => string;
  trackingLinks: TrackingLinkRepository;
  /** Where the public pages are served (no trailing path): the acknowledgement links to `<publicUrl>/track/<token>`. Unset: no link. */
  publicUrl?: string;
  /** Local demos: a working day of waiting lasts this many seconds (recorded deadlines stay real; see `stageWait`). */
  workingDaySeconds?: number;
}

export type StepInput =
  | { step: 'acknowledge'; reference: string }
  | { step: 'acknowledgementFailed'; reference: string }
  | { step: 'thankCompliment'; reference: string }
  | { step: 'thanksFailed'; reference: string }
  | { step: 'prepareStage'; reference: string }
  | { step: 'awaitOutcome'; reference: string; taskToken: string; armedVersion: number }
  | { step: 'deadlinePassed'; reference: string; armedVersion: number }
  | { step: 'extensionNotice'; reference: string }
  | { step: 'closingLetter'; reference: string }
  | { step: 'closingLetterFailed'; reference: string }
  | { step: 'workflowFault'; reference: string; error?: string };

export interface StagePlan {
  closed: boolean;
  stage: number | null;
  /** Seconds until the current stage's deadline (at least 1). */
  waitSeconds: number;
  /** The case version the wait is armed for. */
  version: number;
}

async function load(reference: string, d: WorkflowDeps): Promise<Case> {
  const c = await d.cases.get(reference);
  if (!c) throw new NotFoundError(`No case ${reference}`);
  return c;
}

async function directoryOf(d: WorkflowDeps): Promise<Directory> {
  return directoryOrDefault(await d.directory.get(), d.policy);
}

async function context(d: WorkflowDeps): Promise<rules.RuleContext> {
  return { staff: rules.SYSTEM, actor: { type: 'system' }, now: d.now(), policy: d.policy, calendar: d.calendar, directory: await directoryOf(d) };
}

/** Applies a system rule and stores it against the version read. */
async function apply(c: Case, rule: (c: Case, ctx: rules.RuleContext) => rules.Change, d: WorkflowDeps): Promise<Case> {
  const { case: next, event } = rule(c, await context(d));
  await d.cases.save(next, event, c.version);
  return next;
}

const admin = async (d: WorkflowDeps) => (await directoryOf(d)).administrationManager;

async function person(id: string, d: WorkflowDeps): Promise<{ name: string; email: string } | undefined> {
  const directory = await directoryOf(d);
  if (id === directory.customerRelationsOfficer.id) return directory.customerRelationsOfficer;
  return functionalOwners(directory).get(id);
}

// ---------------------------------------------------------------- each letter once

/** What became of a letter: sent now, sent by an earlier attempt, in doubt (handed to the Administration Manager), or none to send (no address). */
type Sent = 'sent' | 'sent-before' | 'in-doubt' | 'none';

const delivered = (sent: Sent) => sent === 'sent' || sent === 'sent-before';

/**
 * A message made only once its letter's claim is held, for what must happen at most once per letter
 * sent (issuing the tracking link the acknowledgement carries); it may change the case, and says
 * how the case now stands.
 */
type Prepare = (c: Case) => Promise<{ c: Case; message: EmailMessage }>;

interface Letter {
  /** Unique per letter of the case: `ack`, `closing`, `extension#<event version>`, `owner#<stage>#<nth owner>`, ... */
  id: string;
  message: EmailMessage | null | Prepare;
  /** For the Administration Manager's task if it is in doubt: "The closing letter". */
  what: string;
  /** That task (default: email-failed, due now). */
  task?: TaskType;
  due?: string;
}

/**
 * The mailer said it did not take the message (refused it, or could not be reached), so it did not
 * go out and a later attempt may send it. Anything else (a crash, an unexpected error) leaves the
 * outcome unknown.
 */
const knownNotSent = (error: unknown) => error instanceof MailerUnavailableError || error instanceof MailRejectedError || error instanceof UnsafeHeaderError;

/**
 * Each letter once: a step that is retried (or run again when the local stack resumes a workflow)
 * never sends the same letter twice. The letter is CLAIMED in the workflow state (a conditional
 * write on its id) before it goes to the mailer, and marked sent after; a later attempt that finds
 * it sent does not send it again, and goes on to record what the first attempt could not.
 *
 * Claim-before-send trades a duplicate for a letter that may not have gone out, so the claim is
 * given back whenever the send is known to have failed (the mailer's own errors: SES refused the
 * message or could not take it), and the retry sends it. Only a claim whose attempt ended without
 * knowing (the step crashed or timed out mid-send) is left `sending`; the next attempt does not
 * guess: it gives the Administration Manager a task to check and send it by hand, never silence and
 * never a second copy. (A known gap: the SES adapter reports its own 10 s timeout as
 * MailerUnavailableError, where SES may in fact have sent the message, so that case is retried and
 * may arrive twice; an adapter error meaning "outcome unknown" would put it on the task path.)
 */
async function sendOnce(c: Case, letter: Letter, d: WorkflowDeps): Promise<{ c: Case; sent: Sent }> {
  if (!letter.message) return { c, sent: 'none' };
  const earlier = await d.state.claimLetter(c.reference, letter.id, d.now().toISOString());
  if (earlier?.state === 'sent') return { c, sent: 'sent-before' };
  if (earlier?.state === 'in-doubt') return { c, sent: 'in-doubt' };
  if (earlier) {
    const task = { type: letter.task ?? 'email-failed', key: letter.id, note: `${letter.what} may not have gone out (its sending was cut short): check, and send it by hand if not` };
    const flagged = await apply(c, (x, ctx) => rules.addTask(x, { ...task, due: letter.due ?? ctx.now.toISOString() }, ctx), d);
    await d.state.settleLetter(c.reference, letter.id, { state: 'in-doubt', at: d.now().toISOString() });
    return { c: flagged, sent: 'in-doubt' };
  }
  let message: EmailMessage;
  try {
    if (typeof letter.message === 'function') ({ c, message } = await letter.message(c));
    else message = letter.message;
  } catch (error) {
    // Nothing went to the mailer: the letter is known not to have gone out, and a retry prepares it afresh.
    await d.state.releaseLetter(c.reference, letter.id).catch(() => undefined);
    throw error;
  }
  try {
    await d.mailer.send(message);
  } catch (error) {
    // If the release itself fails, the claim stays and the retry hands the letter over as in doubt.
    if (knownNotSent(error)) await d.state.releaseLetter(c.reference, letter.id).catch(() => undefined);
    throw error;
  }
  // It went out. Should this record fail, the claim stays `sending`: a later attempt treats the
  // letter as in doubt (a task), which is better than sending it again or failing the step now.
  await d.state.settleLetter(c.reference, letter.id, { state: 'sent', at: d.now().toISOString() }).catch(() => undefined);
  return { c, sent: 'sent' };
}

// ---------------------------------------------------------------- receipt

/** Step 2: acknowledge by email at once, or give the Administration Manager the task; tell the Duty Officer of urgent ones. */
export async function acknowledge(reference: string, d: WorkflowDeps): Promise<{ kind: Case['kind']; via: string }> {
  let c = await load(reference, d);
  // A consultation comment's workflow starts with the Administration Manager's decision: the officer is told of it.
  // Stryker disable next-line ConditionalExpression: equivalent (without a decision there is no notice to send, and the case is not closed here); it spares reading the directory
  if (c.consultation?.decision) {
    const officer = (await directoryOf(d)).consultationOfficer!;
    ({ c } = await sendOnce(c, { id: 'consultation-decision', message: consultationDecisionNotice(c, d.policy, d.texts, officer), what: 'The decision email to the Consultation and Partnership Officer' }, d));
    // Not entered: closed, nothing to acknowledge (prepareStage then finds it closed, and no closing letter goes).
    if (c.status === 'closed') return { kind: c.kind, via: 'not-entered' };
  }
  // `dutyOfficerTold`: the mark of cases alerted before letters were claimed one by one.
  if (c.urgent && !(await d.state.get(reference)).dutyOfficerTold) {
    const directory = await directoryOf(d);
    ({ c } = await sendOnce(c, { id: 'urgent', message: notices.urgentNotice(c, d.policy, d.texts, directory.dutyOfficer), what: 'The urgent notice to the Duty Officer' }, d));
  }
  if (c.kind === 'compliment') return { kind: c.kind, via: 'thanks' };
  if (c.acknowledgedAt) return { kind: c.kind, via: c.acknowledgedVia ?? 'email' };
  if (c.customer.preferredContact === 'email' && c.customer.email) {
    const ack = await sendOnce(c, { id: 'ack', message: (x) => acknowledgementWithLink(x, d), what: 'The acknowledgement email', task: 'acknowledgement-email-failed', due: c.acknowledgeBy }, d);
    c = ack.c;
    if (delivered(ack.sent)) {
      c = await apply(c, (x, ctx) => rules.recordAcknowledgement(x, 'email', ctx), d);
      return { kind: c.kind, via: 'email' };
    }
    if (ack.sent === 'in-doubt') return { kind: c.kind, via: 'task' };
  }
  const task = c.customer.preferredContact === 'phone' ? 'acknowledge-by-phone' : 'acknowledge-by-letter';
  if (!(c.tasks ?? []).some((t) => t.type === task)) {
    c = await apply(c, (x, ctx) => rules.addTask(x, { type: task, due: x.acknowledgeBy }, ctx), d);
  }
  await sendOnce(c, { id: `task#${task}`, message: notices.adminTask(c, d.policy, d.texts, await admin(d), { task, due: c.acknowledgeBy }), what: 'The task email to the Administration Manager' }, d);
  return { kind: c.kind, via: 'task' };
}

/**
 * The acknowledgement email, made once its claim is held: with a public URL configured, a new
 * private tracking link is issued for it (its hash recorded, then the case changed to carry it),
 * so a retry after an attempt that may have sent the email never replaces the link that email holds.
 */
async function acknowledgementWithLink(c: Case, d: WorkflowDeps): Promise<{ c: Case; message: EmailMessage }> {
  const stageOneDeadline = d.calendar.deadline(new Date(c.receivedAt), d.policy.stages[0]!.workingDays).toISOString();
  // Not null (`!`): `acknowledge` sends it only to a customer with an email address.
  if (!d.publicUrl) return { c, message: letters.acknowledgement(c, d.policy, d.texts, { stageOneDeadline })! };
  const token = d.randomToken();
  const hash = hashTrackingToken(token);
  await d.trackingLinks.put(hash, c.reference, d.now().toISOString());
  const linked = await apply(c, (x, ctx) => rules.issueTrackingLink(x, hash, ctx), d);
  return { c: linked, message: letters.acknowledgement(linked, d.policy, d.texts, { stageOneDeadline, trackingUrl: trackingUrl(d.publicUrl, token) })! };
}

/** The acknowledgement step failed for good: flag the case and give the Administration Manager the task (unless the email did go out). */
export async function acknowledgementFailed(reference: string, d: WorkflowDeps): Promise<{ kind: Case['kind'] }> {
  let c = await load(reference, d);
  if (!c.acknowledgedAt && (await d.state.get(reference)).letters.ack?.state === 'sent') {
    // The email went out; only recording it failed.
    await apply(c, (x, ctx) => rules.recordAcknowledgement(x, 'email', ctx), d);
    return { kind: c.kind };
  }
  if (!c.acknowledgedAt && !(c.tasks ?? []).some((t) => t.type === 'acknowledgement-email-failed')) {
    c = await apply(c, (x, ctx) => rules.addTask(x, { type: 'acknowledgement-email-failed', due: x.acknowledgeBy, note: 'The acknowledgement email could not be sent' }, ctx), d);
  }
  // Best effort: the task on the case is what the Administration Manager sees, mail or no mail.
  const message = notices.adminTask(c, d.policy, d.texts, await admin(d), { task: 'acknowledgement-email-failed', due: c.acknowledgeBy });
  await sendOnce(c, { id: 'task#acknowledgement-email-failed', message, what: 'The task email to the Administration Manager' }, d).catch(() => undefined);
  return { kind: c.kind };
}

/** A compliment: thank the person (if they can be reached by email), tell the function's Head, and close. */
export async function thankCompliment(reference: string, d: WorkflowDeps): Promise<{ closed: true }> {
  let c = await load(reference, d);
  if (c.status === 'closed') return { closed: true };
  const thanks = await sendOnce(c, { id: 'thanks', message: letters.complimentThanks(c, d.policy, d.texts), what: 'The thank-you email' }, d);
  c = thanks.c;
  // Stryker disable next-line ConditionalExpression: equivalent: with no function, the find below finds none either.
  if (c.function) {
    const f = (await directoryOf(d)).functions.find((x) => x.id === c.function);
    if (f) ({ c } = await sendOnce(c, { id: 'compliment-notice', message: notices.complimentNotice(c, d.policy, d.texts, f.head), what: "The compliment's notice to the function's Head" }, d));
  }
  await apply(c, (x, ctx) => rules.closeCompliment(x, delivered(thanks.sent) ? 'email' : null, ctx), d);
  return { closed: true };
}

export async function thanksFailed(reference: string, d: WorkflowDeps): Promise<{ closed: boolean }> {
  const c = await load(reference, d);
  if (c.status === 'open' && (await d.state.get(reference)).letters.thanks?.state === 'sent') {
    // The thanks went out; only closing the compliment failed.
    await apply(c, (x, ctx) => rules.closeCompliment(x, 'email', ctx), d);
    return { closed: true };
  }
  if (c.status === 'open' && !(c.tasks ?? []).some((t) => t.type === 'email-failed' && t.key === 'thanks')) {
    await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', key: 'thanks', due: x.acknowledgeBy, note: 'The thank-you email could not be sent' }, ctx), d);
  }
  return { closed: false };
}

// ---------------------------------------------------------------- stages

/**
 * How long the wait for the stage's outcome lasts, at `now`. In AWS: until the stage's deadline.
 * In local demos a working day of waiting lasts `workingDaySeconds`, and the wait ends the stage's
 * working days (scaled) after the wall-clock moment it was first armed, a moment kept in the
 * workflow state (`clock`). So a wait armed again (after a staff change, or a restart of the local
 * stack) waits only for what is left, an extension adds just its own days, and a wait that ended
 * while nothing ran ends at once.
 */
export function stageWait(
  stage: StageRecord,
  clock: ScaledClock | undefined,
  now: Date,
  calendar: WorkingDayCalendar,
  workingDaySeconds?: number,
): { waitSeconds: number; clock?: ScaledClock } {
  const deadline = new Date(stage.deadline);
  if (!workingDaySeconds) return { waitSeconds: Math.max(1, Math.ceil((deadline.getTime() - now.getTime()) / 1000)) };
  const same = clock?.stage === stage.number && clock.stageStartedAt === stage.startedAt;
  const mine: ScaledClock = same
    ? clock
    : { stage: stage.number, stageStartedAt: stage.startedAt, wall: now.toISOString(), from: new Date(Math.max(now.getTime(), Date.parse(stage.startedAt))).toISOString() };
  const endsAt = Date.parse(mine.wall) + calendar.workingDaysBetween(new Date(mine.from), deadline) * workingDaySeconds * 1000;
  return { waitSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)), clock: mine };
}

/** How long one wait lasts while the case is under an information-request review (its timer moves nothing). */
export const REVIEW_WAIT_SECONDS = 24 * 60 * 60;

/**
 * Before every wait: start stage 1 if the case has none; tell a new owner they own the stage (or
 * the Administration Manager that an owner is needed, or that the case moved on); and say how long
 * to wait for the stage's outcome.
 */
export async function prepareStage(reference: string, d: WorkflowDeps): Promise<StagePlan> {
  let c = await load(reference, d);
  if (c.status === 'closed') return { closed: true, stage: null, waitSeconds: 1, version: c.version };
  // Under Legal & Governance's review no stage runs and no timer moves the case: only the review's outcome
  // (or extension) ends the wait, which is armed again each day. The timescale monitor watches its deadline.
  if (isUnderReview(c)) {
    c = await tellOfReferral(c, d);
    return { closed: false, stage: null, waitSeconds: REVIEW_WAIT_SECONDS, version: c.version };
  }
  if (!currentStage(c)) c = await apply(c, rules.startStageOne, d);
  const stage = currentStage(c)!;
  const told = await d.state.get(reference);
  if (told.notifiedStage != null && told.notifiedStage !== stage.number) {
    const from = told.notifiedStage;
    // Stryker disable next-line OptionalChaining: equivalent: the stage the case left is always among its stages.
    const why = c.stages.find((s) => s.number === from)?.endedBy === 'deadline' ? 'deadline' : 'further-action';
    const message = notices.escalationNotice(c, d.policy, d.texts, await admin(d), { fromStage: from, toStage: stage.number, why, deadline: stage.deadline });
    ({ c } = await sendOnce(c, { id: `escalation#${from}#${stage.number}`, message, what: `The notice that the case moved to stage ${stage.number}` }, d));
  }
  if (c.owner && (told.notifiedOwner !== c.owner || told.notifiedStage !== stage.number)) {
    const owner = await person(c.owner, d);
    if (owner) {
      const message = notices.stageOwnerNotice(c, d.policy, d.texts, { stage: stage.number, owner, deadline: stage.deadline });
      // The nth owner of the stage: an owner handed the stage back later is told again.
      ({ c } = await sendOnce(c, { id: `owner#${stage.number}#${stage.owners.length}`, message, what: `The notice to the owner of stage ${stage.number}` }, d));
    }
  } else if (!c.owner && !(c.tasks ?? []).some((t) => t.type === 'assign-owner' && t.due === stage.deadline)) {
    c = await apply(c, (x, ctx) => rules.addTask(x, { type: 'assign-owner', due: stage.deadline, note: `Stage ${stage.number} needs an owner` }, ctx), d);
    const message = notices.adminTask(c, d.policy, d.texts, await admin(d), { task: 'assign-owner', due: stage.deadline });
    ({ c } = await sendOnce(c, { id: `task#assign-owner#${stage.number}#${stage.deadline}`, message, what: 'The task email to the Administration Manager' }, d));
  }
  const wait = stageWait(stage, told.scaledClock, d.now(), d.calendar, d.workingDaySeconds);
  await d.state.update(reference, { notifiedOwner: c.owner, notifiedStage: stage.number, ...(wait.clock ? { scaledClock: wait.clock } : {}) });
  return { closed: false, stage: stage.number, waitSeconds: wait.waitSeconds, version: c.version };
}

/**
 * The referral, told once each: Legal & Governance are asked to review the complaint (by the
 * directory's address for the team), and the owner of the stage the referral ended is told it is over.
 */
async function tellOfReferral(c: Case, d: WorkflowDeps): Promise<Case> {
  const review = c.informationReview!;
  const team = (await directoryOf(d)).legalGovernance!;
  ({ c } = await sendOnce(c, { id: 'review#referral', message: informationReviewReferral(c, d.policy, d.texts, team), what: 'The referral to Legal & Governance' }, d));
  const ended = c.stages.find((s) => s.number === review.fromStage);
  const owner = ended?.owner ? await person(ended.owner, d) : undefined;
  if (ended && owner) {
    const message = stageEndedByReview(c, d.policy, d.texts, { owner, stage: ended.number });
    ({ c } = await sendOnce(c, { id: `review#stage-ended#${ended.number}`, message, what: `The notice to the owner of stage ${ended.number} that it ended` }, d));
  }
  return c;
}

/**
 * Keeps the callback token of the wait for the stage outcome, so the staff API can end the wait.
 * If the case changed between preparing and arming (a staff action that found nothing to signal),
 * the wait ends at once so the change is not missed.
 */
export async function awaitOutcome(reference: string, taskToken: string, armedVersion: number, d: WorkflowDeps): Promise<{ armed: true }> {
  await d.state.update(reference, { taskToken, armedVersion });
  const c = await load(reference, d);
  if (c.version !== armedVersion) await d.workflow.signal(reference, 'changed-while-arming');
  return { armed: true };
}

/** The stage's deadline passed with no outcome: move to the next stage (or close for the Ombudsman) and tell the Administration Manager. */
export async function deadlinePassed(reference: string, armedVersion: number, d: WorkflowDeps): Promise<{ escalated: boolean }> {
  const c = await load(reference, d);
  await d.state.update(reference, { taskToken: undefined });
  // Something changed since the wait was armed (a transfer, an extension): look again instead.
  // A review is never escalated to a stage by a timer: it ends only with its outcome.
  if (c.version !== armedVersion || c.status === 'closed' || isUnderReview(c)) return { escalated: false };
  const next = await apply(c, rules.escalateOnDeadline, d);
  const from = c.stage!;
  if (next.status === 'open') {
    const stage = currentStage(next)!;
    const message = notices.escalationNotice(next, d.policy, d.texts, await admin(d), { fromStage: from, toStage: stage.number, why: 'deadline', deadline: stage.deadline });
    // The same id as prepareStage's notice: whichever runs first tells the Administration Manager.
    await sendOnce(next, { id: `escalation#${from}#${stage.number}`, message, what: `The notice that the case moved to stage ${stage.number}` }, d);
    await d.state.update(reference, { notifiedStage: stage.number });
  }
  return { escalated: true };
}

/** "If we cannot do so, we will let you know and explain why": the customer hears of an extension and its reason. */
export async function extensionNotice(reference: string, d: WorkflowDeps): Promise<{ told: boolean }> {
  const c = await load(reference, d);
  const review = isUnderReview(c);
  const last = (await d.cases.timeline(reference)).filter((e) => e.type === (review ? 'information-review-extended' : 'deadline-extended')).at(-1);
  if (!last || c.status === 'closed') return { told: false };
  const input = { newDeadline: String(last.data.to), reason: String(last.data.reason) };
  // A review's extension names the Information Commissioner, a stage's the Ombudsman.
  const message = review ? informationReviewExtensionNotice(c, d.policy, d.texts, input) : letters.extensionNotice(c, d.policy, d.texts, input);
  const notice = await sendOnce(c, { id: `extension#${last.version}`, message, what: 'The extension notice to the customer' }, d);
  if (notice.sent === 'none') {
    await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', key: `extension#${last.version}`, due: String(last.data.to), note: 'Tell the customer about the extension by letter or phone' }, ctx), d);
  }
  return { told: delivered(notice.sent) };
}

// ---------------------------------------------------------------- closing

const closingLetterId = (c: Case) => (c.closure === 'ombudsman-referral' ? 'ombudsman' : 'closing');

/** The customer's closing letter for how the case closed: the outcome, the review's outcome (the ICO), or the way to the Ombudsman. */
function closingMessage(c: Case, d: WorkflowDeps) {
  if (c.closure === 'resolved') return letters.closingLetter(c, d.policy, d.texts);
  if (c.closure === 'information-review') return informationReviewLetter(c, d.policy, d.texts);
  return c.closure === 'ombudsman-referral' ? letters.ombudsmanLetter(c, d.policy, d.texts) : null;
}

/** The closing letter: the outcome, or (after every stage) the way to the Ombudsman. */
export async function closingLetter(reference: string, d: WorkflowDeps): Promise<{ sent: boolean }> {
  const c = await load(reference, d);
  await d.state.update(reference, { taskToken: undefined });
  // A consultation comment kept out of the procedure: its officer was told; the consultation answers the person.
  if (c.closure === 'not-entered') return { sent: false };
  const closing = await sendOnce(c, { id: closingLetterId(c), message: closingMessage(c, d), what: 'The closing letter' }, d);
  if (closing.sent === 'none' && c.kind === 'complaint') await closingLetterTask(closing.c, 'Send the closing letter by post or phone', d);
  return { sent: delivered(closing.sent) };
}

/**
 * The closing letter is the Administration Manager's to post or telephone: a task on the (closed)
 * case, and an email telling them, since the console's list of tasks shows open cases only. The
 * email is attempted once; when mail itself is down it cannot go, and the task stays on the case.
 */
async function closingLetterTask(c: Case, note: string, d: WorkflowDeps): Promise<void> {
  const key = closingLetterId(c);
  const tasked = (c.tasks ?? []).some((t) => t.type === 'email-failed' && t.key === key) ? c : await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', key, due: d.now().toISOString(), note }, ctx), d);
  const message = notices.adminTask(tasked, d.policy, d.texts, await admin(d), { task: 'closing-letter', due: d.now().toISOString() });
  await sendOnce(tasked, { id: 'task#closing-letter', message, what: 'The task email to the Administration Manager' }, d).catch(() => undefined);
}

export async function closingLetterFailed(reference: string, d: WorkflowDeps): Promise<{ sent: boolean }> {
  const c = await load(reference, d);
  // The letter went out and only what came after failed: nothing for the Administration Manager to send.
  if ((await d.state.get(reference)).letters[closingLetterId(c)]?.state === 'sent') return { sent: true };
  await closingLetterTask(c, 'The closing email could not be sent: send it by post', d);
  return { sent: false };
}

/** A step kept failing: the case is flagged so the Administration Manager sees it; the workflow then stops. */
export async function workflowFault(reference: string, error: string | undefined, d: WorkflowDeps): Promise<{ flagged: boolean }> {
  const c = await load(reference, d);
  if (c.status === 'closed') return { flagged: false };
  await apply(c, (x, ctx) => rules.addTask(x, { type: 'workflow-stopped', due: d.now().toISOString(), note: `The workflow stopped (${(error ?? 'unknown').slice(0, 80)}): handle this case by hand` }, ctx), d);
  return { flagged: true };
}

export async function runStep(input: StepInput, d: WorkflowDeps): Promise<unknown> {
  switch (input.step) {
    case 'acknowledge':
      return acknowledge(input.reference, d);
    case 'acknowledgementFailed':
      return acknowledgementFailed(input.reference, d);
    case 'thankCompliment':
      return thankCompliment(input.reference, d);
    case 'thanksFailed':
      return thanksFailed(input.reference, d);
    case 'prepareStage':
      return prepareStage(input.reference, d);
    case 'awaitOutcome':
      return awaitOutcome(input.reference, input.taskToken, input.armedVersion, d);
    case 'deadlinePassed':
      return deadlinePassed(input.reference, input.armedVersion, d);
    case 'extensionNotice':
      return extensionNotice(input.reference, d);
    case 'closingLetter':
      return closingLetter(input.reference, d);
    case 'closingLetterFailed':
      return closingLetterFailed(input.reference, d);
    case 'workflowFault':
      return workflowFault(input.reference, input.error, d);
    default: {
      const unknown: never = input;
      throw new Error(`Unknown workflow step ${JSON.stringify(unknown)}`);
    }
  }
}
