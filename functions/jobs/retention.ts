import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { DynamoDbRetentionStore } from '../adapters/dynamodb-retention-store';
import { getTableDeps } from '../api/deps';
import { logger } from '../api/http';
import { londonDate, startOfDay } from '../domain/calendar';
import { removeDuePersonalData, type RetentionDeps } from '../domain/remove-personal-data';
import * as z from '../domain/zod';

// London dates, no working days: the job needs neither the calendar's bank holidays nor the case repositories.
const core = getTableDeps();
const deps: RetentionDeps = { store: new DynamoDbRetentionStore(core.doc, core.env.TABLE_NAME), policy: core.policy, calendar: { londonDate, startOfDay }, now: core.now };

/** What EventBridge Scheduler sends (functions/config/schedules.ts ScheduledJobEvent). */
const Event = z.object({ schedule: z.string().check(z.minLength(1), z.maxLength(64)), scheduledTime: z.iso.datetime({ offset: true }) });

/**
 * The retention job (functions/config/schedules.ts DailyRetention): removes the personal data of
 * every finished case whose retention period has ended by the time the run was due. Mails nobody.
 * Logs counts only: no reference, name or address.
 */
export const handler = middy<unknown, unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = Event.parse(event);
    logger.appendKeys({ schedule: input.schedule, scheduledTime: input.scheduledTime });
    try {
      const result = await removeDuePersonalData(new Date(input.scheduledTime), deps);
      logger.info('retention job ran', { result });
      return result;
    } catch (error) {
      // The name only: a store's message may quote an item.
      logger.error('retention job failed (the scheduler retries it)', { error: { name: (error as Error).name } });
      throw error;
    }
  });
