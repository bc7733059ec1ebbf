import type * as z from './zod';
import type { Role } from '../config/roles';
import * as access from './access';
import { BANK_HOLIDAY_YEARS } from './calendar';
import { currentStage, deadlineOf, formatReference, newCase, receivedEvent, type AuditEvent, type Case, type CaseTask } from './case';
import * as rules from './case-rules';
import { acknowledgeByHand, completeTask as markDone } from './admin-tasks';
import {
  AssignOwner,
  CompleteTask,
  ExtendDeadline,
  ListCasesQuery,
  RecordDraftComments,
  RecordOmbudsman,
  RecordAcknowledgement,
  RecordOutcome,
  recordCaseSchema,
  ReferToCro,
  RevokeTrackingLink,
  SetCategory,
  ShareDraftFindings,
  UpdateDirectory,
  updateCaseSchema,
} from './commands';
import { consultationState, DecideConsultation, decideConsultation as decide, isAwaitingDecision, type ConsultationState } from './consultation';
import {
  DecideInformationReview,
  decideInformationReview as decideReview,
  ExtendInformationReview,
  extendInformationReview as extendReview,
  isUnderReview,
  ReferInformationReview,
  referInformationReview as referReview,
} from './information-review';
import { ConcurrentUpdateError, ForbiddenError, InvalidStateError, NotFoundError, PreconditionRequiredError, ValidationError } from './errors';
import { openCursor, queryDigest, sealCursor } from './list-cursor';
import type { CaseListQuery, DirectoryEvent } from './ports';
import { startWorkflow, type Receipt, type StartWorkflowDeps } from './start-workflow';
import { directoryOrDefault, type Directory, type Staff } from './staff';
import { settleContact } from './submission';
import { toIssues } from './validation';

/** What the staff use cases need: the policy, the calendar, the stores, the workflow and the clock. */
export type StaffDeps = StartWorkflowDeps;

/** Reading needs no workflow. */
export type StaffReadDeps = Omit<StaffDeps, 'workflow'>;


function parse<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  return result.data;
}

const OWNER_ROLES: Role[] = ['functional-head', 'duty-officer', 'cro'];

function requireRole(staff: Staff, roles: Role[], action: string): void {
  access.assertStaffRole(staff);
  if (roles.some((r) => staff.roles.includes(r))) return;
  throw new ForbiddenError(`Your role (${staff.roles.join(', ')}) may not ${action}`);
}

export async function loadDirectory(d: StaffReadDeps): Promise<Directory> {
  return directoryOrDefault(await d.directory.get(), d.policy);
}

async function load(reference: string, d: StaffReadDeps): Promise<Case> {
  const c = await d.cases.get(reference);
  if (!c) throw new NotFoundError(`No case ${reference}`);
  return c;
}

/** The version a change was based on: the body's expectedVersion or the If-Match header, which must agree. */
function expectedVersionOf(body: { expectedVersion?: number }, ifMatch: number | undefined): number {
  if (body.expectedVersion !== undefined && ifMatch !== undefined && body.expectedVersion !== ifMatch) {
    throw new ValidationError([{ path: 'expectedVersion', message: `differs from If-Match (${ifMatch})` }]);
  }
  const v = body.expectedVersion ?? ifMatch;
  if (v === undefined) {
    throw new PreconditionRequiredError('Say which version you read: send If-Match: "<version>" or expectedVersion in the body');
  }
  return v;
}

// ---------------------------------------------------------------- recording

