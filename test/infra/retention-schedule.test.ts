import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { FireComplaintsStack } from '../../infra/stack';

/*
 * The retention job's schedule (functions/config/schedules.ts DailyRetention, job Retention) in the
 * CDK template: 03:00 London time every day, its function granted only what the retention store
 * issues (GetItem and Query by key, PutItem and UpdateItem inside TransactWriteItems, Query on the
 * index of closed cases), no email. What every schedule shares is test/infra/schedules.test.ts's.
 */

type Statement = { Action: string | string[]; Resource: unknown };

let stack: FireComplaintsStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new FireComplaintsStack(app, 'FireComplaints', { policy: readPolicy({}) });
  template = Template.fromStack(stack);
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => Stack.of(construct as never).getLogicalId(construct.node.defaultChild as CfnResource);
const resourceOf = (construct: { node: { defaultChild?: unknown } }) => template.toJSON().Resources[logicalId(construct)];

describe('the retention job in the template', () => {
  it('runs at 03:00 London time every day, out of the clock-change hour', () => {
    const props = resourceOf(stack.schedules.schedules.get('DailyRetention')!).Properties;
    expect(props.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(props.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(props.State).toBe('ENABLED');
    expect(JSON.parse(props.Target.Input)).toEqual({ schedule: 'DailyRetention', scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [logicalId(stack.schedules.functions.get('Retention')!), 'Arn'] });
  });

  it('may read and update the table by key and query the closed cases, and nothing else: no delete, no scan, no email', () => {
    const fn = stack.schedules.functions.get('Retention')!;
    const roleId = logicalId(fn.role!);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const tableArn = { 'Fn::GetAtt': [logicalId(stack.table.table), 'Arn'] };
    const byResource = new Map<string, string[]>();
    for (const s of statements) {
      for (const r of Array.isArray(s.Resource) ? s.Resource : [s.Resource]) {
        const key = JSON.stringify(r);
        byResource.set(key, [...(byResource.get(key) ?? []), ...(Array.isArray(s.Action) ? s.Action : [s.Action])]);
      }
    }
    expect(byResource.get(JSON.stringify(tableArn))!.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(byResource.get(JSON.stringify({ 'Fn::Join': ['', [tableArn, '/index/closedByReceived']] }))).toEqual(['dynamodb:Query']);
    const dynamoResources = [...byResource].filter(([, actions]) => actions.some((a) => a.startsWith('dynamodb:'))).map(([r]) => r);
    expect(dynamoResources).toHaveLength(2);
    const all = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(all.filter((a) => a.startsWith('ses:') || a === 'dynamodb:DeleteItem' || a === 'dynamodb:Scan')).toEqual([]);
    const env = resourceOf(fn).Properties.Environment.Variables;
    expect(env.TABLE_NAME).toEqual({ Ref: logicalId(stack.table.table) });
    expect(env.MAIL_FROM).toBeUndefined();
  });
});
