import type { WorkingDayCalendar } from '../calendar';
import { ValidationError } from '../errors';
import type { Policy } from '../policy';
import type { ReportRepository } from '../ports';
import { collateYear, financialYear, type AnnualReport } from './annual';
import { shiftMonth } from './figures';

/**
 * The annual complaints performance and service improvement report (`npm run report -- --year
 * 2026-27`), made on demand and not stored: it is collated from the year's cases (the
 * month-of-receipt index, one month after another: never a scan) and the stored monthly reports,
 * so it is always the year as it stands, and both renderings (internal, publishable) come from the
 * same data. Storing it would keep a copy of a year still in progress that the next run would
 * replace anyway.
 */

export interface MakeAnnualReportDeps {
  policy: Policy;
  calendar: WorkingDayCalendar;
  reports: Pick<ReportRepository, 'casesReceivedIn' | 'getMonth'>;
  now: () => Date;
}

/** `year` as a financial year "2026-27" that has begun, or a ValidationError naming the format. */
export function checkFinancialYear(year: unknown, now: Date, calendar: WorkingDayCalendar): string {
  let period: { from: string } | undefined;
  try {
    // Stryker disable next-line ConditionalExpression: equivalent (financialYear refuses anything but a "YYYY-YY" string it is given); kept for the type
    period = typeof year === 'string' ? financialYear(year) : undefined;
    // Stryker disable next-line BlockStatement: equivalent (period is still undefined when financialYear throws)
  } catch {
    period = undefined;
  }
  if (!period) throw new ValidationError([{ path: 'year', message: 'expected a financial year such as 2026-27 (April 2026 to March 2027)' }]);
  if (period.from > calendar.londonDate(now)) throw new ValidationError([{ path: 'year', message: `has not begun (it starts on ${period.from})` }]);
  return year as string;
}

export async function makeAnnualReport(input: { year: string; publishable: boolean }, d: MakeAnnualReportDeps): Promise<AnnualReport> {
  const now = d.now();
  const year = checkFinancialYear(input.year, now, d.calendar);
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(financialYear(year).firstMonth, i));
  const [cases, stored] = await Promise.all([
    Promise.all(months.map((m) => d.reports.casesReceivedIn(m))).then((perMonth) => perMonth.flat()),
    Promise.all(months.map((m) => d.reports.getMonth(m))),
  ]);
  return collateYear({ year, now, cases, months: stored, policy: d.policy, calendar: d.calendar }, { publishable: input.publishable });
}
