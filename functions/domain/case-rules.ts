import { endOfDay, type WorkingDayCalendar } from './calendar';
import {
  type CaseTask,
  currentStage,
  deadlineOf,
  everyOwner,
  type AuditEvent,
  type Case,
  type EventType,
  type StageRecord,
} from './case';
import type * as z from './zod';
import type {
  AssignOwner,
  RecordDraftComments,
  RecordOmbudsman,
  RecordOutcome,
  ReferToCro,
  SetCategory,
  ShareDraftFindings,
} from './commands';
import { assertRoomFor } from './case-size';
import { InvalidStateError, ValidationError } from './errors';
import type { Policy } from './policy';
import { functionalOwners, isUnavailable, stageOneOwner, type Directory, type Staff } from './staff';

/**
 * The procedure's rules for changing a case, as pure functions: each takes the case as read and
 * returns the case as it should be stored plus the ONE audit event that records the change. No
 * I/O, no clock: `now` comes in. Authorisation is checked before these run (access.ts); these check
 * that the change fits the case and the procedure.
 */

export interface RuleContext {
  staff: Staff;
  /** Who the audit event names; the staff member by default, the workflow for system changes. */
  actor?: AuditEvent['actor'];
  now: Date;
  policy: Policy;
  calendar: WorkingDayCalendar;
  directory: Directory;
}

export interface Change {
  case: Case;
  event: AuditEvent;
}

type EventData = AuditEvent['data'];

/** `after` as the next version of `before`, with the audit event that says so. */
export function change(before: Case, after: Case, ctx: RuleContext, type: EventType, data: EventData, personal = false): Change {
  const next: Case = { ...after, version: before.version + 1 };
  next.nextDeadline = deadlineOf(next);
  const event: AuditEvent = {
    reference: before.reference,
    at: ctx.now.toISOString(),
    type,
    actor: ctx.actor ?? { type: 'staff', id: ctx.staff.id },
    version: next.version,
    data,
  };
  if (personal) event.personal = true;
  return { case: next, event };
}

function assertOpenComplaint(c: Case, action: string): void {
  if (c.kind !== 'complaint') throw new InvalidStateError(`${c.reference} is a compliment: it has no investigation to ${action}`);
  if (c.status === 'closed') throw new InvalidStateError(`${c.reference} is closed: it cannot ${action}`);
}

function assertInStage(c: Case, action: string): StageRecord {
  assertOpenComplaint(c, action);
  const stage = currentStage(c);
  if (!stage) throw new InvalidStateError(`${c.reference} has not started stage 1 yet: assign it to a Functional Head first`);
  return stage;
}

const policyStage = (ctx: RuleContext, number: number) => {
  const s = ctx.policy.stages[number - 1];
  if (!s) throw new InvalidStateError(`the policy has no stage ${number}`);
  return s;
};

const invalidOwner = (message: string) => new ValidationError([{ path: 'owner', message }]);

/**
 * Checks a proposed owner of stage `number` against the stage's kind and the directory, or
 * chooses one when none is proposed (null: nobody yet, the Administration Manager will assign).
 */
function ownerFor(c: Case, number: number, proposed: string | undefined, ctx: RuleContext, field = 'owner'): string | null {
  const kind = policyStage(ctx, number).owner;
  const bad = (message: string) => new ValidationError([{ path: field, message }]);
  if (kind === 'cro') {
    const cro = ctx.directory.customerRelationsOfficer.id;
    if (proposed && proposed !== cro) throw bad(`stage ${number} belongs to the Customer Relations Officer (${cro})`);
    return cro;
  }
  if (proposed === undefined) {
    if (kind === 'functional-head') {
      if (!c.function) throw bad(`${c.reference} has no function: name the owner, or set the case's function first`);
      return stageOneOwner(ctx.directory, c.function).owner;
    }
    return null;
  }
  const candidates = functionalOwners(ctx.directory);
  if (!candidates.has(proposed)) {
    throw bad(`${proposed} is not a Functional Head, Deputy or the Duty Officer in the staff directory`);
  }
  if (isUnavailable(ctx.directory, proposed)) throw bad(`${proposed} is marked unavailable in the staff directory`);
  if (kind === 'another-functional-head') {
    const earlier = new Set(c.stages.filter((s) => s.number < number).flatMap((s) => s.owners));
    if (earlier.has(proposed)) {
      throw bad(`stage ${number} must go to another Functional Head: ${proposed} already owned an earlier stage of ${c.reference}`);
    }
  }
  return proposed;
}