/** Step 1: any member of staff records what reached them; it goes straight to the Administration Manager's list. */
export async function recordCase(staff: Staff, body: unknown, d: StaffDeps): Promise<Receipt> {
  access.assertMayRecord(staff);
  const input = parse(recordCaseSchema(d.policy), body);
  const now = d.now();
  const receivedAt = input.receivedAt.length === 10 ? d.calendar.startOfDay(input.receivedAt) : new Date(input.receivedAt);
  if (receivedAt.getTime() > now.getTime()) throw new ValidationError([{ path: 'receivedAt', message: 'cannot be in the future' }]);
  if (Number(d.calendar.londonDate(receivedAt).slice(0, 4)) < BANK_HOLIDAY_YEARS.first) {
    throw new ValidationError([{ path: 'receivedAt', message: `cannot be before ${BANK_HOLIDAY_YEARS.first}: working days are counted from then on` }]);
  }
  const receivedOn = d.calendar.londonDate(receivedAt);
  if (input.incidentDate && input.incidentDate > receivedOn) {
    throw new ValidationError([{ path: 'incidentDate', message: 'cannot be after the date of receipt' }]);
  }
  if (input.channel === 'consultation' && !staff.roles.includes('consultation-officer') && !staff.roles.includes('admin-manager')) {
    throw new ForbiddenError('Consultation comments are forwarded by the Consultation and Partnership Officer');
  }
  const acknowledgeBy = d.calendar.deadline(receivedAt, d.policy.acknowledgeWithinWorkingDays);
  const { channel, receivedBy, receivedAt: _r, preferredContact, consultationType, ...rest } = input;
  const submission = {
    ...rest,
    preferredContact: settleContact({ ...rest, preferredContact }),
    anonymous: !rest.name && !rest.email && !rest.phone && !rest.address,
  };
  const year = Number(receivedOn.slice(0, 4));
  const stored = await d.cases.createWithNextReference(year, (sequence) => {
    const c = newCase(submission, {
      reference: formatReference(d.policy.referencePrefix, year, sequence),
      receivedAt,
      receivedOn,
      acknowledgeBy,
      channel,
      recordedBy: receivedBy ?? staff.id,
    });
    // A consultation comment waits for the Administration Manager's decision (decideConsultation).
    if (consultationType !== undefined) c.consultation = { consultationType };
    return { case: c, event: { ...receivedEvent(c, { type: 'staff', id: staff.id }), at: now.toISOString() } };
  });
  if (!isAwaitingDecision(stored)) await startWorkflow(stored, d);
  return { reference: stored.reference, kind: stored.kind, receivedAt: stored.receivedAt, acknowledgeBy: stored.acknowledgeBy };
}

// ---------------------------------------------------------------- reading

export interface CaseSummary {
  reference: string;
  kind: Case['kind'];
  status: Case['status'];
  stage: number | null;
  owner: string | null;
  function: string | null;
  channel: Case['channel'];
  receivedAt: string;
  deadline: string | null;
  overdue: boolean;
  urgent: boolean;
  summary: string;
  customerName: string | null;
  /** The Administration Manager's open tasks on the case (a letter, a call, an owner to choose, mail that failed), by type and due date. */
  tasks: Array<{ type: CaseTask['type']; due: string }>;
  /** A forwarded consultation comment: its consultation and where the Administration Manager's decision stands. */
  consultation?: { consultationType: string; state: ConsultationState };
  /** A complaint referred to Legal & Governance: the kind of request, the review's deadline, and its decision once made. */
  informationReview?: { request: string; deadline: string; decision?: string };
  version: number;
}

function reviewSummary(r: NonNullable<Case['informationReview']>): NonNullable<CaseSummary['informationReview']> {
  return { request: r.request, deadline: r.deadline, ...(r.outcome ? { decision: r.outcome.decision } : {}) };
}

function summaryOf(c: Case, now: Date): CaseSummary {
  const deadline = deadlineOf(c);
  return {
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    stage: c.stage,
    owner: c.owner,
    function: c.function ?? null,
    channel: c.channel,
    receivedAt: c.receivedAt,
    deadline,
    overdue: deadline !== null && deadline < now.toISOString(),
    urgent: c.urgent,
    summary: c.summary,
    customerName: c.customer.name ?? null,
    tasks: (c.tasks ?? []).map((t) => ({ type: t.type, due: t.due })),
    ...(c.consultation ? { consultation: { consultationType: c.consultation.consultationType, state: consultationState(c)! } } : {}),
    ...(c.informationReview ? { informationReview: reviewSummary(c.informationReview) } : {}),
    version: c.version,
  };
}

/** A listing's cursors work for a day: the store keeps where moved cases stood for longer (two days). */
const LISTING_MAX_AGE_MS = 24 * 3600 * 1000;

/** Listing also needs the key that signs its cursors (configuration: CURSOR_KEY). */
export type ListDeps = StaffReadDeps & { cursorKey: string };

/**
 * One page of the case list, from the store's indexes (ports.ts `listPage`): open cases soonest
 * deadline first, then closed ones newest first (with `month`: by receipt). The cursor is the index
 * position the page ended on, signed with the query it belongs to and the instant the listing
 * started (list-cursor.ts). Every page shows the list as it stood at that instant: a case that moves
 * while someone pages (a new deadline, closed, another owner) is shown once, where it stood then.
 */
