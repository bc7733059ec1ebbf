import { endOfDay, type WorkingDayCalendar } from './calendar';
import { currentStage, type AuditEvent, type Case } from './case';
import { isAwaitingDecision } from './consultation';
import type { SendMarker } from './ports';
import type { Directory } from './staff';

/**
 * The daily timescale monitor (the service order's step 6, DESIGN.md §2 step 7), as pure
 * functions: on a working day, what is due within REMINDER_WINDOW working days and what is overdue,
 * for the Administration Manager's one digest, and each stage owner's own cases due in that window
 * for their reminder. No I/O, no clock: `now` comes in (the time the run was due).
 *
 * Decided here:
 * - Two deadlines are watched on an open case: the acknowledgement (until it is acknowledged) and
 *   the current stage's. The acknowledgement is the Administration Manager's own task: it is in the
 *   digest only. A stage deadline is in the digest and in its owner's reminder.
 * - A consultation comment waiting for the Administration Manager's decision cannot be acknowledged
 *   yet: its deadline (the acknowledgement's, should it enter the procedure) is in the digest as the
 *   decision that is due.
 * - Owners are reminded of what is due (today, or within the window), not of what is overdue: the
 *   workflow moves a stage on when its deadline passes, and what is still overdue is the
 *   Administration Manager's to follow up (the digest lists it).
 * - An owner marked unavailable in the directory still gets their reminder (they still own the
 *   case: being away does not move it), and the digest says they are unavailable, so the
 *   Administration Manager can transfer the case.
 * - A case without an owner, or whose owner the directory does not list, is in the digest only.
 * - An information-request review's deadline is Legal & Governance's: the team (the directory's post)
 *   is reminded of it as an owner is of a stage.
 * - Nothing due and nothing overdue: no digest (no empty email).
 */

/** Due "within 2 working days" (issue 11): today's deadlines are 0 working days away. */
export const REMINDER_WINDOW = 2;

export type DeadlineWhat = 'acknowledgement' | 'consultation-decision' | 'stage' | 'information-review';

/** One deadline of one case, as the monitor reports it. */
export interface DueDeadline {
  reference: string;
  what: DeadlineWhat;
  /** The stage whose deadline it is (null for the acknowledgement or the decision). */
  stage: number | null;
  /** The stage owner's staff id, if the case has one (null for the acknowledgement or the decision). */
  owner: string | null;
  /** ISO instant: the end of the deadline's working day. */
  deadline: string;
  /**
   * Working days from today to the deadline's day (0: due today); negative when overdue: how many
   * working days have ended since (-1: its day ended before today, a working day).
   */
  workingDaysLeft: number;
  overdue: boolean;
}

/** Someone the monitor writes to, from the staff directory. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  /** False when the directory marks them unavailable (only Heads and Deputies are ever marked). */
  available: boolean;
}

export interface Digest {
  to: Recipient;
  overdue: DueDeadline[];
  dueSoon: DueDeadline[];
}

export interface Reminder {
  to: Recipient;
  due: DueDeadline[];
}

export interface TimescalePlan {
  /** The Europe/London date of the run. */
  today: string;
  workingDay: boolean;
  /** The Administration Manager's digest, or null when nothing is due or overdue (or not a working day). */
  digest: Digest | null;
  /** One per owner with a stage deadline in the window, in the order of their first deadline. */
  reminders: Reminder[];
}

/** Everyone the directory lists, by staff id (Heads and Deputies with their availability). */
export function peopleOf(directory: Directory): Map<string, Recipient> {
  const people = new Map<string, Recipient>();
  const add = (p: { id: string; name: string; email: string; available?: boolean }) =>
    people.set(p.id, { id: p.id, name: p.name, email: p.email, available: p.available ?? true });
  for (const f of directory.functions) {
    add(f.head);
    add(f.deputy);
  }
  for (const p of [directory.dutyOfficer, directory.customerRelationsOfficer, directory.administrationManager, directory.strategicSupportManager]) add(p);
  return people;
}