function startStage(c: Case, number: number, startedAt: Date, owner: string | null, ctx: RuleContext): Case {
  const deadline = ctx.calendar.deadline(startedAt, policyStage(ctx, number).workingDays);
  const record: StageRecord = {
    number,
    owner,
    owners: owner ? [owner] : [],
    startedAt: startedAt.toISOString(),
    deadline: deadline.toISOString(),
    extendedBy: 0,
  };
  const { referralRequested: _done, ...rest } = c;
  return { ...rest, stage: number, owner, stages: [...c.stages, record] };
}

function endStage(c: Case, endedBy: NonNullable<StageRecord['endedBy']>, at: Date): Case {
  return {
    ...c,
    // Only the current stage: every earlier one ended when the next began, and its record is history.
    stages: c.stages.map((s) => (s.number === c.stage ? { ...s, endedAt: at.toISOString(), endedBy } : s)),
  };
}

function close(c: Case, closure: NonNullable<Case['closure']>, at: Date): Case {
  const { referralRequested: _done, ...rest } = c;
  return { ...rest, status: 'closed', stage: null, owner: null, closedAt: at.toISOString(), closure };
}

/** Assign the owner: starts stage 1 for a new complaint, or transfers the current stage. */
export function assignOwner(c: Case, input: z.output<typeof AssignOwner>, ctx: RuleContext): Change {
  assertOpenComplaint(c, 'be assigned');
  const stage = currentStage(c);
  if (!stage) {
    // Step 4: stage 1 runs from receipt (DESIGN.md §2).
    const owner = ownerFor(c, 1, input.owner, ctx)!;
    const next = withoutTask(startStage(c, 1, new Date(c.receivedAt), owner, ctx), 'assign-owner');
    return change(c, next, ctx, 'owner-assigned', {
      stage: 1,
      owner,
      deadline: currentStage(next)!.deadline,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.owner ? {} : { chosenBy: 'procedure', why: c.function ? stageOneOwner(ctx.directory, c.function).why : 'head' }),
    });
  }
  const owner = ownerFor(c, stage.number, input.owner, ctx);
  // Nobody chosen: a stage for another Functional Head, which the procedure cannot pick.
  if (owner === null) throw invalidOwner(`name the Functional Head who takes on stage ${stage.number}`);
  if (owner === c.owner) throw invalidOwner(`${owner} already owns stage ${stage.number} of ${c.reference}`);
  const next: Case = {
    ...withoutTask(c, 'assign-owner'),
    owner,
    stages: c.stages.map((s) => (s === stage ? { ...s, owner, owners: [...s.owners, owner] } : s)),
  };
  return change(c, next, ctx, c.owner ? 'owner-transferred' : 'owner-assigned', {
    stage: stage.number,
    from: c.owner,
    owner,
    ...(input.reason ? { reason: input.reason } : {}),
  });
}

/** The owner's outcome: resolved closes the case; further action moves it on (or asks for a referral). */
export function recordOutcome(c: Case, input: z.output<typeof RecordOutcome>, ctx: RuleContext): Change {
  const stage = assertInStage(c, 'record an outcome');
  if (input.result === 'resolved') {
    const outcome = {
      stage: stage.number,
      decision: input.decision,
      response: input.response,
      ...(input.remedy ? { remedy: input.remedy } : {}),
      ...(input.lessonsLearned ? { lessonsLearned: input.lessonsLearned } : {}),
      decidedAt: ctx.now.toISOString(),
      decidedBy: ctx.staff.id,
    };
    const next = close({ ...endStage(c, 'resolved', ctx.now), outcome }, 'resolved', ctx.now);
    return change(c, next, ctx, 'outcome-recorded', { stage: stage.number, result: 'resolved', decision: input.decision });
  }

  const nextNumber = stage.number + 1;
  if (nextNumber > ctx.policy.stages.length) {
    // After the last stage the customer may go to the Ombudsman (the closing letter says how).
    const next = close(endStage(c, 'further-action', ctx.now), 'ombudsman-referral', ctx.now);
    return change(c, next, ctx, 'outcome-recorded', { stage: stage.number, result: 'further-action', closure: 'ombudsman-referral', reason: input.reason });
  }
  if (policyStage(ctx, nextNumber).owner === 'cro') {
    // Step 8: the owner advises the Administration Manager, who refers it to the CRO.
    if (input.transferTo) {
      throw new ValidationError([{ path: 'transferTo', message: `stage ${nextNumber} goes to the Customer Relations Officer by the Administration Manager's referral` }]);
    }
    const next: Case = { ...c, referralRequested: { at: ctx.now.toISOString(), by: ctx.staff.id, reason: input.reason } };
    return change(c, next, ctx, 'referral-requested', { stage: stage.number, result: 'further-action', reason: input.reason });
  }
  // Step 7: another Functional Head, with a full stage from now.
  const owner = ownerFor(c, nextNumber, input.transferTo, ctx, 'transferTo');
  const next = startStage(endStage(c, 'further-action', ctx.now), nextNumber, ctx.now, owner, ctx);
  return change(c, next, ctx, 'outcome-recorded', {
    stage: stage.number,
    result: 'further-action',
    reason: input.reason,
    nextStage: nextNumber,
    owner,
    deadline: currentStage(next)!.deadline,
  });
}