export async function listCases(staff: Staff, query: unknown, d: ListDeps): Promise<{ items: CaseSummary[]; nextCursor?: string }> {
  access.assertStaffRole(staff);
  access.assertMayList(staff);
  const { cursor, limit, ...filters } = parse(ListCasesQuery(d.policy), query);
  const digest = queryDigest(filters);
  const resumed = cursor ? openCursor(d.cursorKey, digest, cursor) : undefined;
  const now = d.now();
  if (resumed && now.getTime() - Date.parse(resumed.at) > LISTING_MAX_AGE_MS) {
    throw new ValidationError([{ path: 'cursor', message: 'expired (a listing lasts a day): start the list again' }]);
  }
  // "Overdue" and "due within" stay as they were when the listing started, page after page.
  const at = resumed ? new Date(resumed.at) : now;
  const directory = await loadDirectory(d);
  // Due within N working days: by the end of the Nth working day from today (0: by the end of today).
  const today = d.calendar.londonDate(at);
  const { overdue, dueWithin, consultation, ...plain } = filters;
  const store: CaseListQuery = { ...plain, asOf: at.toISOString() };
  // Consultation comments by where their decision stands: the consultation channel, narrowed as it is read.
  // Stryker disable next-line ConditionalExpression: equivalent in results (`accept` below keeps only such comments); it spares the store reading other channels
  if (consultation !== undefined) store.channel = 'consultation';
  if (overdue === true) store.deadlineBefore = at.toISOString();
  if (overdue === false) store.deadlineFrom = at.toISOString();
  if (dueWithin !== undefined) {
    store.deadlineBy = d.calendar.endOfDay(dueWithin === 0 ? today : d.calendar.addWorkingDays(today, dueWithin)).toISOString();
  }
  const page = await d.cases.listPage(store, { limit, after: resumed?.position, accept: (c) => access.canReadCase(staff, c, directory) && (consultation === undefined || consultationState(c) === consultation),
  });
  const items = page.items.map((c) => summaryOf(c, now));
  return page.next ? { items, nextCursor: sealCursor(d.cursorKey, digest, { position: page.next, at: at.toISOString() }) } : { items };
}

export interface CaseView extends Case {
  deadline: string | null;
  timeline: AuditEvent[];
  /** After a change: whether the workflow was told of it (the change stands either way). */
  workflow?: { signalled: boolean; error?: string };
}

export async function getCase(staff: Staff, reference: string, d: StaffReadDeps): Promise<CaseView> {
  access.assertStaffRole(staff);
  access.assertMayList(staff);
  const c = await load(reference, d);
  access.assertMayRead(staff, c, await loadDirectory(d));
  return { ...c, deadline: deadlineOf(c), timeline: await d.cases.timeline(reference) };
}

// ---------------------------------------------------------------- changing

/** Tells the workflow; a failure is reported, never undoes the recorded change. */
async function signal(reference: string, eventType: string, d: StaffDeps): Promise<{ signalled: boolean; error?: string }> {
  try {
    return { signalled: await d.workflow.signal(reference, eventType) };
  } catch (error) {
    return { signalled: false, error: (error as Error).message };
  }
}

interface ChangeRequest {
  reference: string;
  body: unknown;
  ifMatch?: number;
}

