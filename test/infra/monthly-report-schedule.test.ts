import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { FireComplaintsStack } from '../../infra/stack';

/*
 * The monthly report's schedule (functions/config/schedules.ts FirstOfMonthReport, job MonthlyReport) in the CDK template:
 * 06:00 London time on the 1st, its function told where the console is (the email's link). What every
 * schedule and job share (retries, dead-letter queue, grants) is test/infra/schedules.test.ts's.
 */

let stack: FireComplaintsStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new FireComplaintsStack(app, 'FireComplaints', { policy: readPolicy({}) });
  template = Template.fromStack(stack);
});

const resourceOf = (construct: { node: { defaultChild?: unknown } }) =>
  template.toJSON().Resources[Stack.of(construct as never).getLogicalId(construct.node.defaultChild as CfnResource)];

describe('the monthly report in the template', () => {
  it('runs at 06:00 London time on the 1st of every month', () => {
    const props = resourceOf(stack.schedules.schedules.get('FirstOfMonthReport')!).Properties;
    expect(props.ScheduleExpression).toBe('cron(0 6 1 * ? *)');
    expect(props.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(JSON.parse(props.Target.Input)).toEqual({ schedule: 'FirstOfMonthReport', scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it("gives its function the site's address, the sender and the table", () => {
    const fn = stack.schedules.functions.get('MonthlyReport')!;
    const env = resourceOf(fn).Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['PUBLIC_URL', 'MAIL_FROM', 'TABLE_NAME']));
    expect(JSON.stringify(env.PUBLIC_URL)).toContain('DomainName');
  });
});
