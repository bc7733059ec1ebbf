import type { WorkingDayCalendar } from '../calendar';
import { ValidationError } from '../errors';
import { MailerUnavailableError, type Mailer } from '../mail';
import type { Policy } from '../policy';
import type { CaseRepository, DirectoryRepository, ReportRepository } from '../ports';
import { directoryOrDefault } from '../staff';
import type { Messages } from '../texts';
import { MONTH } from './monthly-schema';
import { shiftMonth } from './figures';
import { collateMonth, TREND_MONTHS, type MonthlyReport } from './monthly';
import { monthlyReportEmail } from './monthly-email';

/**
 * Service order step 13, as the schedule runs it on the 1st (and `npm run report` on demand): the
 * month's cases (month-of-receipt index), every open case and the stored reports of the twelve
 * months before are collated, the report is stored (replacing the month's earlier one), and then
 * the Strategic Support Manager is emailed its key figures with a link to it.
 *
 * The email is claimed per run before it goes: `run` is the instant the run was due (the
 * scheduler's scheduled time, the same for every retry of one run). A retry of a run that stored
 * the report but failed later makes and stores it again (the same month, a little later) and sends
 * the email only if no attempt of the run sent it. An attempt that stopped while sending (the email
 * may have gone) leaves the claim in doubt: never sent twice; the report is on the console anyway.
 */

export interface MakeMonthlyReportDeps {
  policy: Policy;
  calendar: WorkingDayCalendar;
  cases: Pick<CaseRepository, 'listOpen'>;
  reports: ReportRepository;
  directory: Pick<DirectoryRepository, 'get'>;
  mailer: Mailer;
  /** The locale's texts (its `emails` section). */
  texts: Messages;
  /** Where staff open the console; unset: the email names the Reports page without a link. */
  publicUrl?: string;
  now: () => Date;
}

export interface MonthlyReportRun {
  month: string;
  /** Identifies the run: every attempt of one run carries the same. */
  run: string;
}

export type EmailOutcome = 'sent' | 'already-sent' | 'in-doubt';

/** The month `month` as the report reads it, or a ValidationError naming the format and the limit. */
export function checkReportMonth(month: unknown, now: Date, calendar: WorkingDayCalendar): string {
  if (typeof month !== 'string' || !MONTH.test(month)) throw new ValidationError([{ path: 'month', message: 'expected a month as YYYY-MM' }]);
  const current = calendar.londonDate(now).slice(0, 7);
  if (month > current) throw new ValidationError([{ path: 'month', message: `cannot be after the current month (${current})` }]);
  return month;
}

/** The calendar month before the London date of `now`: what the schedule on the 1st reports on. */
export function previousMonth(now: Date, calendar: WorkingDayCalendar): string {
  return shiftMonth(calendar.londonDate(now).slice(0, 7), -1);
}

/** Collates the month and stores it: nothing is emailed (the job's first half; also the CLI's renderings read what this returns). */
export async function collateStoredMonth(month: string, d: Omit<MakeMonthlyReportDeps, 'mailer' | 'texts' | 'publicUrl' | 'directory'>): Promise<MonthlyReport> {
  const now = d.now();
  checkReportMonth(month, now, d.calendar);
  const earlierMonths = Array.from({ length: TREND_MONTHS }, (_, i) => shiftMonth(month, i - TREND_MONTHS));
  const [cases, open, earlier] = await Promise.all([
    d.reports.casesReceivedIn(month),
    d.cases.listOpen(),
    Promise.all(earlierMonths.map((m) => d.reports.getMonth(m))),
  ]);
  return collateMonth({ month, now, cases, open, earlier, policy: d.policy, calendar: d.calendar });
}

export async function makeMonthlyReport(input: MonthlyReportRun, d: MakeMonthlyReportDeps): Promise<{ report: MonthlyReport; email: EmailOutcome }> {
  const report = await collateStoredMonth(input.month, d);
  await d.reports.saveMonth(report);
  const claimedAt = d.now().toISOString();
  const earlier = await d.reports.claimEmail(report.month, input.run, claimedAt);
  if (earlier) return { report, email: earlier.state === 'sent' ? 'already-sent' : 'in-doubt' };
  const directory = directoryOrDefault(await d.directory.get(), d.policy);
  const message = monthlyReportEmail(report, d.policy, d.texts, { to: directory.strategicSupportManager, publicUrl: d.publicUrl });
  try {
    await d.mailer.send(message);
  } catch (error) {
    // Known not to have gone: a retry of the run may send it. Anything else may have gone: kept in doubt.
    if (error instanceof MailerUnavailableError) await d.reports.releaseEmail(report.month, input.run);
    else await d.reports.settleEmail(report.month, input.run, { state: 'in-doubt', at: d.now().toISOString() });
    throw error;
  }
  await d.reports.settleEmail(report.month, input.run, { state: 'sent', at: d.now().toISOString() });
  return { report, email: 'sent' };
}
