import type { Submission } from './submission';

/** How a case reached the service: the public form, or a member of staff recording it. */
export const CHANNELS = ['web', 'phone', 'letter', 'email', 'in-person', 'consultation'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STAFF_CHANNELS = ['phone', 'letter', 'email', 'in-person', 'consultation'] as const;

export type Actor = { type: 'public' } | { type: 'staff'; id: string } | { type: 'system' };

export interface Customer {
  name?: string;
  email?: string;
  phone?: string;
  address?: string;
  preferredContact: Submission['preferredContact'];
  accessibilityNeeds?: string;
  anonymous: boolean;
}

export const DECISIONS = ['upheld', 'partly-upheld', 'not-upheld'] as const;
export type Decision = (typeof DECISIONS)[number];

/** One extension of a stage's deadline: when, by whom, by how many working days, and why. */
export interface StageExtension {
  at: string;
  by: string;
  workingDays: number;
  reason: string;
}

/** One investigation stage as it ran: who owned it, from when, to when, and how it ended. */
export interface StageRecord {
  /** 1-based position in the policy's stages. */
  number: number;
  owner: string | null;
  /** Everyone who has owned this stage, in order (transfers). */
  owners: string[];
  startedAt: string;
  deadline: string;
  /** Working days added by extensions so far. */
  extendedBy: number;
  /**
   * Each extension, with the owner's written reason (the customer is told why). Absent on stages
   * extended before reasons were kept on the case: their reason is only in the timeline.
   */
  extensions?: StageExtension[];
  endedAt?: string;
  /** `information-review`: the Administration Manager referred the complaint to Legal & Governance (information-review.ts). */
  endedBy?: 'resolved' | 'further-action' | 'referral' | 'deadline' | 'information-review';
}

export interface Outcome {
  stage: number;
  decision: Decision;
  response: string;
  remedy?: string;
  lessonsLearned?: string;
  decidedAt: string;
  decidedBy: string;
}

export interface DraftFindings {
  sharedAt: string;
  sharedBy: string;
  stage: number;
  findings: string;
  comments?: { receivedOn: string; text: string; recordedAt: string; recordedBy: string };
}

export interface OmbudsmanRecord {
  enquiryReceivedOn: string;
  ombudsmanReference: string;
  findings?: string;
  recommendations?: string;
  recordedAt: string;
  recordedBy: string;
}

/**
 * How a case ended; `not-entered`: a consultation comment the Administration Manager kept out of the procedure;
 * `information-review`: Legal & Governance reviewed how an information request was handled (the closing letter names the ICO).
 */
/** How a case closed: an outcome, every stage run (the Ombudsman's details), a compliment, a consultation comment kept out, a review's outcome. */
export const CLOSURES = ['resolved', 'ombudsman-referral', 'compliment-recorded', 'not-entered', 'information-review'] as const;
export type Closure = (typeof CLOSURES)[number];

/** The kinds of information request a complaint may be about: Freedom of Information, Environmental Information Regulations, subject access (UK GDPR). */
export const INFORMATION_REQUESTS = ['foi', 'eir', 'subject-access'] as const;
export type InformationRequest = (typeof INFORMATION_REQUESTS)[number];

/**
 * A complaint about how an information request was handled, referred by the Administration Manager to
 * Legal & Governance for review (DESIGN.md §2): someone not involved reviews it within the policy's
 * working days (20; at most 40 with one extension), then the customer may go to the Information Commissioner.
 */
export interface InformationReview {
  request: InformationRequest;
  /** The Administration Manager's note for the reviewer (staff only). */
  note?: string;
  referredAt: string;
  referredBy: string;
  /** The stage that was running when it was referred (ended then), or null before stage 1. */
  fromStage: number | null;
  deadline: string;
  /** The one extension allowed, with the reviewer's written reason (the customer is told why). */
  extension?: StageExtension;
  outcome?: InformationReviewOutcome;
}

export interface InformationReviewOutcome {
  decision: Decision;
  response: string;
  lessonsLearned?: string;
  decidedAt: string;
  decidedBy: string;
}

/**
 * A comment from a public consultation, forwarded by the Consultation and Partnership Officer (service
 * order section 2). It waits for the Administration Manager's decision: no workflow, no acknowledgement.
 * The comment itself (the copy, as received) is the case's `details`; the date received its `receivedOn`.
 */
export interface ConsultationComment {
  /** The consultation it came from, e.g. "Service Improvement Plan". */
  consultationType: string;
  /** The Administration Manager's decision, once made. */
  decision?: ConsultationDecision;
}

export interface ConsultationDecision {
  /** Whether it entered the procedure (then as `kind`), or not (then closed, with the reason). */
  entered: boolean;
  reason?: string;
  decidedAt: string;
  decidedBy: string;
}

/** How an acknowledgement went out: by the workflow's email, or by hand (a letter, a call, an email sent by hand). */
export const ACKNOWLEDGEMENT_WAYS = ['email', 'letter', 'phone'] as const;

export const TASK_TYPES = ['acknowledge-by-letter', 'acknowledge-by-phone', 'acknowledgement-email-failed', 'assign-owner', 'email-failed', 'workflow-stopped'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** Something the Administration Manager must do by hand (a letter, a call, an owner to choose). */
export interface CaseTask {
  type: TaskType;
  due: string;
  createdAt: string;
  /** Why, for staff (never customer text). */
  note?: string;
  /**
   * Which one, where a case may have several tasks of a type at once: an `email-failed` task names
   * the letter it is about (`closing`, `extension#7`, ...), so a second letter that needs sending by
   * hand does not replace the first's task. A task without a key is the only one of its type.
   */
  key?: string;
}

export interface TrackingLink {
  hash: string;
  issuedAt: string;
  revokedAt?: string;
}

export interface Case {
  reference: string;
  kind: Submission['kind'];
  status: 'open' | 'closed';
  /** Current stage number (1-based), or null before stage 1 and after closure. */
  stage: number | null;
  /** Owner of the current stage (a staff id), or null. */
  owner: string | null;
  channel: Channel;
  /** ISO instants. */
  receivedAt: string;
  /** Europe/London date of receipt (YYYY-MM-DD): the day timescales count from, and the report month. */
  receivedOn: string;
  /** Staff id of whoever recorded it (absent for the public form). */
  recordedBy?: string;
  acknowledgeBy: string;
  /** The next deadline the case must meet while open (the current stage's, else the acknowledgement's). */
  nextDeadline: string | null;
  customer: Customer;
  summary: string;
  details: string;
  function?: string;
  /** What the complaint is about: an id from the policy's complaintCategories, set by staff. */
  category?: string;
  incidentDate?: string;
  location?: string;
  urgent: boolean;
  stages: StageRecord[];
  /** When and how the acknowledgement (or a compliment's thanks) went out. */
  acknowledgedAt?: string;
  acknowledgedVia?: (typeof ACKNOWLEDGEMENT_WAYS)[number];
  /** Open tasks for the Administration Manager. */
  tasks?: CaseTask[];
  /** The owner of the current stage asked the Administration Manager to refer it on. */
  referralRequested?: { at: string; by: string; reason: string };
  outcome?: Outcome;
  draftFindings: DraftFindings[];
  ombudsman?: OmbudsmanRecord;
  closedAt?: string;
  closure?: Closure;
  /**
   * The customer's private tracking link: the SHA-256 hash of its token (the token itself is only
   * ever in the acknowledgement email), when it was issued and, once staff revoke it, when.
   */
  trackingLink?: TrackingLink;
  /**
   * When its personal data was removed under the retention policy (functions/domain/retention.ts):
   * names, contact details and free text are gone; dates, stages, decisions and lessons stay.
   */
  anonymisedAt?: string;
  /** A forwarded consultation comment: what it came from and the Administration Manager's decision. */
  consultation?: ConsultationComment;
  /** A complaint about an information request, under (or after) Legal & Governance's review. */
  informationReview?: InformationReview;
  /** Optimistic-concurrency version, 1 on creation, +1 per change. */
  version: number;
}

export const EVENT_TYPES = [
  'received',
  'details-updated',
  'owner-assigned',
  'owner-transferred',
  'outcome-recorded',
  'deadline-extended',
  'draft-findings-shared',
  'draft-comments-recorded',
  'referral-requested',
  'referred-to-cro',
  'ombudsman-recorded',
  'acknowledged',
  'task-created',
  'task-done',
  'stage-escalated',
  'compliment-thanked',
  'tracking-link-issued',
  'tracking-link-revoked',
  'category-set',
  'reminder-sent',
  'personal-data-removed',
  'consultation-decided',
  'information-review-referred',
  'information-review-extended',
  'information-review-decided',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

type EventValue = string | number | boolean | null | EventValue[] | { [key: string]: EventValue };

/** One line of a case's timeline. Append-only; written in the same transaction as the change. */
export interface AuditEvent {
  reference: string;
  at: string;
  type: EventType;
  actor: Actor;
  /**
   * The case version this event produced: events sort by it. A note (CaseRepository.note, e.g.
   * 'reminder-sent') changes nothing: it carries the version it annotates, and follows that version's event.
   */
  version: number;
  /** What changed. */
  data: Record<string, EventValue>;
  /** True when `data` holds personal data (old contact details, say): the retention job clears it. */
  personal?: boolean;
}

export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

export function newCase(
  submission: Submission,
  at: { reference: string; receivedAt: Date; receivedOn: string; acknowledgeBy: Date; channel: Channel; recordedBy?: string },
): Case {
  const { kind, summary, details, urgent, name, email, phone, address, preferredContact, accessibilityNeeds, anonymous } =
    submission;
  const customer: Customer = { preferredContact, anonymous };
  if (name) customer.name = name;
  if (email) customer.email = email;
  if (phone) customer.phone = phone;
  if (address) customer.address = address;
  if (accessibilityNeeds) customer.accessibilityNeeds = accessibilityNeeds;
  const c: Case = {
    reference: at.reference,
    kind,
    status: 'open',
    stage: null,
    owner: null,
    channel: at.channel,
    receivedAt: at.receivedAt.toISOString(),
    receivedOn: at.receivedOn,
    acknowledgeBy: at.acknowledgeBy.toISOString(),
    nextDeadline: at.acknowledgeBy.toISOString(),
    customer,
    summary,
    details,
    urgent,
    stages: [],
    draftFindings: [],
    version: 1,
  };
  if (at.recordedBy) c.recordedBy = at.recordedBy;
  if (submission.function) c.function = submission.function;
  if (submission.incidentDate) c.incidentDate = submission.incidentDate;
  if (submission.location) c.location = submission.location;
  return c;
}

export function receivedEvent(c: Case, actor: Actor): AuditEvent {
  return {
    reference: c.reference,
    at: c.receivedAt,
    type: 'received',
    actor,
    version: c.version,
    data: {
      kind: c.kind,
      channel: c.channel,
      function: c.function ?? null,
      urgent: c.urgent,
      acknowledgeBy: c.acknowledgeBy,
      ...(c.recordedBy ? { recordedBy: c.recordedBy } : {}),
    },
  };
}

/** The current stage's record, if the case is in a stage. */
export function currentStage(c: Case): StageRecord | undefined {
  // Before stage 1 and after closure `stage` is null, which no record's number is.
  return c.stages.find((s) => s.number === c.stage);
}

/** Everyone who has owned any stage of the case. */
export function everyOwner(c: Case): Set<string> {
  return new Set(c.stages.flatMap((s) => s.owners));
}

/** An open case under Legal & Governance's review (information-review.ts): only the review's own changes apply to it. */
export const isUnderReview = (c: Pick<Case, 'status' | 'informationReview'>) => c.status === 'open' && c.informationReview !== undefined;

/** The deadline the case is working to now: the current stage's (or the information review's), else the acknowledgement's while open. */
export function deadlineOf(c: Case): string | null {
  if (c.status === 'closed') return null;
  return currentStage(c)?.deadline ?? c.informationReview?.deadline ?? c.acknowledgeBy;
}
