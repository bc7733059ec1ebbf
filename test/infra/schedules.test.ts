import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { CLOCK_CHANGE_HOURS, cronPattern, jobs, schedules, type CronFields, type JobName } from '../../functions/config/schedules';
import { table } from '../../functions/config/table';
import type { HouseFunction } from '../../infra/constructs/house-function';
import { FireComplaintsStack } from '../../infra/stack';

/*
 * The schedules of functions/config/schedules.ts in the CDK template: each an EventBridge Scheduler
 * schedule in Europe/London with its cron, invoking its job's function with retries and the jobs'
 * dead-letter queue; each job's function granted exactly what its definition declares.
 */

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const policy = readPolicy({});
let stack: FireComplaintsStack;
let template: Template;

beforeAll(() => {
  // Bundling is not what this file checks: skipped, so the whole stack builds in a moment.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new FireComplaintsStack(app, 'FireComplaints', { policy });
  template = Template.fromStack(stack);
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => Stack.of(construct as never).getLogicalId(construct.node.defaultChild as CfnResource);
const resources = (type: string) => Object.entries(template.findResources(type)) as Array<[string, Resource]>;
const jobFunction = (name: JobName): HouseFunction => stack.schedules.functions.get(name)!;
const statementsOfRole = (roleId: string): Statement[] =>
  resources('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

describe('the schedules in the template', () => {
  it('has one schedule per definition, the daily timescale monitor among them', () => {
    expect(resources('AWS::Scheduler::Schedule')).toHaveLength(Object.keys(schedules).length);
    expect(Object.keys(schedules)).toContain('DailyTimescaleMonitor');
  });

  it.each(Object.entries(schedules))('%s runs on its cron in Europe/London', (name, definition) => {
    const schedule = stack.schedules.schedules.get(name)!;
    const props = template.toJSON().Resources[logicalId(schedule)].Properties;
    expect(props.ScheduleExpressionTimezone).toBe('Europe/London');
    const c: CronFields = definition.cron;
    // EventBridge's six fields: minute hour day-of-month month day-of-week year, `?` in one of the days.
    const day = c.day ?? (c.weekDay ? '?' : '*');
    const weekDay = c.weekDay ?? '?';
    expect(props.ScheduleExpression).toBe(`cron(${c.minute} ${c.hour} ${day} ${c.month ?? '*'} ${weekDay} *)`);
    expect(props.State).toBe('ENABLED');
    expect(props.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  });

  it('runs the daily timescale monitor at 07:00 London time Monday to Friday', () => {
    const props = template.toJSON().Resources[logicalId(stack.schedules.schedules.get('DailyTimescaleMonitor')!)].Properties;
    expect(props.ScheduleExpression).toBe('cron(0 7 ? * MON-FRI *)');
    expect(props.ScheduleExpressionTimezone).toBe('Europe/London');
  });

  it.each(Object.entries(schedules))('%s keeps out of the hour the clock changes skip or repeat (01:00-02:00)', (_name, definition) => {
    const hours = definition.cron.hour.split(',').map(Number);
    expect(hours.every((h) => Number.isInteger(h) && h >= 0 && h <= 23)).toBe(true);
    expect(hours.filter((h) => CLOCK_CHANGE_HOURS.includes(h))).toEqual([]);
  });

  it.each(Object.entries(schedules))('%s names its week days (EventBridge and croner number them differently) and never both kinds of day', (_name, definition) => {
    const c: CronFields = definition.cron;
    if (c.weekDay) expect(c.weekDay).toMatch(/^(MON|TUE|WED|THU|FRI|SAT|SUN)(-(MON|TUE|WED|THU|FRI|SAT|SUN))?(,(MON|TUE|WED|THU|FRI|SAT|SUN))*$/);
    expect(c.day !== undefined && c.weekDay !== undefined).toBe(false);
    expect(cronPattern(definition.cron).split(' ')).toHaveLength(5);
  });

  it.each(Object.entries(schedules))("%s invokes its job's function with the schedule's name and the time it was due, with retries and the dead-letter queue", (name, definition) => {
    const props = template.toJSON().Resources[logicalId(stack.schedules.schedules.get(name)!)].Properties;
    const target = props.Target;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(jobFunction(definition.job)), 'Arn'] });
    expect(JSON.parse(target.Input)).toEqual({ schedule: name, scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: definition.retry.attempts, MaximumEventAgeInSeconds: definition.retry.maxEventAgeSeconds });
    expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [logicalId(stack.schedules.deadLetterQueue), 'Arn'] } });
    expect(target.RoleArn).toBeDefined();
  });
});

