import { createHash } from 'node:crypto';
import type * as z from './zod';
import type { WorkingDayCalendar } from './calendar';
import type { AuditEvent, Case } from './case';
import * as rules from './case-rules';
import { PublicDraftComments } from './commands';
import { InvalidStateError, TrackingLinkNotFoundError, ValidationError } from './errors';
import type { Policy } from './policy';
import type { CaseRepository, DirectoryRepository, LetterRecord, TrackingLinkRepository, Workflow, WorkflowStateRepository } from './ports';
import { directoryOrDefault } from './staff';
import type { Messages } from './texts';
import { draftAwaitingComments, progressOf, type Progress } from './tracking-progress';
import { toIssues } from './validation';

export { draftAwaitingComments, progressOf, type Investigator, type LetterKind, type Progress, type ProgressLetter } from './tracking-progress';

/**
 * The private tracking link (DESIGN.md §1, §5): the acknowledgement email carries
 * `<PUBLIC_URL>/track/<token>`, a token of 32 random bytes in base64url. The store keeps only the
 * token's SHA-256 hash, so neither a copy of the table nor a member of staff reading a case can
 * rebuild a link. Whoever holds the token sees where the case stands and may comment on shared draft
 * findings; a malformed, unknown, replaced or revoked token gets the same answer, "No such page".
 */

/** 32 bytes in base64url without padding: 43 characters of A-Z a-z 0-9 - _. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedTrackingToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN.test(token);
}

/** The SHA-256 hash of a token, as 64 lower-case hex digits: the only form in which a token is kept. */
export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The page a token opens: `<publicUrl>/track/<token>` (a trailing slash of `publicUrl` is not doubled). */
export function trackingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/track/${token}`;
}

/** A case opened by its tracking link, with what the progress page is built from. */
export interface Tracked {
  case: Case;
  timeline: AuditEvent[];
  /** The workflow's record of each letter (which customer letters went out, and when). */
  letters: Record<string, LetterRecord>;
  /** The staff id of the directory's Duty Officer now, so the page can say a stage is with "the Duty Officer". */
  dutyOfficer: string;
}

export interface TrackingDeps {
  policy: Policy;
  cases: Pick<CaseRepository, 'get' | 'timeline'>;
  directory: DirectoryRepository;
  state: Pick<WorkflowStateRepository, 'get'>;
  trackingLinks: Pick<TrackingLinkRepository, 'referenceOf'>;
}

export interface CommentDeps extends TrackingDeps {
  /** The texts of the policy's language: the page answered shows the letters in them. */
  texts: Messages;
  calendar: WorkingDayCalendar;
  cases: Pick<CaseRepository, 'get' | 'timeline' | 'save'>;
  workflow: Workflow;
  now: () => Date;
}

/**
 * The case a token opens, or TrackingLinkNotFoundError (the same error whatever the reason: a
 * malformed token, an unknown one, one the case no longer carries, or a revoked one).
 */
export async function openTrackedCase(token: string, d: TrackingDeps): Promise<Tracked> {
  if (!isWellFormedTrackingToken(token)) throw new TrackingLinkNotFoundError();
  const hash = hashTrackingToken(token);
  const reference = await d.trackingLinks.referenceOf(hash);
  if (reference === undefined) throw new TrackingLinkNotFoundError();
  const c = await d.cases.get(reference);
  const link = c?.trackingLink;
  if (!c || link?.hash !== hash || link.revokedAt !== undefined) throw new TrackingLinkNotFoundError();
  const [timeline, state, directory] = await Promise.all([d.cases.timeline(c.reference), d.state.get(c.reference), d.directory.get()]);
  return { case: c, timeline, letters: state.letters, dutyOfficer: directoryOrDefault(directory, d.policy).dutyOfficer.id };
}

function parse<S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  return result.data;
}

/**
 * The customer answers the draft findings from the tracking page: recorded as received today, by
 * the public (the timeline names no member of staff), stored against the version read, and the
 * waiting workflow told (a failure to tell it never undoes the comments). Answers the page as it
 * now stands.
 */
export async function commentOnDraftFindings(token: string, body: unknown, d: CommentDeps): Promise<Progress> {
  // The link first: what was sent is looked at only once the link is known to open a case.
  const t = await openTrackedCase(token, d);
  const { comments } = parse(PublicDraftComments, body);
  const c = t.case;
  if (!draftAwaitingComments(c)) throw new InvalidStateError('There are no draft findings waiting for your comments');
  const now = d.now();
  const ctx: rules.RuleContext = {
    staff: rules.PUBLIC,
    actor: { type: 'public' },
    now,
    policy: d.policy,
    calendar: d.calendar,
    directory: directoryOrDefault(await d.directory.get(), d.policy),
  };
  const { case: next, event } = rules.recordDraftComments(c, { comments, receivedOn: d.calendar.londonDate(now) }, ctx);
  await d.cases.save(next, event, c.version);
  try {
    await d.workflow.signal(next.reference, event.type);
  } catch {
    // As in the staff API, the change stands whether or not the workflow could be told: it reads
    // the case at its next step.
  }
  return progressOf({ ...t, case: next, timeline: [...t.timeline, event] }, d.policy, d.texts);
}
