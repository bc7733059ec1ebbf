import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from '../domain/zod';
import { getMonthlyReportJobDeps } from '../api/report-deps';
import { logger } from '../api/http';
import { makeMonthlyReport, previousMonth } from '../domain/reports/make-monthly-report';

const deps = getMonthlyReportJobDeps();

/**
 * What EventBridge Scheduler sends (functions/config/schedules.ts ScheduledJobEvent), or a run on
 * demand (`npm run report -- --month YYYY-MM`) naming its month. Without a month: the calendar
 * month before the London date the run was due.
 */
const Event = z.object({
  schedule: z.string().check(z.minLength(1), z.maxLength(64)),
  scheduledTime: z.iso.datetime({ offset: true }),
  month: z.optional(z.string().check(z.maxLength(7))),
});

/**
 * The monthly report (service order step 13): made, stored and emailed to the Strategic Support
 * Manager. The run is the instant it was due, the same for every retry, so a retry never sends the
 * email twice. Logs the month and counts only.
 */
export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = Event.parse(event);
    const due = new Date(input.scheduledTime);
    const month = input.month ?? previousMonth(due, deps.calendar);
    logger.appendKeys({ schedule: input.schedule, scheduledTime: input.scheduledTime, month });
    try {
      const { report, email } = await makeMonthlyReport({ month, run: input.scheduledTime }, deps);
      const result = { month, complaints: report.received.complaints, compliments: report.received.compliments, email };
      logger.info('monthly report made', { result });
      return result;
    } catch (error) {
      logger.error('monthly report failed (the scheduler retries it)', { error: { name: (error as Error).name, message: (error as Error).message } });
      throw error;
    }
  });