/** The deadlines of an open case that are due by the end of `windowEnd`'s day, or overdue at `now`. */
export function dueDeadlines(c: Case, now: Date, calendar: WorkingDayCalendar, windowEnd: string): DueDeadline[] {
  if (c.status !== 'open') return [];
  const watched: Array<Pick<DueDeadline, 'what' | 'stage' | 'owner' | 'deadline'>> = [];
  if (c.acknowledgedAt === undefined) {
    watched.push({ what: isAwaitingDecision(c) ? 'consultation-decision' : 'acknowledgement', stage: null, owner: null, deadline: c.acknowledgeBy });
  }
  const stage = currentStage(c);
  if (stage) watched.push({ what: 'stage', stage: stage.number, owner: stage.owner, deadline: stage.deadline });
  // A complaint under Legal & Governance's review: the review's deadline (the team, not one person, owns it).
  else if (c.informationReview) watched.push({ what: 'information-review', stage: null, owner: null, deadline: c.informationReview.deadline });
  const out: DueDeadline[] = [];
  for (const w of watched) {
    const at = new Date(w.deadline);
    // Far-off deadlines are not counted at all (nor need the bank holidays of their years).
    if (at.getTime() > endOfDay(windowEnd).getTime()) continue;
    const overdue = at.getTime() < now.getTime();
    const workingDaysLeft = overdue ? -calendar.workingDaysBetween(at, now) : calendar.workingDaysBetween(now, at);
    out.push({ reference: c.reference, ...w, workingDaysLeft, overdue });
  }
  return out;
}

const byDeadline = (a: DueDeadline, b: DueDeadline) => a.deadline.localeCompare(b.deadline) || a.reference.localeCompare(b.reference);

/**
 * The run of `now`: nothing on a day that is not a working day (weekends, bank holidays, the
 * policy's closure days); else the digest and the reminders.
 */
export function planTimescaleMonitor(input: { cases: readonly Case[]; now: Date; calendar: WorkingDayCalendar; directory: Directory }): TimescalePlan {
  const { now, calendar } = input;
  const today = calendar.londonDate(now);
  if (!calendar.isWorkingDay(today)) return { today, workingDay: false, digest: null, reminders: [] };
  const windowEnd = calendar.addWorkingDays(today, REMINDER_WINDOW);
  const all = input.cases.flatMap((c) => dueDeadlines(c, now, calendar, windowEnd)).sort(byDeadline);
  const people = peopleOf(input.directory);
  const overdue = all.filter((d) => d.overdue);
  const dueSoon = all.filter((d) => !d.overdue);
  const admin = people.get(input.directory.administrationManager.id)!;
  const team = input.directory.legalGovernance;
  const reviewers: Recipient | undefined = team && { id: team.id, name: team.name, email: team.email, available: true };
  const digest = all.length > 0 ? { to: admin, overdue, dueSoon } : null;

  const reminders = new Map<string, Reminder>();
  for (const d of dueSoon) {
    // Stryker disable next-line ConditionalExpression: equivalent (the directory has no person whose id is null); kept for the type checker
    const to = d.what === 'information-review' ? reviewers : d.owner === null ? undefined : people.get(d.owner);
    if (!to) continue;
    const reminder = reminders.get(to.id) ?? { to, due: [] };
    reminder.due.push(d);
    reminders.set(to.id, reminder);
  }
  return { today, workingDay: true, digest, reminders: [...reminders.values()] };
}

/**
 * What a send is marked by, so that nothing goes twice: one marker per day for the digest, one per
 * case, day and recipient for a reminder. Claimed before the email is handed to the mailer.
 */
export const digestMarker = (day: string): SendMarker => ({ job: 'timescale-monitor', day, key: 'digest' });
export const reminderMarker = (day: string, reference: string, recipient: string): SendMarker => ({ job: 'timescale-monitor', day, key: `${reference}#${recipient}` });

/** Who was reminded: the Administration Manager (by the digest), the stage owner, or Legal & Governance (of a review). */
export type ReminderRole = 'administration-manager' | 'stage-owner' | 'legal-governance';

/** The role a reminder of `due` tells its recipient in. */
export const reminderRole = (due: DueDeadline): ReminderRole => (due.what === 'information-review' ? 'legal-governance' : 'stage-owner');

/**
 * The rule that writes 'reminder-sent' on a case's timeline: `to` was told of `due` (by the digest
 * or a reminder) at `now`. A note (CaseRepository.note): nothing about the case changes, not even
 * its version; the event carries the version it annotates, the case as the monitor read it. No
 * personal data.
 */
export function recordReminder(c: Case, input: { to: string; as: ReminderRole; due: DueDeadline }, now: Date): AuditEvent {
  return {
    reference: c.reference,
    at: now.toISOString(),
    type: 'reminder-sent',
    actor: { type: 'system' },
    version: c.version,
    data: {
      to: input.to,
      as: input.as,
      what: input.due.what,
      stage: input.due.stage,
      deadline: input.due.deadline,
      workingDaysLeft: input.due.workingDaysLeft,
    },
  };
}

/**
 * What makes a reminder's note one of a kind: the day, who was told, and of which deadline (the
 * digest may tell the Administration Manager of a case's acknowledgement and of its stage). A run
 * retried the same day notes nothing twice.
 */
export const reminderNoteKey = (day: string, to: string, due: DueDeadline): string =>
  `${day}#${to}#${due.stage === null ? due.what : `${due.what}-${due.stage}`}`;