describe("the jobs' dead-letter queue", () => {
  it('is encrypted, refuses plain HTTP, and keeps a message 14 days', () => {
    const queue = template.toJSON().Resources[logicalId(stack.schedules.deadLetterQueue)].Properties;
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 60 * 60);
    const queuePolicies = resources('AWS::SQS::QueuePolicy').filter(([, p]) =>
      (p.Properties.Queues as unknown[]).some((q) => JSON.stringify(q) === JSON.stringify({ Ref: logicalId(stack.schedules.deadLetterQueue) })),
    );
    const statements = queuePolicies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('raises an alarm on its first message', () => {
    const alarm = template.toJSON().Resources[logicalId(stack.schedules.deadLetterAlarm)].Properties;
    expect(alarm.MetricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(alarm.Namespace).toBe('AWS/SQS');
    expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.schedules.deadLetterQueue), 'QueueName'] } }]);
    expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(alarm.Threshold).toBe(0);
    expect(alarm.TreatMissingData).toBe('notBreaching');
  });

  it("is where a job's run goes when it still fails after Lambda's own retries", () => {
    for (const name of Object.keys(jobs) as JobName[]) {
      const config = resources('AWS::Lambda::EventInvokeConfig').find(([, c]) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: logicalId(jobFunction(name)) }));
      expect(config, name).toBeDefined();
      expect(config![1].Properties.DestinationConfig).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.schedules.deadLetterQueue), 'Arn'] } } });
      expect(config![1].Properties.MaximumRetryAttempts).toBeLessThanOrEqual(2);
    }
  });
});

describe('grants', () => {
  it.each(Object.keys(jobs) as JobName[])('%s is granted exactly the table actions and indexes it declares', (name) => {
    const job = jobs[name];
    const fn = jobFunction(name);
    const statements = statementsOfRole(logicalId(fn.role!));
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    const tableArn = { 'Fn::GetAtt': [logicalId(stack.table.table), 'Arn'] };
    const onTable = dynamo.filter((s) => JSON.stringify(resourcesOf(s)) === JSON.stringify([tableArn])).flatMap(actionsOf).sort();
    const expected = { none: [], read: ['dynamodb:GetItem', 'dynamodb:Query'], write: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] }[job.table];
    expect(onTable).toEqual(expected);
    // The indexes: Query only, each by its own ARN, and only the ones declared.
    const onIndexes = dynamo.filter((s) => JSON.stringify(resourcesOf(s)) !== JSON.stringify([tableArn]));
    expect(onIndexes.flatMap(actionsOf)).toEqual(job.indexes.length ? ['dynamodb:Query'] : []);
    const indexArns = onIndexes.flatMap(resourcesOf).map((r) => JSON.stringify(r));
    expect(indexArns).toEqual(job.indexes.map((index) => JSON.stringify({ 'Fn::Join': ['', [tableArn, `/index/${index}`]] })));
    expect(job.indexes.every((index) => Object.values(table.indexes).some((i) => i.indexName === index))).toBe(true);
    // Nothing on every index, nothing the code never issues.
    expect(JSON.stringify(statements)).not.toContain('/index/*');
    expect(statements.flatMap(actionsOf)).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
    expect(statements.flatMap(actionsOf)).not.toContain('dynamodb:DeleteItem');
  });

  it.each(Object.keys(jobs) as JobName[])('%s may send email as the sender only if it mails, and knows the sender', (name) => {
    const fn = jobFunction(name);
    const statements = statementsOfRole(logicalId(fn.role!));
    const ses = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    const variables = template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
    if (jobs[name].mail) {
      expect(ses.flatMap(actionsOf)).toEqual(['ses:SendEmail']);
      expect(variables.MAIL_FROM).toBe(policy.organisation.email);
    } else {
      expect(ses).toEqual([]);
    }
    expect(variables.TABLE_NAME).toEqual({ Ref: logicalId(stack.table.table) });
  });

  it("lets the scheduler's role invoke exactly the jobs' functions and send to the dead-letter queue, nothing else", () => {
    const targets = resources('AWS::Scheduler::Schedule').map(([, s]) => s.Properties.Target);
    const roleIds = [...new Set(targets.map((t) => JSON.stringify(t.RoleArn)))];
    expect(roleIds).toHaveLength(1);
    const roleId = (targets[0].RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    ]);
    const statements = statementsOfRole(roleId);
    const actions = [...new Set(statements.flatMap(actionsOf))].sort();
    expect(actions).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    const invoked = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction')).flatMap(resourcesOf).map((r) => JSON.stringify(r));
    const jobArns = (Object.keys(jobs) as JobName[]).map((name) => ({ 'Fn::GetAtt': [logicalId(jobFunction(name)), 'Arn'] }));
    for (const r of invoked) expect(jobArns.some((arn) => r.includes(JSON.stringify(arn)))).toBe(true);
  });
});