/** Extends the current stage's deadline by working days, within the policy's limit per stage. */
export function extendDeadline(c: Case, input: { workingDays: number; reason: string }, ctx: RuleContext): Change {
  const stage = assertInStage(c, 'have its deadline extended');
  const limit = ctx.policy.maxExtensionWorkingDays;
  if (stage.extendedBy + input.workingDays > limit) {
    throw new ValidationError([
      {
        path: 'workingDays',
        message: `stage ${stage.number} has already been extended by ${stage.extendedBy} working days; the policy allows ${limit} in all`,
      },
    ]);
  }
  const from = stage.deadline;
  const day = ctx.calendar.addWorkingDays(ctx.calendar.londonDate(new Date(from)), input.workingDays);
  const deadline = ctx.calendar.endOfDay(day).toISOString();
  const next: Case = {
    ...c,
    stages: c.stages.map((s) =>
      s === stage
        ? {
            ...s,
            deadline,
            extendedBy: s.extendedBy + input.workingDays,
            // Kept on the case, so that reports need no timeline to say why.
            extensions: [...(s.extensions ?? []), { at: ctx.now.toISOString(), by: ctx.staff.id, workingDays: input.workingDays, reason: input.reason }],
          }
        : s,
    ),
  };
  assertRoomFor(next, 'reason');
  return change(c, next, ctx, 'deadline-extended', { stage: stage.number, from, to: deadline, workingDays: input.workingDays, reason: input.reason });
}

export function shareDraftFindings(c: Case, input: z.output<typeof ShareDraftFindings>, ctx: RuleContext): Change {
  const stage = assertInStage(c, 'share draft findings');
  const next: Case = {
    ...c,
    draftFindings: [...c.draftFindings, { sharedAt: ctx.now.toISOString(), sharedBy: ctx.staff.id, stage: stage.number, findings: input.findings }],
  };
  assertRoomFor(next, 'findings');
  return change(c, next, ctx, 'draft-findings-shared', { stage: stage.number, draft: next.draftFindings.length });
}

export function recordDraftComments(c: Case, input: z.output<typeof RecordDraftComments>, ctx: RuleContext): Change {
  assertInStage(c, 'take comments on draft findings');
  const index = c.draftFindings.findLastIndex((d) => !d.comments);
  if (index < 0) {
    throw new InvalidStateError(
      c.draftFindings.length === 0
        ? `no draft findings have been shared on ${c.reference} yet`
        : `comments are already recorded on every draft of ${c.reference}; share a new draft first`,
    );
  }
  if (input.receivedOn < ctx.calendar.londonDate(new Date(c.draftFindings[index]!.sharedAt))) {
    throw new ValidationError([{ path: 'receivedOn', message: 'comments cannot arrive before the draft was shared' }]);
  }
  if (input.receivedOn > ctx.calendar.londonDate(ctx.now)) {
    throw new ValidationError([{ path: 'receivedOn', message: 'cannot be in the future' }]);
  }
  const comments = { receivedOn: input.receivedOn, text: input.comments, recordedAt: ctx.now.toISOString(), recordedBy: ctx.staff.id };
  const next: Case = { ...c, draftFindings: c.draftFindings.map((d, i) => (i === index ? { ...d, comments } : d)) };
  assertRoomFor(next, 'comments');
  return change(c, next, ctx, 'draft-comments-recorded', { draft: index + 1, receivedOn: input.receivedOn });
}

