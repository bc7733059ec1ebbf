import type { WorkingDayCalendar } from './calendar';
import { MailerUnavailableError, MailRejectedError, UnsafeHeaderError, type EmailMessage, type Mailer } from './mail';
import type { Policy } from './policy';
import type { CaseRepository, DirectoryRepository, SendMarker, SendMarkers } from './ports';
import { directoryOrDefault } from './staff';
import type { Messages } from './texts';
import { deadlineReminder, timescaleDigest } from './timescale-emails';
import { digestMarker, peopleOf, planTimescaleMonitor, recordReminder, reminderMarker, reminderNoteKey, reminderRole, type DueDeadline, type ReminderRole } from './timescale-monitor';

/**
 * The daily timescale monitor, run by its schedule (functions/config/schedules.ts) at `at`, the time
 * the run was due: on a working day, reads the open cases (the open-cases-by-deadline index, never
 * a scan), sends the Administration Manager's digest and each stage owner's reminder, and records
 * each reminder on the case's timeline as a note: the case and its version are not touched, so
 * nobody who read the case before the run is told it changed.
 *
 * Nothing goes twice for the same case and day: each send is marked before it goes to the mailer
 * (one marker per day for the digest, one per case, day and recipient for a reminder), as the
 * workflow's letters are. A run that is retried, or run twice, sends only what was not sent. A
 * marker whose send was known to fail is given back, so the retry sends it; one whose run ended
 * without knowing (a crash mid-send) is left: that reminder is skipped, not sent twice.
 */
export interface MonitorDeps {
  cases: Pick<CaseRepository, 'listOpen' | 'note'>;
  directory: Pick<DirectoryRepository, 'get'>;
  markers: SendMarkers;
  mailer: Mailer;
  policy: Policy;
  calendar: WorkingDayCalendar;
  texts: Messages;
  /** The clock: when markers and timeline entries are written. */
  now: () => Date;
}

export interface MonitorResult {
  day: string;
  workingDay: boolean;
  /** Open cases read. */
  openCases: number;
  overdue: number;
  dueSoon: number;
  /** The digest: sent now, sent by an earlier run, left because an earlier run ended mid-send, or nothing to send. */
  digest: 'sent' | 'sent-before' | 'in-doubt' | 'none';
  /** Reminder emails sent now, and case reminders an earlier run sent (or left in doubt). */
  reminders: { sent: number; casesSentBefore: number; casesInDoubt: number };
  /** Timeline notes written (or found written by an earlier run), and those the store did not take. */
  timeline: { recorded: number; notRecorded: number };
}

/** The mailer did not take the message: it did not go out, and a retry may send it. */
const knownNotSent = (error: unknown) => error instanceof MailerUnavailableError || error instanceof MailRejectedError || error instanceof UnsafeHeaderError;

export async function monitorTimescales(at: Date, d: MonitorDeps): Promise<MonitorResult> {
  const day = d.calendar.londonDate(at);
  const result: MonitorResult = {
    day,
    workingDay: d.calendar.isWorkingDay(day),
    openCases: 0,
    overdue: 0,
    dueSoon: 0,
    digest: 'none',
    reminders: { sent: 0, casesSentBefore: 0, casesInDoubt: 0 },
    timeline: { recorded: 0, notRecorded: 0 },
  };
  // Weekends, bank holidays and closure days: nothing is read, nothing is sent.
  if (!result.workingDay) return result;

  const cases = await d.cases.listOpen();
  const directory = directoryOrDefault(await d.directory.get(), d.policy);
  const plan = planTimescaleMonitor({ cases, now: at, calendar: d.calendar, directory });
  result.openCases = cases.length;
  // Each note annotates the case as this run read it.
  const listed = new Map(cases.map((c) => [c.reference, c]));
  const failures: unknown[] = [];

  // Notes each reminder on the case's timeline. The email went: a note the store did not take is
  // counted (and logged), not a failed run.
  const record = async (due: DueDeadline[], to: string, as: ReminderRole) => {
    for (const item of due) {
      try {
        await d.cases.note(recordReminder(listed.get(item.reference)!, { to, as, due: item }, d.now()), reminderNoteKey(day, to, item));
        result.timeline.recorded++;
      } catch {
        result.timeline.notRecorded++;
      }
    }
  };

  if (plan.digest) {
    const digest = plan.digest;
    result.overdue = digest.overdue.length;
    result.dueSoon = digest.dueSoon.length;
    const marker = digestMarker(day);
    const earlier = await d.markers.claim(marker, d.now().toISOString());
    if (earlier) result.digest = earlier.state === 'sent' ? 'sent-before' : 'in-doubt';
    else {
      try {
        await sendMarked([marker], () => timescaleDigest(digest, d.policy, d.texts, { today: day, people: peopleOf(directory) }), d);
        result.digest = 'sent';
        await record([...digest.overdue, ...digest.dueSoon], digest.to.id, 'administration-manager');
      } catch (error) {
        failures.push(error);
      }
    }
  }

  for (const reminder of plan.reminders) {
    const claimed: Array<{ item: DueDeadline; marker: SendMarker }> = [];
    for (const item of reminder.due) {
      const marker = reminderMarker(day, item.reference, reminder.to.id);
      const earlier = await d.markers.claim(marker, d.now().toISOString());
      if (!earlier) claimed.push({ item, marker });
      else if (earlier.state === 'sent') result.reminders.casesSentBefore++;
      else result.reminders.casesInDoubt++;
    }
    if (claimed.length === 0) continue;
    const due = claimed.map((x) => x.item);
    try {
      await sendMarked(
        claimed.map((x) => x.marker),
        () => deadlineReminder({ to: reminder.to, due }, d.policy, d.texts),
        d,
      );
      result.reminders.sent++;
      for (const item of due) await record([item], reminder.to.id, reminderRole(item));
    } catch (error) {
      failures.push(error);
    }
  }

  // Everything that could go went; the scheduler retries the run for what could not.
  if (failures.length > 0) throw failures[0];
  return result;
}

/**
 * Sends a message whose markers the caller holds: settled `sent` once the mailer took it; given
 * back if it is known not to have gone (so a retry sends it).
 */
async function sendMarked(markers: SendMarker[], build: () => EmailMessage, d: MonitorDeps): Promise<void> {
  const release = async () => {
    for (const marker of markers) await d.markers.release(marker).catch(() => undefined);
  };
  let message: EmailMessage;
  try {
    message = build();
  } catch (error) {
    // Nothing went to the mailer.
    await release();
    throw error;
  }
  try {
    await d.mailer.send(message);
  } catch (error) {
    // Anything else (a crash, a timeout of unknown outcome) leaves the claims: never sent twice.
    if (knownNotSent(error)) await release();
    throw error;
  }
  // It went out. Should this record fail, the claim stays `sending`: never sent again.
  for (const marker of markers) await d.markers.settle(marker, { state: 'sent', at: d.now().toISOString() }).catch(() => undefined);
}
