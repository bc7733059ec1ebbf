import { staffEmail, type Person } from '../emails';
import type { EmailMessage } from '../mail';
import type { Policy } from '../policy';
import type { Messages } from '../texts';
import type { MonthlyReport } from './monthly-schema';

/**
 * The Strategic Support Manager's email of a month's report (service order step 13): the key figures
 * in the body and a link to the whole report on the console's Reports page. Built as every email of
 * emails.ts is: texts from the locale's `emails` section, every value escaped; the subject carries
 * only numbers (the month and the year).
 */

const MONTH_NAME = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "November 2026". */
export const monthInWords = (month: string): string => MONTH_NAME.format(new Date(`${month}-15T12:00:00Z`));

/** Where the console shows a month's report: <publicUrl>/staff/reports/<month>. */
export const reportUrl = (publicUrl: string, month: string): string => `${publicUrl.replace(/\/+$/, '')}/staff/reports/${month}`;

export function monthlyReportEmail(report: MonthlyReport, policy: Policy, texts: Messages, input: { to: Person; publicUrl?: string }): EmailMessage {
  return staffEmail(input.to, policy, texts, (w) => {
    const say = (key: string, values: Record<string, string | number> = {}) => w.say(`monthlyReport.${key}`, values);
    const percent = (p: number | null) => (p === null ? say('noneDue') : say('percent', { percent: p }));
    const { received, acknowledgements, closed, outcomes, open, ombudsman } = report;
    return {
      subject: w.subject('monthlyReport.subject', { month: Number(report.month.slice(5, 7)), year: Number(report.month.slice(0, 4)) }),
      blocks: [
        w.p('monthlyReport.intro', { month: { strong: monthInWords(report.month) } }),
        {
          facts: [
            [say('complaints'), String(received.complaints)],
            [say('compliments'), String(received.compliments)],
            [say('acknowledged', { days: acknowledgements.targetWorkingDays }), percent(acknowledgements.percentOnTime)],
            [say('closed'), closed.total === 0 ? '0' : say('closedValue', { closed: closed.total, within: percent(closed.percentWithinDeadline) })],
            [say('outcomes'), say('outcomesValue', { upheld: outcomes.upheld, partlyUpheld: outcomes.partlyUpheld, notUpheld: outcomes.notUpheld })],
            [say('open'), say('openValue', { total: open.total, overdue: open.overdue })],
            [say('ombudsman'), String(ombudsman.enquiries)],
          ],
        },
        input.publicUrl ? w.p('monthlyReport.link', { link: { link: reportUrl(input.publicUrl, report.month) } }) : w.p('monthlyReport.noLink'),
      ],
    };
  });
}