/** Step 8: the Administration Manager refers the complaint to the CRO's stage, which gets its full time from now. */
export function referToCro(c: Case, input: z.output<typeof ReferToCro>, ctx: RuleContext): Change {
  const stage = assertInStage(c, 'be referred');
  const croStage = ctx.policy.stages.findIndex((s, i) => s.owner === 'cro' && i + 1 > stage.number) + 1;
  if (croStage === 0) {
    throw new InvalidStateError(
      policyStage(ctx, stage.number).owner === 'cro'
        ? `${c.reference} is already with the Customer Relations Officer`
        : 'the policy has no later stage for the Customer Relations Officer',
    );
  }
  const cro = ctx.directory.customerRelationsOfficer.id;
  const next = startStage(endStage(c, 'referral', ctx.now), croStage, ctx.now, cro, ctx);
  return change(c, next, ctx, 'referred-to-cro', { from: stage.number, stage: croStage, owner: cro, reason: input.reason, deadline: currentStage(next)!.deadline });
}

/** Step 12: the CRO records the Ombudsman's enquiry and, later, its findings; also after closure. */
export function recordOmbudsman(c: Case, input: z.output<typeof RecordOmbudsman>, ctx: RuleContext): Change {
  if (c.kind !== 'complaint') throw new InvalidStateError(`${c.reference} is a compliment: the Ombudsman does not look into compliments`);
  if (input.enquiryReceivedOn < c.receivedOn) {
    throw new ValidationError([{ path: 'enquiryReceivedOn', message: 'cannot be before the complaint was received' }]);
  }
  if (input.enquiryReceivedOn > ctx.calendar.londonDate(ctx.now)) {
    throw new ValidationError([{ path: 'enquiryReceivedOn', message: 'cannot be in the future' }]);
  }
  const ombudsman = {
    ...c.ombudsman,
    enquiryReceivedOn: input.enquiryReceivedOn,
    ombudsmanReference: input.ombudsmanReference,
    ...(input.findings !== undefined ? { findings: input.findings } : {}),
    ...(input.recommendations !== undefined ? { recommendations: input.recommendations } : {}),
    recordedAt: ctx.now.toISOString(),
    recordedBy: ctx.staff.id,
  };
  return change(c, { ...c, ombudsman }, ctx, 'ombudsman-recorded', {
    ombudsmanReference: input.ombudsmanReference,
    enquiryReceivedOn: input.enquiryReceivedOn,
    findings: input.findings !== undefined,
    recommendations: input.recommendations !== undefined,
  });
}

/**
 * What the complaint is about, for the monthly report: one of the policy's categories (checked by
 * the command's schema). Open or closed; never a compliment, which has no category.
 */
export function setCategory(c: Case, input: z.output<ReturnType<typeof SetCategory>>, ctx: RuleContext): Change {
  if (c.kind !== 'complaint') throw new InvalidStateError(`${c.reference} is a compliment: only complaints have a category`);
  if (c.category === input.category) throw new ValidationError([{ path: 'category', message: `is already "${input.category}"` }]);
  return change(c, { ...c, category: input.category }, ctx, 'category-set', { from: c.category ?? null, to: input.category });
}

/** Fields of a case the Administration Manager may update, and where each lives. */
const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'address', 'preferredContact', 'accessibilityNeeds'] as const;
const CASE_FIELDS = ['kind', 'summary', 'details', 'function', 'incidentDate', 'location', 'urgent'] as const;

