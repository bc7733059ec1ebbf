import { setTimeout as sleep } from 'node:timers/promises';
import { Cron } from 'croner';
import { cronPattern, type JobName, type ScheduleDefinition, type ScheduledJobEvent } from '../functions/config/schedules';

/**
 * EventBridge Scheduler's stand-in (DESIGN.md §4): the schedules of functions/config/schedules.ts,
 * run by croner in their own time zone, each invoking its job's handler with the event the
 * scheduler sends (the schedule's name and the time the run was due). A run that fails is tried
 * again up to the schedule's retry attempts (a second apart here), then reported as AWS would send
 * it to the dead-letter queue.
 */
export interface LocalScheduler {
  /** Runs a schedule's job now, as if it were due at `at` (default: now); resolves with what the job returns. */
  fire(name: string, at?: Date): Promise<unknown>;
  /** The next `count` times the schedule runs after `from` (default: now). */
  nextRuns(name: string, count: number, from?: Date): Date[];
  /** Whether the schedules fire on their own (`runSchedules`), or only when fired. */
  readonly running: boolean;
  stop(): void;
}

export interface LocalSchedulerOptions {
  schedules: Readonly<Record<string, ScheduleDefinition>>;
  /** Invokes a job's handler (its module, or its bundle) with a scheduled event. */
  invoke(job: JobName, event: ScheduledJobEvent): Promise<unknown>;
  /** Arm croner's timers, so that the schedules fire by the clock (`npm start`); tests leave it off and fire. */
  run: boolean;
  /** Told of a run that failed after its retries (AWS: the dead-letter queue). Default: console.error. */
  onDeadLetter?(name: string, event: ScheduledJobEvent, error: unknown): void;
  /** Pause between attempts; default one second. */
  retryDelayMs?: number;
}

export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const definitionOf = (name: string): ScheduleDefinition => {
    const definition = options.schedules[name];
    if (!definition) throw new Error(`No schedule ${name} in functions/config/schedules.ts`);
    return definition;
  };
  const patternOf = (definition: ScheduleDefinition) => new Cron(cronPattern(definition.cron), { timezone: definition.timeZone });
  const deadLetter =
    options.onDeadLetter ??
    ((name: string, event: ScheduledJobEvent, error: unknown) =>
      console.error(`Schedule ${name} (due ${event.scheduledTime}) failed after its retries: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));

  /** One run as the scheduler makes it: the event, the retries, then the dead letter. */
  const run = async (name: string, at: Date, throwOnFailure: boolean): Promise<unknown> => {
    const definition = definitionOf(name);
    const event: ScheduledJobEvent = { schedule: name, scheduledTime: at.toISOString() };
    let failure: unknown;
    for (let attempt = 0; attempt <= definition.retry.attempts; attempt++) {
      if (attempt > 0) await sleep(options.retryDelayMs ?? 1000);
      try {
        return await options.invoke(definition.job, event);
      } catch (error) {
        failure = error;
      }
    }
    deadLetter(name, event, failure);
    if (throwOnFailure) throw failure;
    return undefined;
  };

  const timers = options.run
    ? Object.entries(options.schedules).map(
        ([name, definition]) =>
          new Cron(cronPattern(definition.cron), { timezone: definition.timeZone, protect: true }, async (self: Cron) => {
            await run(name, self.currentRun() ?? new Date(), false);
          }),
      )
    : [];

  return {
    running: options.run,
    fire: (name, at = new Date()) => run(name, at, true),
    nextRuns: (name, count, from = new Date()) => patternOf(definitionOf(name)).nextRuns(count, from),
    stop: () => {
      for (const timer of timers) timer.stop();
    },
  };
}
