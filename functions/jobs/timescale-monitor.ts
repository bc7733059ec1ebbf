import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from '../domain/zod';
import { logger } from '../api/http';
import { monitorTimescales } from '../domain/monitor-timescales';
import { getMailingJobDeps } from './deps';

const deps = getMailingJobDeps();

/** What EventBridge Scheduler sends (functions/config/schedules.ts ScheduledJobEvent). */
const Event = z.object({ schedule: z.string().check(z.minLength(1), z.maxLength(64)), scheduledTime: z.iso.datetime({ offset: true }) });

/**
 * The daily timescale monitor (functions/config/schedules.ts DailyTimescaleMonitor): the run of the
 * time it was due, so a retry acts on that day. Logs counts only: no reference, name or address.
 */
export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = Event.parse(event);
    logger.appendKeys({ schedule: input.schedule, scheduledTime: input.scheduledTime });
    try {
      const result = await monitorTimescales(new Date(input.scheduledTime), deps);
      logger.info('timescale monitor ran', { result });
      return result;
    } catch (error) {
      // The name only: a mail service's message may carry an address.
      logger.error('timescale monitor failed (the scheduler retries it)', { error: { name: (error as Error).name } });
      throw error;
    }
  });