/** Updates details, keeping what each field was in the timeline (marked personal: the retention job clears it). */
export function updateDetails(c: Case, input: Record<string, unknown>, ctx: RuleContext): Change {
  // The retention job removed them: nothing would remove details written again (retention.ts).
  if (c.anonymisedAt !== undefined) throw new InvalidStateError(`${c.reference}'s personal data was removed under the retention policy: its details are no longer kept`);
  const next: Case = { ...c, customer: { ...c.customer } };
  const changes: Record<string, { from: string | boolean | null; to: string | boolean | null }> = {};
  const set = (target: Record<string, unknown>, field: string) => {
    if (!(field in input)) return;
    const to = input[field] as string | boolean | null | undefined;
    const from = (target[field] ?? null) as string | boolean | null;
    if ((to ?? null) === from) return;
    if (to === null || to === undefined) delete target[field];
    else target[field] = to;
    changes[field] = { from, to: to ?? null };
  };
  for (const f of CUSTOMER_FIELDS) set(next.customer as unknown as Record<string, unknown>, f);
  for (const f of CASE_FIELDS) set(next as unknown as Record<string, unknown>, f);
  if (Object.keys(changes).length === 0) throw new ValidationError([{ path: '', message: 'nothing would change' }]);
  if (changes.kind && c.stages.length > 0) {
    throw new ValidationError([{ path: 'kind', message: `${c.reference} is already being investigated; it cannot become a compliment` }]);
  }
  const cust = next.customer;
  const hasContact = Boolean(cust.email || cust.phone || cust.address);
  if (next.kind === 'complaint' && !hasContact) {
    throw new ValidationError([{ path: 'email', message: 'a complaint needs at least one way to reply: email, phone or address' }]);
  }
  const needs = { email: cust.email, phone: cust.phone, letter: cust.address, none: 'ok' } as const;
  if (!('preferredContact' in input) && !needs[cust.preferredContact]) {
    cust.preferredContact = cust.email ? 'email' : cust.phone ? 'phone' : cust.address ? 'letter' : 'none';
  } else if (!needs[cust.preferredContact]) {
    throw new ValidationError([{ path: 'preferredContact', message: `"${cust.preferredContact}" was chosen but its details are missing` }]);
  }
  cust.anonymous = !cust.name && !hasContact;
  if (next.incidentDate && next.incidentDate > ctx.calendar.londonDate(ctx.now)) {
    throw new ValidationError([{ path: 'incidentDate', message: 'cannot be in the future' }]);
  }
  const personal = Object.keys(changes).some((k) => (CUSTOMER_FIELDS as readonly string[]).includes(k) || k === 'details' || k === 'summary' || k === 'location');
  return change(c, next, ctx, 'details-updated', { changes }, personal);
}

// ---------------------------------------------------------------- changes the workflow makes

/** The workflow acts as the system: no staff member, no roles. */
export const SYSTEM: Staff = { id: 'system', roles: [] };

/**
 * Step 2: the acknowledgement (or a compliment's thanks) went out, by email or by hand; `on`, the
 * London day it was made when that was before today (admin-tasks.ts), counted as that day's end.
 */
export function recordAcknowledgement(c: Case, via: NonNullable<Case['acknowledgedVia']>, ctx: RuleContext, on?: string): Change {
  if (c.acknowledgedAt) throw new InvalidStateError(`${c.reference} was already acknowledged`);
  const tasks = (c.tasks ?? []).filter((t) => !t.type.startsWith('acknowledge'));
  const at = on === undefined ? ctx.now : endOfDay(on);
  return change(c, { ...c, acknowledgedAt: at.toISOString(), acknowledgedVia: via, tasks }, ctx, 'acknowledged', on === undefined ? { via } : { via, on });
}

/** The case without its task of that type: the task is done (choosing an owner ends "choose an owner"). */
function withoutTask(c: Case, type: CaseTask['type']): Case {
  if (!c.tasks?.some((t) => t.type === type)) return c;
  return { ...c, tasks: c.tasks.filter((t) => t.type !== type) };
}

/** A job for the Administration Manager, visible on the case until done; it replaces the task of its type and key, if any. */
export function addTask(c: Case, task: Omit<CaseTask, 'createdAt'>, ctx: RuleContext): Change {
  const t: CaseTask = { ...task, createdAt: ctx.now.toISOString() };
  return change(c, { ...c, tasks: [...(c.tasks ?? []).filter((x) => x.type !== task.type || x.key !== task.key), t] }, ctx, 'task-created', {
    task: task.type,
    due: task.due,
    ...(task.note ? { note: task.note } : {}),
    ...(task.key ? { key: task.key } : {}),
  });
}

