import type { TableIndex } from './table';

/**
 * The scheduled jobs, defined once. infra/constructs/schedules.ts makes one Lambda function per entry
 * of `jobs` and one EventBridge Scheduler schedule per entry of `schedules`; local/scheduler.ts runs
 * the same schedules with croner and invokes the same handler modules (or their bundles);
 * bench/bundles.ts and test/infra/bundle-size.test.ts bundle every job with the API's functions.
 *
 * A job's handler receives a ScheduledJobEvent: the schedule's name and the time it was due (in AWS
 * the scheduler's <aws.scheduler.scheduled-time>), which is the job's `now`, so a retry of a run acts
 * on the day the run was due, not on the day the retry happens to land.
 */
export interface JobDefinition {
  /** Module under functions/ exporting `handler`. */
  handler: string;
  /** What the job needs from the table: exactly this is granted on the table's own key. */
  table: 'none' | 'read' | 'write';
  /** The indexes of functions/config/table.ts it Queries: each gets Query on its own ARN, no other. */
  indexes: readonly TableIndex['indexName'][];
  /** Sends email: MAIL_FROM and ses:SendEmail on the sender, and the texts (web/locales) beside its bundle. */
  mail: boolean;
  /** Lambda timeout in seconds (the house default is 10). */
  timeoutSeconds: number;
  description: string;
}

export const jobs = {
  TimescaleMonitor: {
    handler: 'jobs/timescale-monitor.ts',
    table: 'write',
    indexes: ['openByDeadline'],
    mail: true,
    timeoutSeconds: 300,
    description: "The Administration Manager's daily digest of deadlines, and each stage owner's reminders",
  },
  MonthlyReport: {
    handler: 'jobs/monthly-report.ts',
    // Stores the report (and claims the Strategic Support Manager's email) on the table's own key.
    table: 'write',
    indexes: ['byMonthReceived', 'openByDeadline'],
    mail: true,
    timeoutSeconds: 300,
    description: "The previous month collated for the Strategic Support Manager, stored and emailed",
  },
  Retention: {
    handler: 'jobs/retention.ts',
    // Writes the anonymised case, its event and the cleared items in one transaction (PutItem,
    // UpdateItem); reads the case's items by its key (Query, GetItem).
    table: 'write',
    indexes: ['closedByReceived'],
    mail: false,
    timeoutSeconds: 300,
    description: "Removes the personal data of finished cases whose retention period (the policy's) has ended",
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobs;

/**
 * EventBridge Scheduler's cron fields (as aws-cdk-lib's CronOptions names them). Week days are
 * written as names (MON-FRI): EventBridge numbers Sunday 1, croner 0, names mean the same to both.
 * Omitted fields are `*` (EventBridge's `?` where it needs one, which CDK writes).
 */
export interface CronFields {
  minute: string;
  hour: string;
  day?: string;
  month?: string;
  weekDay?: string;
}

export interface ScheduleDefinition {
  job: JobName;
  description: string;
  cron: CronFields;
  /** IANA name; EventBridge Scheduler and croner both read it, clock changes included. */
  timeZone: 'Europe/London';
  /**
   * If the job cannot be run (delivery to Lambda fails, or the function fails), it is tried again up
   * to `attempts` times while the run is younger than `maxEventAgeSeconds`; then the event goes to the
   * jobs' dead-letter queue (infra/constructs/schedules.ts), which raises an alarm.
   */
  retry: { attempts: number; maxEventAgeSeconds: number };
}

export const schedules = {
  /**
   * DESIGN.md §2 step 7, the service order's step 6: each working day at 07:00 London time. The cron
   * runs Monday to Friday; the job itself skips bank holidays and the policy's closure days (the
   * calendar knows them, the cron cannot).
   */
  DailyTimescaleMonitor: {
    job: 'TimescaleMonitor',
    description: 'Each working day at 07:00 London time: deadlines due within 2 working days and overdue, to the Administration Manager and each stage owner',
    cron: { minute: '0', hour: '7', weekDay: 'MON-FRI' },
    timeZone: 'Europe/London',
    // Markers written before each email make a retry send only what the failed run did not.
    retry: { attempts: 3, maxEventAgeSeconds: 4 * 60 * 60 },
  },
  /**
   * DESIGN.md §2 step 8, the service order's step 13: at 06:00 London time on the 1st, the previous
   * calendar month (the job works it out from the time the run was due).
   */
  FirstOfMonthReport: {
    job: 'MonthlyReport',
    description: "At 06:00 London time on the 1st: the previous calendar month collated, stored and emailed to the Strategic Support Manager",
    cron: { minute: '0', hour: '6', day: '1' },
    timeZone: 'Europe/London',
    // The report is replaced when made again, and its email is claimed per run: a retry sends it once.
    retry: { attempts: 3, maxEventAgeSeconds: 6 * 60 * 60 },
  },
  /**
   * DESIGN.md §2 "Personal data": each day at 03:00 London time (out of the clock-change hour), the
   * personal data of every case whose retention period ended by that day is removed.
   */
  DailyRetention: {
    job: 'Retention',
    description: "Each day at 03:00 London time: personal data removed from finished cases whose retention period has ended",
    cron: { minute: '0', hour: '3' },
    timeZone: 'Europe/London',
    // An anonymised case is skipped and one not written is still due: a retry does only what is left.
    retry: { attempts: 3, maxEventAgeSeconds: 6 * 60 * 60 },
  },
} as const satisfies Record<string, ScheduleDefinition>;

export type ScheduleName = keyof typeof schedules;

/** What every job's handler is invoked with (locally and by EventBridge Scheduler). */
export interface ScheduledJobEvent {
  /** The schedule that fired (a key of `schedules`), or `manual` for a run on demand. */
  schedule: string;
  /** When the run was due, ISO 8601 (UTC): the job's `now`. */
  scheduledTime: string;
}

/** Hours of the night the spring clock change skips and the autumn one repeats (DESIGN.md §6). */
export const CLOCK_CHANGE_HOURS = [1];

/** The five-field pattern croner reads for a schedule's cron fields: minute hour day month week-day. */
export function cronPattern(cron: CronFields): string {
  return [cron.minute, cron.hour, cron.day ?? '*', cron.month ?? '*', cron.weekDay ?? '*'].join(' ');
}