/** Parse, load, authorise, apply the rule, store with the version read: the shape of every case change. */
async function changeCase<S extends z.ZodMiniType<{ expectedVersion?: number }>>(
  staff: Staff,
  req: ChangeRequest,
  d: StaffDeps,
  spec: {
    roles: Role[];
    action: string;
    schema: S;
    authorize: (c: Case, directory: Directory) => void;
    rule: (c: Case, input: z.output<S>, ctx: rules.RuleContext) => rules.Change;
    /** Allowed on a consultation comment still awaiting the Administration Manager's decision (else a 409). */
    whileAwaitingDecision?: true;
    /** Allowed on a complaint under Legal & Governance's review (else a 409): the review's own changes, and details. */
    whileUnderReview?: true;
    /** Instead of telling the workflow of the change: what follows it (the decision on a consultation comment starts one). */
    then?: (next: Case) => Promise<void>;
  },
): Promise<CaseView> {
  // Who may act is settled before what they sent is looked at: a refusal never depends on the body.
  requireRole(staff, spec.roles, spec.action);
  const c = await load(req.reference, d);
  const directory = await loadDirectory(d);
  spec.authorize(c, directory);
  if (isAwaitingDecision(c) && !spec.whileAwaitingDecision) {
    throw new InvalidStateError(`${c.reference} is a consultation comment awaiting the Administration Manager's decision: it cannot ${spec.action} yet`);
  }
  if (isUnderReview(c) && !spec.whileUnderReview) {
    throw new InvalidStateError(`${c.reference} is under review by Legal & Governance (an information-request complaint): it cannot ${spec.action} until the review's outcome`);
  }
  const input = parse(spec.schema, req.body);
  const expected = expectedVersionOf(input, req.ifMatch);
  const { case: next, event } = spec.rule(c, input, { staff, now: d.now(), policy: d.policy, calendar: d.calendar, directory });
  await d.cases.save(next, event, expected);
  if (spec.then) {
    await spec.then(next);
    const stored = await load(next.reference, d);
    return { ...stored, deadline: deadlineOf(stored), timeline: await d.cases.timeline(next.reference) };
  }
  // Every change re-arms the waiting workflow on the case as it now stands (new owner, new deadline, closed).
  const workflow = await signal(next.reference, event.type, d);
  return { ...next, deadline: deadlineOf(next), timeline: await d.cases.timeline(next.reference), workflow };
}

export const updateCase = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: "update a case's details",
    schema: updateCaseSchema(d.policy),
    whileAwaitingDecision: true,
    whileUnderReview: true,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, "update a case's details"),
    rule: (c, input, ctx) => rules.updateDetails(c, input, ctx),
  });

export const assignOwner = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager', ...OWNER_ROLES],
    action: 'assign or transfer cases',
    schema: AssignOwner,
    authorize: (c) => {
      // Starting stage 1 is the Administration Manager's job (step 4); a transfer is also the owner's.
      if (!currentStage(c)) access.assertAdministrationManager(staff, `pass ${c.reference} to a Functional Head`);
      else access.assertMayTransfer(staff, c);
    },
    rule: rules.assignOwner,
  });

export const recordOutcome = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: OWNER_ROLES,
    action: 'record stage outcomes',
    schema: RecordOutcome,
    authorize: (c) => access.assertOwner(staff, c, 'record the outcome'),
    rule: rules.recordOutcome,
  });

export const extendDeadline = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: OWNER_ROLES,
    action: 'extend deadlines',
    schema: ExtendDeadline(d.policy),
    authorize: (c) => access.assertOwner(staff, c, 'extend the deadline'),
    rule: rules.extendDeadline,
  });

export const shareDraftFindings = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: OWNER_ROLES,
    action: 'share draft findings',
    schema: ShareDraftFindings,
    authorize: (c) => access.assertOwner(staff, c, 'share draft findings'),
    rule: rules.shareDraftFindings,
  });

export const recordDraftComments = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager', ...OWNER_ROLES],
    action: 'record comments on draft findings',
    schema: RecordDraftComments,
    authorize: (c) => access.assertMayRecordDraftComments(staff, c),
    rule: rules.recordDraftComments,
  });

export const referToCro = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: 'refer complaints to the Customer Relations Officer',
    schema: ReferToCro,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, 'refer a complaint to the Customer Relations Officer'),
    rule: rules.referToCro,
  });

export const recordOmbudsman = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['cro'],
    action: 'record Ombudsman enquiries',
    schema: RecordOmbudsman,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertCustomerRelationsOfficer(staff, 'record an Ombudsman enquiry'),
    rule: rules.recordOmbudsman,
  });

/** What a complaint is about (for the monthly report): the Administration Manager or the stage's owner. */
export const setCategory = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager', ...OWNER_ROLES],
    action: 'set the category of complaints',
    schema: SetCategory(d.policy),
    authorize: (c) => access.assertMaySetCategory(staff, c),
    whileUnderReview: true,
    rule: rules.setCategory,
  });

/** The Administration Manager records an acknowledgement made by hand (a letter, a call, an email sent by hand): it ends the task to acknowledge. */
export const recordAcknowledgement = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: 'record acknowledgements',
    schema: RecordAcknowledgement,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, 'record an acknowledgement'),
    whileUnderReview: true,
    rule: acknowledgeByHand,
  });

/** The Administration Manager marks a task the workflow gave as done (a letter sent by hand, a stopped workflow handled). */
export const completeTask = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: 'mark tasks done',
    schema: CompleteTask,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, 'mark a task done'),
    whileUnderReview: true,
    rule: markDone,
  });