/** Step 4 done by the workflow: stage 1 to the function's Head, Deputy or Duty Officer; with no function, nobody yet. */
export function startStageOne(c: Case, ctx: RuleContext): Change {
  assertOpenComplaint(c, 'start stage 1');
  if (currentStage(c)) throw new InvalidStateError(`${c.reference} is already in stage ${c.stage}`);
  const owner = c.function ? stageOneOwner(ctx.directory, c.function) : undefined;
  const next = startStage(c, 1, new Date(c.receivedAt), owner?.owner ?? null, ctx);
  return change(c, next, ctx, 'owner-assigned', {
    stage: 1,
    owner: owner?.owner ?? null,
    deadline: currentStage(next)!.deadline,
    chosenBy: 'procedure',
    why: owner?.why ?? 'no-function',
  });
}

/**
 * The stage's working days ran out (steps 7, 8 and 11): the next stage starts at the deadline that
 * passed (so 10/20/30 days in all), with another Functional Head to be chosen by the Administration
 * Manager, or the CRO; after the last stage the case closes and the customer may go to the Ombudsman.
 */
export function escalateOnDeadline(c: Case, ctx: RuleContext): Change {
  const stage = assertInStage(c, 'escalate');
  const passed = new Date(stage.deadline);
  const nextNumber = stage.number + 1;
  if (nextNumber > ctx.policy.stages.length) {
    const next = close(endStage(c, 'deadline', passed), 'ombudsman-referral', ctx.now);
    return change(c, next, ctx, 'stage-escalated', { from: stage.number, to: null, closure: 'ombudsman-referral', deadlinePassed: stage.deadline });
  }
  const kind = policyStage(ctx, nextNumber).owner;
  const owner = kind === 'cro' ? ctx.directory.customerRelationsOfficer.id : kind === 'functional-head' && c.function ? stageOneOwner(ctx.directory, c.function).owner : null;
  // The next stage runs on from the missed deadline; but a stage would be over before it began
  // (a case logged long after receipt, or a timer that fired late) gets its full time from now.
  const onTime = ctx.calendar.deadline(passed, policyStage(ctx, nextNumber).workingDays) > ctx.now;
  const next = startStage(endStage(c, 'deadline', passed), nextNumber, onTime ? passed : ctx.now, owner, ctx);
  return change(c, next, ctx, 'stage-escalated', {
    from: stage.number,
    to: nextNumber,
    owner,
    deadlinePassed: stage.deadline,
    deadline: currentStage(next)!.deadline,
  });
}

/** A compliment thanked (and its function's Head told) is complete. */
export function closeCompliment(c: Case, via: NonNullable<Case['acknowledgedVia']> | null, ctx: RuleContext): Change {
  if (c.kind !== 'compliment') throw new InvalidStateError(`${c.reference} is a complaint`);
  if (c.status === 'closed') throw new InvalidStateError(`${c.reference} is already closed`);
  const next = close({ ...c, ...(via ? { acknowledgedAt: ctx.now.toISOString(), acknowledgedVia: via } : {}) }, 'compliment-recorded', ctx.now);
  return change(c, next, ctx, 'compliment-thanked', { via });
}

// ---------------------------------------------------------------- the private tracking link

/** The public acts through a private tracking link: no member of staff, no roles. */
export const PUBLIC: Staff = { id: 'public', roles: [] };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The acknowledgement carries a new private tracking link: the case keeps only its token's hash.
 * A link issued before (one whose email is known not to have gone out) stops working. The event
 * never holds the hash: the timeline is read by staff who have no business opening the page.
 */
export function issueTrackingLink(c: Case, hash: string, ctx: RuleContext): Change {
  if (!SHA256_HEX.test(hash)) throw new ValidationError([{ path: 'hash', message: 'expected the SHA-256 hash of a token, as 64 hex digits' }]);
  const trackingLink = { hash, issuedAt: ctx.now.toISOString() };
  return change(c, { ...c, trackingLink }, ctx, 'tracking-link-issued', { replaced: c.trackingLink !== undefined });
}

/** Staff turn the private tracking link off (it was shared by mistake, say): it opens nothing from now on. */
export function revokeTrackingLink(c: Case, ctx: RuleContext, reason?: string): Change {
  const link = c.trackingLink;
  if (!link) throw new InvalidStateError(`${c.reference} has no tracking link`);
  if (link.revokedAt) throw new InvalidStateError(`The tracking link of ${c.reference} was already revoked`);
  const next: Case = { ...c, trackingLink: { ...link, revokedAt: ctx.now.toISOString() } };
  return change(c, next, ctx, 'tracking-link-revoked', { issuedAt: link.issuedAt, ...(reason ? { reason } : {}) });
}
