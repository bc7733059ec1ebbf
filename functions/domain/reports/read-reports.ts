import type { Role } from '../../config/roles';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { ReportRepository, StoredMonth } from '../ports';
import type { Staff } from '../staff';
import type { MonthlyReport } from './monthly-schema';
import { MONTH } from './monthly-schema';

/**
 * Reading the stored monthly reports (staff API, console): the Strategic Support Manager, who
 * scrutinises them, the Administration Manager, who keeps the record, and the Customer Relations
 * Officer. Nobody else.
 */

const READERS: readonly Role[] = ['ssm', 'admin-manager', 'cro'];

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function assertMayReadReports(staff: Staff): void {
  if (staff.roles.some((r) => READERS.includes(r))) return;
  throw new ForbiddenError('Only the Strategic Support Manager, the Administration Manager and the Customer Relations Officer may read the monthly reports');
}

/** The stored months, newest first. */
export async function listReports(staff: Staff, d: { reports: Pick<ReportRepository, 'months'> }): Promise<{ items: StoredMonth[] }> {
  assertMayReadReports(staff);
  return { items: await d.reports.months() };
}

/** One stored month, or NotFoundError; `month` and `format` are checked (after the role: a refusal never depends on the input). */
export async function readReport(
  staff: Staff,
  request: { month: unknown; format: unknown },
  d: { reports: Pick<ReportRepository, 'getMonth'> },
): Promise<{ report: MonthlyReport; format: ReportFormat }> {
  assertMayReadReports(staff);
  const issues = [];
  const { month, format = 'json' } = request;
  if (typeof month !== 'string' || !MONTH.test(month)) issues.push({ path: 'month', message: 'expected a month as YYYY-MM' });
  if (!REPORT_FORMATS.includes(format as ReportFormat)) issues.push({ path: 'format', message: `expected one of: ${REPORT_FORMATS.join(', ')}` });
  if (issues.length) throw new ValidationError(issues);
  const report = await d.reports.getMonth(month as string);
  if (!report) throw new NotFoundError(`No report is stored for ${month as string}: it is made on the 1st of the next month, or with npm run report`);
  return { report, format: format as ReportFormat };
}
