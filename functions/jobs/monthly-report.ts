import * as z from '../domain/zod';
import { getMonthlyReportJobDeps } from '../api/report-deps';
import { makeMonthlyReport, previousMonth } from '../domain/reports/make-monthly-report';
import { ScheduledEvent, scheduledJob } from './scheduled';

const deps = getMonthlyReportJobDeps();

/**
 * What EventBridge Scheduler sends (functions/config/schedules.ts ScheduledJobEvent), or a run on
 * demand (`npm run report -- --month YYYY-MM`) naming its month. Without a month: the calendar
 * month before the London date the run was due.
 */
const Event = z.extend(ScheduledEvent, { month: z.optional(z.string().check(z.maxLength(7))) });
const monthOf = (input: z.output<typeof Event>) => input.month ?? previousMonth(new Date(input.scheduledTime), deps.calendar);

/**
 * The monthly report (service order step 13): made, stored and emailed to the Strategic Support
 * Manager. The run is the instant it was due, the same for every retry, so a retry never sends the
 * email twice. Logs the month and counts only.
 */
export const handler = scheduledJob(
  'monthly report',
  async (input) => {
    const month = monthOf(input);
    const { report, email } = await makeMonthlyReport({ month, run: input.scheduledTime }, deps);
    return { month, complaints: report.received.complaints, compliments: report.received.compliments, email };
  },
  { schema: Event, keys: (input) => ({ month: monthOf(input) }), logMessage: true },
);
