import type { WorkingDayCalendar } from './calendar';
import { currentStage, type Case } from './case';
import * as rules from './case-rules';
import * as emails from './emails';
import { NotFoundError } from './errors';
import type { EmailMessage, Mailer } from './mail';
import type { Policy } from './policy';
import type { CaseRepository, DirectoryRepository, Workflow, WorkflowStateRepository } from './ports';
import { defaultDirectory, functionalOwners, type Directory } from './staff';

/**
 * The steps of the complaint workflow (statemachines/complaint.asl.json), one function per Task
 * state. The state machine owns the order, the timers, the retries and the catches; these own
 * what each step does to the case, through the same rules as the staff API. Every step is safe to
 * run again (retries, and the resumption of workflows after a local restart): it looks at the case
 * and does only what is not yet done.
 */

export interface WorkflowDeps {
  policy: Policy;
  calendar: WorkingDayCalendar;
  cases: CaseRepository;
  directory: DirectoryRepository;
  state: WorkflowStateRepository;
  mailer: Mailer;
  workflow: Workflow;
  now: () => Date;
  /** Local demos: a working day of waiting lasts this many seconds (recorded deadlines stay real). */
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
  return (await d.directory.get()) ?? defaultDirectory(d.policy);
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

const admin = (d: WorkflowDeps) => ({ name: d.policy.administrationManager.name, email: d.policy.administrationManager.email });

async function person(id: string, d: WorkflowDeps): Promise<{ name: string; email: string } | undefined> {
  const directory = await directoryOf(d);
  if (id === directory.customerRelationsOfficer.id) return directory.customerRelationsOfficer;
  return functionalOwners(directory).get(id);
}

async function send(message: EmailMessage | null, d: WorkflowDeps): Promise<boolean> {
  if (!message) return false;
  await d.mailer.send(message);
  return true;
}

// ---------------------------------------------------------------- receipt

/** Step 2: acknowledge by email at once, or give the Administration Manager the task; tell the Duty Officer of urgent ones. */
export async function acknowledge(reference: string, d: WorkflowDeps): Promise<{ kind: Case['kind']; via: string }> {
  let c = await load(reference, d);
  if (c.urgent && !(await d.state.get(reference)).dutyOfficerTold) {
    const directory = await directoryOf(d);
    await send(emails.urgentNotice(c, d.policy, directory.dutyOfficer), d);
    await d.state.update(reference, { dutyOfficerTold: true });
  }
  if (c.kind === 'compliment') return { kind: c.kind, via: 'thanks' };
  if (c.acknowledgedAt) return { kind: c.kind, via: c.acknowledgedVia ?? 'email' };
  if (c.customer.preferredContact === 'email' && c.customer.email) {
    const stageOne = d.calendar.deadline(new Date(c.receivedAt), d.policy.stages[0]!.workingDays).toISOString();
    await send(emails.acknowledgement(c, d.policy, { stageOneDeadline: stageOne }), d);
    c = await apply(c, (x, ctx) => rules.recordAcknowledgement(x, 'email', ctx), d);
    return { kind: c.kind, via: 'email' };
  }
  const task = c.customer.preferredContact === 'phone' ? 'acknowledge-by-phone' : 'acknowledge-by-letter';
  if (!(c.tasks ?? []).some((t) => t.type === task)) {
    c = await apply(c, (x, ctx) => rules.addTask(x, { type: task, due: x.acknowledgeBy }, ctx), d);
  }
  await send(emails.adminTask(c, d.policy, admin(d), { task, due: c.acknowledgeBy }), d);
  return { kind: c.kind, via: 'task' };
}

/** The acknowledgement email failed for good: flag the case and give the Administration Manager the task. */
export async function acknowledgementFailed(reference: string, d: WorkflowDeps): Promise<{ kind: Case['kind'] }> {
  let c = await load(reference, d);
  if (!c.acknowledgedAt && !(c.tasks ?? []).some((t) => t.type === 'acknowledgement-email-failed')) {
    c = await apply(c, (x, ctx) => rules.addTask(x, { type: 'acknowledgement-email-failed', due: x.acknowledgeBy, note: 'The acknowledgement email could not be sent' }, ctx), d);
  }
  // Best effort: the task on the case is what the Administration Manager sees, mail or no mail.
  await send(emails.adminTask(c, d.policy, admin(d), { task: 'acknowledgement-email-failed', due: c.acknowledgeBy }), d).catch(() => false);
  return { kind: c.kind };
}

/** A compliment: thank the person (if they can be reached by email), tell the function's Head, and close. */
export async function thankCompliment(reference: string, d: WorkflowDeps): Promise<{ closed: true }> {
  const c = await load(reference, d);
  if (c.status === 'closed') return { closed: true };
  const thanked = await send(emails.complimentThanks(c, d.policy), d);
  if (c.function) {
    const f = (await directoryOf(d)).functions.find((x) => x.id === c.function);
    if (f) await send(emails.complimentNotice(c, d.policy, f.head), d);
  }
  await apply(c, (x, ctx) => rules.closeCompliment(x, thanked ? 'email' : null, ctx), d);
  return { closed: true };
}

export async function thanksFailed(reference: string, d: WorkflowDeps): Promise<{ closed: boolean }> {
  const c = await load(reference, d);
  if (c.status === 'open' && !(c.tasks ?? []).some((t) => t.type === 'email-failed')) {
    await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', due: x.acknowledgeBy, note: 'The thank-you email could not be sent' }, ctx), d);
  }
  return { closed: false };
}

// ---------------------------------------------------------------- stages

function secondsUntilDeadline(c: Case, d: WorkflowDeps): number {
  const stage = currentStage(c)!;
  const now = d.now();
  const deadline = new Date(stage.deadline);
  if (d.workingDaySeconds) {
    const from = new Date(Math.max(now.getTime(), new Date(stage.startedAt).getTime()));
    return Math.max(1, Math.ceil(d.calendar.workingDaysBetween(from, deadline) * d.workingDaySeconds));
  }
  return Math.max(1, Math.ceil((deadline.getTime() - now.getTime()) / 1000));
}

/**
 * Before every wait: start stage 1 if the case has none; tell a new owner they own the stage (or
 * the Administration Manager that an owner is needed, or that the case moved on); and say how long
 * to wait for the stage's outcome.
 */
export async function prepareStage(reference: string, d: WorkflowDeps): Promise<StagePlan> {
  let c = await load(reference, d);
  if (c.status === 'closed') return { closed: true, stage: null, waitSeconds: 1, version: c.version };
  if (!currentStage(c)) c = await apply(c, rules.startStageOne, d);
  const stage = currentStage(c)!;
  const told = await d.state.get(reference);
  if (told.notifiedStage != null && told.notifiedStage !== stage.number) {
    const from = told.notifiedStage;
    const why = c.stages.find((s) => s.number === from)?.endedBy === 'deadline' ? 'deadline' : 'further-action';
    await send(emails.escalationNotice(c, d.policy, admin(d), { fromStage: from, toStage: stage.number, why, deadline: stage.deadline }), d);
  }
  if (c.owner && (told.notifiedOwner !== c.owner || told.notifiedStage !== stage.number)) {
    const owner = await person(c.owner, d);
    if (owner) await send(emails.stageOwnerNotice(c, d.policy, { stage: stage.number, owner, deadline: stage.deadline }), d);
  } else if (!c.owner && !(c.tasks ?? []).some((t) => t.type === 'assign-owner' && t.due === stage.deadline)) {
    c = await apply(c, (x, ctx) => rules.addTask(x, { type: 'assign-owner', due: stage.deadline, note: `Stage ${stage.number} needs an owner` }, ctx), d);
    await send(emails.adminTask(c, d.policy, admin(d), { task: 'assign-owner', due: stage.deadline }), d);
  }
  await d.state.update(reference, { notifiedOwner: c.owner, notifiedStage: stage.number });
  return { closed: false, stage: stage.number, waitSeconds: secondsUntilDeadline(c, d), version: c.version };
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
  if (c.version !== armedVersion || c.status === 'closed') return { escalated: false };
  const next = await apply(c, rules.escalateOnDeadline, d);
  const from = c.stage!;
  if (next.status === 'open') {
    const stage = currentStage(next)!;
    await send(emails.escalationNotice(next, d.policy, admin(d), { fromStage: from, toStage: stage.number, why: 'deadline', deadline: stage.deadline }), d);
    await d.state.update(reference, { notifiedStage: stage.number });
  }
  return { escalated: true };
}

/** "If we cannot do so, we will let you know and explain why": the customer hears of an extension and its reason. */
export async function extensionNotice(reference: string, d: WorkflowDeps): Promise<{ told: boolean }> {
  const c = await load(reference, d);
  const last = (await d.cases.timeline(reference)).filter((e) => e.type === 'deadline-extended').at(-1);
  if (!last || c.status === 'closed') return { told: false };
  const told = await send(emails.extensionNotice(c, d.policy, { newDeadline: String(last.data.to), reason: String(last.data.reason) }), d);
  if (!told) {
    await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', due: String(last.data.to), note: 'Tell the customer about the extension by letter or phone' }, ctx), d);
  }
  return { told };
}

// ---------------------------------------------------------------- closing

/** The closing letter: the outcome, or (after every stage) the way to the Ombudsman. */
export async function closingLetter(reference: string, d: WorkflowDeps): Promise<{ sent: boolean }> {
  const c = await load(reference, d);
  await d.state.update(reference, { taskToken: undefined });
  const letter = c.closure === 'resolved' ? emails.closingLetter(c, d.policy) : c.closure === 'ombudsman-referral' ? emails.ombudsmanLetter(c, d.policy) : null;
  const sent = await send(letter, d);
  if (!sent && c.kind === 'complaint') {
    await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', due: d.now().toISOString(), note: 'Send the closing letter by post or phone' }, ctx), d);
  }
  return { sent };
}

export async function closingLetterFailed(reference: string, d: WorkflowDeps): Promise<{ sent: false }> {
  const c = await load(reference, d);
  if (!(c.tasks ?? []).some((t) => t.type === 'email-failed')) {
    await apply(c, (x, ctx) => rules.addTask(x, { type: 'email-failed', due: d.now().toISOString(), note: 'The closing email could not be sent: send it by post' }, ctx), d);
  }
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
