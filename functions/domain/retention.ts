import { addCalendarDays, parseIsoDate, type WorkingDayCalendar } from './calendar';
import type { AuditEvent, Case, StageRecord } from './case';
import type { Change } from './case-rules';
import type { Policy } from './policy';
import type { MonthlyReport } from './reports/monthly-schema';

/**
 * The retention rule (DESIGN.md §2 "Personal data"): a case's personal data is kept until the
 * complaint, any review and any Ombudsman case are complete, plus the policy's
 * `personalDataRetentionMonths`; then names, contact details and free text are removed and the
 * anonymised case (dates, channel, function, category, stages, deadlines, outcome decision, lessons)
 * is kept for learning and reporting. Removed, not hashed: a hash of an email is still personal data
 * (ICO). Pure: time comes in as `now`; dates are Europe/London dates through the calendar.
 */

// ---------------------------------------------------------------- calendar months

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last of this one.
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parse(date: string): { year: number; month: number; day: number } {
  const parsed = parseIsoDate(date);
  if (!parsed) throw new RangeError(`Expected a date YYYY-MM-DD, got "${date}"`);
  return parsed;
}

/** The year and month `months` calendar months after (before, if negative) the given one. */
function shift(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/**
 * The date `months` calendar months after `date`; a day the later month does not have becomes its
 * last day (31 January + 1 month is 28 or 29 February).
 */
export function addCalendarMonths(date: string, months: number): string {
  const { year, month, day } = parse(date);
  const to = shift(year, month, months);
  return format(to.year, to.month, Math.min(day, daysInMonth(to.year, to.month)));
}

/**
 * The latest date whose retention of `months` has ended by `today` (every date up to it has, none
 * after it): `months` months before today, or the last day of that month when today is the last of
 * its own (28 February is 12 months after 28, 29, 30 and 31 January... of a year earlier, say).
 */
export function lastEndedStartDate(today: string, months: number): string {
  const { year, month, day } = parse(today);
  const to = shift(year, month, -months);
  const last = daysInMonth(to.year, to.month);
  return format(to.year, to.month, day === daysInMonth(year, month) ? last : Math.min(day, last));
}

// ---------------------------------------------------------------- when a case is due

/**
 * When the case's retention period starts, an ISO instant: the later of its closure and the last
 * recording of its Ombudsman enquiry. Undefined while the case is still running: not closed, or an
 * Ombudsman enquiry recorded on it has no findings yet (the Ombudsman case is not complete).
 */
export function retentionStart(c: Case): string | undefined {
  if (c.status !== 'closed' || c.closedAt === undefined) return undefined;
  if (!c.ombudsman) return c.closedAt;
  if (c.ombudsman.findings === undefined) return undefined;
  return Date.parse(c.ombudsman.recordedAt) > Date.parse(c.closedAt) ? c.ombudsman.recordedAt : c.closedAt;
}

/**
 * The London date from which the case's personal data is to be removed: `personalDataRetentionMonths`
 * calendar months after the London date its retention started. Undefined while it has not started.
 */
export function personalDataRemovalDate(c: Case, policy: Pick<Policy, 'personalDataRetentionMonths'>, calendar: Pick<WorkingDayCalendar, 'londonDate'>): string | undefined {
  const start = retentionStart(c);
  if (start === undefined) return undefined;
  return addCalendarMonths(calendar.londonDate(new Date(start)), policy.personalDataRetentionMonths);
}

/** True when the case still holds personal data and its retention period has ended by `now` (London date). */
export function isDueForRemoval(c: Case, policy: Pick<Policy, 'personalDataRetentionMonths'>, calendar: Pick<WorkingDayCalendar, 'londonDate'>, now: Date): boolean {
  if (c.anonymisedAt !== undefined) return false;
  const on = personalDataRemovalDate(c, policy, calendar);
  return on !== undefined && calendar.londonDate(now) >= on;
}

/**
 * An instant before which every case due at `now` was closed (and so received): the start of the
 * London day after the latest start date whose retention has ended. The job reads the closed cases
 * received before it (a key condition on the index of closed cases by receipt), then decides each
 * with isDueForRemoval: a case received before it may still be closed too late, or be waiting for
 * the Ombudsman.
 */
export function retentionCutoff(now: Date, policy: Pick<Policy, 'personalDataRetentionMonths'>, calendar: Pick<WorkingDayCalendar, 'londonDate' | 'startOfDay'>): string {
  const last = lastEndedStartDate(calendar.londonDate(now), policy.personalDataRetentionMonths);
  return calendar.startOfDay(addCalendarDays(last, 1)).toISOString();
}

// ---------------------------------------------------------------- what anonymising does

/** What a removed free text becomes: present (reports count that a reason, remedy or finding was given), empty. */
export const REMOVED = '';

/** The stages with each extension's written reason removed (when, by whom and how many days stay). */
export function anonymiseStages(stages: readonly StageRecord[]): StageRecord[] {
  return stages.map((s) => (s.extensions ? { ...s, extensions: s.extensions.map((e) => ({ ...e, reason: REMOVED })) } : s));
}

const blank = <T extends object, K extends keyof T>(o: T, key: K): T => (o[key] === undefined ? o : { ...o, [key]: REMOVED });

function anonymiseReview(r: NonNullable<Case['informationReview']>): NonNullable<Case['informationReview']> {
  const { note, extension, outcome, ...rest } = r;
  return {
    ...rest,
    ...(note !== undefined ? { note: REMOVED } : {}),
    ...(extension ? { extension: { ...extension, reason: REMOVED } } : {}),
    ...(outcome ? { outcome: { ...outcome, response: REMOVED } } : {}),
  };
}

/**
 * The case with its personal data removed, field by field (`now`: when). Removed:
 * - the customer's name, email, telephone, address and accessibility needs (contact details; needs
 *   can reveal health); kept: the preferred way of contact and whether they were anonymous (kinds,
 *   not a person);
 * - the summary and details (the person's own account), and the location (often their address);
 * - the outcome's response and remedy (the letter to them, what they were offered); kept: the
 *   decision, stage, dates and who decided (staff), and the lessons learned (DESIGN.md keeps them
 *   for learning; they are about the service);
 * - draft findings and the person's comments on them; each extension's reason and the reason a
 *   referral was asked for (written about their complaint, and told to them); kept: when, by whom,
 *   how many working days;
 * - the Ombudsman's findings and recommendations (its decision on their complaint names them);
 *   kept: the date of the enquiry and the Ombudsman's own reference (which identifies no one
 *   without the Ombudsman's records, and matches its annual letter);
 * - a consultation comment's decision reason; kept: the type of consultation and the decision;
 * - an information-request review's note, extension reason and response; kept: the kind of request,
 *   dates, deadline, decision and lessons learned.
 * Kept as they are: reference, kind, channel, dates and deadlines, function, category, urgency,
 * stages and owners (staff), closure, tasks (their notes are the system's words, never the
 * customer's). The tracking link is revoked: the page it opened showed the person's data.
 * A removed text that the type requires, or whose presence a report counts, becomes empty rather
 * than absent. Anonymising an anonymised case gives it back unchanged.
 */
export function anonymiseCase(c: Case, now: Date): Case {
  if (c.anonymisedAt !== undefined) return c;
  const { name: _n, email: _e, phone: _p, address: _a, accessibilityNeeds: _needs, ...customer } = c.customer;
  const { location: _l, referralRequested, outcome, ombudsman, trackingLink, ...rest } = c;
  const next: Case = {
    ...rest,
    customer,
    summary: REMOVED,
    details: REMOVED,
    stages: anonymiseStages(c.stages),
    draftFindings: c.draftFindings.map((f) => ({ ...f, findings: REMOVED, ...(f.comments ? { comments: { ...f.comments, text: REMOVED } } : {}) })),
    anonymisedAt: now.toISOString(),
  };
  if (referralRequested) next.referralRequested = { ...referralRequested, reason: REMOVED };
  if (outcome) next.outcome = blank({ ...outcome, response: REMOVED }, 'remedy');
  if (ombudsman) next.ombudsman = blank(blank(ombudsman, 'findings'), 'recommendations');
  // A consultation comment's decision keeps what was decided, when and by whom; its reason was written about the comment.
  if (c.consultation?.decision?.reason !== undefined) next.consultation = { ...c.consultation, decision: { ...c.consultation.decision, reason: REMOVED } };
  if (c.informationReview) next.informationReview = anonymiseReview(c.informationReview);
  if (trackingLink) next.trackingLink = trackingLink.revokedAt === undefined ? { ...trackingLink, revokedAt: now.toISOString() } : trackingLink;
  return next;
}

/**
 * The anonymised case as a change: the case one version on, and the audit event that says its
 * personal data was removed under the retention policy (by the system). Undefined when there is
 * nothing to do (already anonymised).
 */
export function removePersonalData(c: Case, policy: Pick<Policy, 'personalDataRetentionMonths'>, now: Date): Change | undefined {
  if (c.anonymisedAt !== undefined) return undefined;
  const next = { ...anonymiseCase(c, now), version: c.version + 1 };
  const event: AuditEvent = {
    reference: c.reference,
    at: now.toISOString(),
    type: 'personal-data-removed',
    actor: { type: 'system' },
    version: next.version,
    data: { retentionMonths: policy.personalDataRetentionMonths, trackingLinkRevoked: c.trackingLink !== undefined && c.trackingLink.revokedAt === undefined },
  };
  return { case: next, event };
}

/** Fields a details update may change that anonymising keeps: their old and new values stay in the timeline. */
const KEPT_DETAILS = new Set(['kind', 'function', 'incidentDate', 'urgent', 'preferredContact']);

/**
 * A timeline event as it is kept once the case is anonymised, or undefined when it holds nothing to
 * remove. An event marked personal (a details update: old contact details, say) keeps only the
 * changes of fields the anonymised case keeps; any event's written reason (an extension's, a
 * referral's, a revocation's) becomes empty. Clearing a cleared event gives undefined.
 */
export function anonymiseEvent(e: AuditEvent): AuditEvent | undefined {
  let data = e.data;
  if (e.personal) {
    const changes = data.changes;
    const kept =
      changes !== null && typeof changes === 'object' && !Array.isArray(changes)
        ? Object.fromEntries(Object.entries(changes).filter(([field]) => KEPT_DETAILS.has(field)))
        : undefined;
    data = kept ? { changes: kept } : {};
  }
  if (typeof data.reason === 'string' && data.reason !== REMOVED) data = { ...data, reason: REMOVED };
  return JSON.stringify(data) === JSON.stringify(e.data) ? undefined : { ...e, data };
}

// ---------------------------------------------------------------- the stored monthly report

/**
 * The stored report of the case's month without the free text it copied from the case (`reference`)
 * whose personal data is being removed: each of its extensions' reasons and the Ombudsman's findings
 * and recommendations become REMOVED, as they do on the case; the figures stay as they were made, and
 * so do the lessons learned (kept on the case too). Undefined when the report holds no such text.
 */
export function reportWithoutPersonalText(report: MonthlyReport, reference: string): MonthlyReport | undefined {
  const holds = (text: string | null) => text !== null && text !== REMOVED;
  const extensions = report.extensions.list.map((e) => (e.reference === reference && holds(e.reason) ? { ...e, reason: REMOVED } : e));
  const ombudsman = report.ombudsman.cases.map((o) =>
    o.reference === reference && (holds(o.findings) || holds(o.recommendations))
      ? { ...o, findings: o.findings === null ? null : REMOVED, recommendations: o.recommendations === null ? null : REMOVED }
      : o,
  );
  const changed = extensions.some((e, i) => e !== report.extensions.list[i]) || ombudsman.some((o, i) => o !== report.ombudsman.cases[i]);
  if (!changed) return undefined;
  return { ...report, extensions: { ...report.extensions, list: extensions }, ombudsman: { ...report.ombudsman, cases: ombudsman } };
}
