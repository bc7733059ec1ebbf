import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { jobs, schedules, type JobDefinition, type JobName, type ScheduleDefinition, type ScheduledJobEvent } from '../../functions/config/schedules';
import type { Policy } from '../../functions/domain/policy';
import type { CasesTable } from './cases-table';
import { HouseFunction } from './house-function';
import type { MailSender } from './mail-sender';

export interface SchedulesProps {
  readonly table: CasesTable;
  readonly policy: Policy;
  /** The sender the jobs that mail send as. */
  readonly mail: MailSender;
  /** Default: functions/config/schedules.ts. */
  readonly jobs?: Readonly<Record<string, JobDefinition>>;
  readonly schedules?: Readonly<Record<string, ScheduleDefinition>>;
}

/** The time zones schedules.ts may name, as aws-cdk-lib spells them. */
const TIME_ZONES: Record<ScheduleDefinition['timeZone'], TimeZone> = { 'Europe/London': TimeZone.EUROPE_LONDON };

/**
 * The scheduled jobs of functions/config/schedules.ts: a function per job (given exactly the table
 * access and the indexes it declares, and the mail sender if it mails) and an EventBridge Scheduler
 * schedule per schedule, in its time zone, invoking the job's function with the schedule's name and
 * the time the run was due. A run that cannot be delivered (the scheduler's retries) or that fails
 * (Lambda's asynchronous retries) lands in one encrypted dead-letter queue, whose first message
 * raises an alarm.
 */
export class Schedules extends Construct {
  readonly functions = new Map<JobName, HouseFunction>();
  readonly schedules = new Map<string, Schedule>();
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const jobList: Readonly<Record<string, JobDefinition>> = props.jobs ?? jobs;
    const scheduleList: Readonly<Record<string, ScheduleDefinition>> = props.schedules ?? schedules;

    this.deadLetterQueue = new Queue(this, 'JobsDeadLetters', {
      // Encrypted with the key SQS owns (no KMS key to grant the scheduler and the functions).
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The most SQS keeps a message: time to read why a run failed, and to run it again by hand.
      retentionPeriod: Duration.days(14),
    });
    const isTheDeadLetterQueue =
      "This queue is itself the scheduled jobs' dead-letter queue (the schedules' targets and the job functions' on-failure destination); nothing consumes it but a person after the alarm";
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: isTheDeadLetterQueue }, { id: 'Serverless-SQSRedrivePolicy', reason: isTheDeadLetterQueue });
    this.deadLetterAlarm = new Alarm(this, 'JobsDeadLettersAlarm', {
      alarmDescription: 'A scheduled job (functions/config/schedules.ts) failed after its retries: its event is in the jobs\' dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    for (const [name, job] of Object.entries(jobList) as Array<[JobName, JobDefinition]>) {
      // Lambda's own retries of a failed run match the longest retry policy of the schedules running it.
      const retry = Object.values(scheduleList)
        .filter((s) => s.job === name)
        .reduce((most, s) => ({ attempts: Math.max(most.attempts, s.retry.attempts), maxEventAgeSeconds: Math.max(most.maxEventAgeSeconds, s.retry.maxEventAgeSeconds) }), { attempts: 0, maxEventAgeSeconds: 60 });
      const fn = new HouseFunction(this, name, {
        handler: job.handler,
        policy: props.policy,
        description: `${name}: ${job.description}`,
        timeout: Duration.seconds(job.timeoutSeconds),
        locales: job.mail,
        // Lambda retries a failed run at most twice.
        asyncInvoke: { retryAttempts: Math.min(retry.attempts, 2), maxEventAge: Duration.seconds(retry.maxEventAgeSeconds), onFailure: new SqsDestination(this.deadLetterQueue) },
      });
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          "A run that fails after Lambda's retries goes to the on-failure destination, the jobs' dead-letter queue, which records the error " +
          'with the event (a DeadLetterConfig would record the event alone, to the same queue).',
      });
      if (job.table !== 'none') fn.bindTable(props.table, job.table);
      props.table.grantIndexQuery(fn, job.indexes);
      if (job.mail) props.mail.grantSend(fn);
      this.functions.set(name, fn);
    }

    // The scheduler's own role, so that its grants are these schedules' alone.
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'Invokes the scheduled jobs (functions/config/schedules.ts) and sends what cannot be delivered to their dead-letter queue',
    });
    for (const [name, definition] of Object.entries(scheduleList)) {
      const fn = this.functions.get(definition.job);
      if (!fn) throw new Error(`Schedule ${name} runs ${definition.job}, which is not a job of functions/config/schedules.ts`);
      const input: ScheduledJobEvent = { schedule: name, scheduledTime: ContextAttribute.scheduledTime };
      const schedule = new Schedule(this, name, {
        description: definition.description,
        schedule: ScheduleExpression.cron({ ...definition.cron, timeZone: TIME_ZONES[definition.timeZone] }),
        target: new LambdaInvoke(fn, {
          role,
          input: ScheduleTargetInput.fromObject(input),
          retryAttempts: definition.retry.attempts,
          maxEventAge: Duration.seconds(definition.retry.maxEventAgeSeconds),
          deadLetterQueue: this.deadLetterQueue,
        }),
      });
      this.schedules.set(name, schedule);
      const logicalId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: `lambda:InvokeFunction on ${definition.job}'s versions and aliases (CDK's LambdaInvoke grants the function's ARN and <ARN>:*): one function, no other`,
      });
    }
  }
}
