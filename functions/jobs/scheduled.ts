import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../api/http';
import * as z from '../domain/zod';

/** What EventBridge Scheduler sends (functions/config/schedules.ts ScheduledJobEvent). */
export const ScheduledEvent = z.object({ schedule: z.string().check(z.minLength(1), z.maxLength(64)), scheduledTime: z.iso.datetime({ offset: true }) });

/**
 * A scheduled job's handler: the event checked, the run's schedule and due time on every log line,
 * one line with the run's result, and on failure one ERROR line naming the error (its name only,
 * unless `logMessage`: a store's or a mail service's message may quote an item or an address) before
 * the scheduler retries. `run` gets the event as `schema` parsed it and returns what is logged and
 * answered: counts only, never a reference, name or address.
 */
export function scheduledJob<S extends typeof ScheduledEvent, R>(
  what: string,
  run: (input: z.output<S>) => Promise<R>,
  options: { schema?: S; keys?: (input: z.output<S>) => Record<string, unknown>; logMessage?: boolean } = {},
) {
  const schema = options.schema ?? (ScheduledEvent as S);
  return middy<unknown, unknown>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const input = schema.parse(event);
      logger.appendKeys({ schedule: input.schedule, scheduledTime: input.scheduledTime, ...options.keys?.(input) });
      try {
        const result = await run(input);
        logger.info(`${what} ran`, { result });
        return result;
      } catch (error) {
        const { name, message } = error as Error;
        logger.error(`${what} failed (the scheduler retries it)`, { error: options.logMessage ? { name, message } : { name } });
        throw error;
      }
    });
}