/** The Administration Manager turns off a case's private tracking link (sent to the wrong address, say). */
export const revokeTrackingLink = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: 'revoke tracking links',
    schema: RevokeTrackingLink,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, "revoke a case's tracking link"),
    whileUnderReview: true,
    rule: (c, input, ctx) => rules.revokeTrackingLink(c, ctx, input.reason),
  });

/**
 * The Administration Manager's decision on a forwarded consultation comment (service order section 2):
 * entered, it runs as a recorded case does (acknowledgement due from the date it was received); not
 * entered, it is closed with the reason. Either way its workflow starts and emails the officer the
 * decision; the officer also reads it on the case.
 */
export const decideConsultation = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: 'decide whether a consultation comment enters the procedure',
    schema: DecideConsultation,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, 'decide whether a consultation comment enters the procedure'),
    whileAwaitingDecision: true,
    rule: decide,
    // Either way the workflow starts: it tells the officer of the decision (once), then runs an entered comment as any case.
    then: (next) => startWorkflow(next, d),
  });

// ---------------------------------------------------------------- information-request reviews

/**
 * The Administration Manager refers a complaint about how an information request was handled to Legal
 * & Governance (information-review.ts): the running stage ends, the review's deadline runs from now.
 * The workflow is told, and from then on waits for the review's outcome without escalating.
 */
export const referInformationReview = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['admin-manager'],
    action: 'refer complaints to Legal & Governance',
    schema: ReferInformationReview,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertAdministrationManager(staff, 'refer a complaint to Legal & Governance'),
    rule: referReview,
  });

/** Legal & Governance extends the review once, with a reason the workflow tells the customer. */
export const extendInformationReview = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['legal-governance'],
    action: 'extend information-request reviews',
    schema: ExtendInformationReview(d.policy),
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertLegalGovernance(staff, 'extend an information-request review'),
    whileUnderReview: true,
    rule: extendReview,
  });

/** Legal & Governance records the review's outcome: the case closes and the workflow sends the letter naming the ICO. */
export const decideInformationReview = (staff: Staff, req: ChangeRequest, d: StaffDeps) =>
  changeCase(staff, req, d, {
    roles: ['legal-governance'],
    action: 'record the outcome of information-request reviews',
    schema: DecideInformationReview,
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent: `roles` above already admits only this role (the same rule, stated where the case is read).
    authorize: () => access.assertLegalGovernance(staff, "record an information-request review's outcome"),
    whileUnderReview: true,
    rule: decideReview,
  });

// ---------------------------------------------------------------- the staff directory

export async function getDirectory(staff: Staff, d: StaffReadDeps): Promise<Directory> {
  access.assertStaffRole(staff);
  return loadDirectory(d);
}

export async function updateDirectory(staff: Staff, body: unknown, ifMatch: number | undefined, d: StaffDeps): Promise<Directory> {
  requireRole(staff, ['admin-manager'], 'maintain the staff directory');
  const input = parse(UpdateDirectory, body);
  const expected = expectedVersionOf(input, ifMatch);
  const unknownFunctions = input.directory.functions.filter((f) => !d.policy.functions.some((p) => p.id === f.id));
  if (unknownFunctions.length) {
    throw new ValidationError(
      unknownFunctions.map((f) => ({ path: `directory.functions.${input.directory.functions.indexOf(f)}.id`, message: `"${f.id}" is not a function of the policy` })),
    );
  }
  const before = await loadDirectory(d);
  const now = d.now();
  const next: Directory = { ...input.directory, version: before.version + 1, updatedAt: now.toISOString(), updatedBy: staff.id };
  const unavailable = next.functions.flatMap((f) => [f.head, f.deputy]).filter((p) => !p.available).map((p) => p.id);
  const event: DirectoryEvent = {
    at: now.toISOString(),
    type: 'directory-updated',
    actor: { type: 'staff', id: staff.id },
    version: next.version,
    data: { unavailable, dutyOfficer: next.dutyOfficer.id, customerRelationsOfficer: next.customerRelationsOfficer.id },
  };
  if (expected !== before.version) {
    throw new ConcurrentUpdateError(`The staff directory changed since you read it (you read version ${expected}, it is now ${before.version})`);
  }
  await d.directory.save(next, event, expected);
  return next;
}
