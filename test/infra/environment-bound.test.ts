import { App, Aws, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Pass, StateMachine, DefinitionBody } from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { HOUSE_ENVIRONMENT_LIMIT_BYTES } from '../../infra/constructs/house-function';
import { longestResolved, UnboundedValueError } from '../../infra/environment-bound';
import { FireComplaintsStack } from '../../infra/stack';

/*
 * A function's environment is measured at synth, before any name exists: each deploy-time value
 * counts as the longest AWS allows for what it refers to, so the house limit holds in any account.
 */

const noBundling = { 'aws:cdk:bundling-stacks': [] };
const newStack = () => new Stack(new App({ context: noBundling }), 'Bounds');
const bound = (stack: Stack, value: string) => longestResolved(stack.resolve(value), stack);

describe('the longest a deploy-time value can resolve to', () => {
  it('is the text itself when the template writes it out', () => {
    const stack = newStack();
    expect(bound(stack, 'fire-complaints')).toBe(15);
    expect(bound(stack, 'café')).toBe(5);
  });

  it('is the longest partition, region, account and URL suffix for the pseudo parameters', () => {
    const stack = newStack();
    expect(bound(stack, Aws.PARTITION)).toBe(10);
    expect(bound(stack, Aws.REGION)).toBe(16);
    expect(bound(stack, Aws.ACCOUNT_ID)).toBe(12);
    expect(bound(stack, Aws.URL_SUFFIX)).toBe(16);
  });

  it("is DynamoDB's 255 characters for a table CloudFormation names, and the name itself for one the stack names", () => {
    const stack = newStack();
    const unnamed = new TableV2(stack, 'Unnamed', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const named = new TableV2(stack, 'Named', { tableName: 'cases', partitionKey: { name: 'pk', type: AttributeType.STRING } });
    expect(bound(stack, unnamed.tableName)).toBe(255);
    expect(bound(stack, named.tableName)).toBe(5);
  });

  it("is a state machine ARN around its name, or around Step Functions' 80 characters", () => {
    const stack = newStack();
    const definitionBody = (id: string) => DefinitionBody.fromChainable(new Pass(stack, id));
    const named = new StateMachine(stack, 'Named', { stateMachineName: 'Complaint', definitionBody: definitionBody('One') });
    const unnamed = new StateMachine(stack, 'Unnamed', { definitionBody: definitionBody('Two') });
    // arn:<partition>:states:<region>:<account>:stateMachine:<name>
    const frame = 'arn:'.length + 10 + ':states:'.length + 16 + 1 + 12 + ':stateMachine:'.length;
    expect(bound(stack, named.stateMachineArn)).toBe(frame + 'Complaint'.length);
    expect(bound(stack, unnamed.stateMachineArn)).toBe(frame + 80);
  });

  it('adds up the pieces of a joined value, separators included', () => {
    const stack = newStack();
    const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    expect(longestResolved(stack.resolve(Fn.join('--', ['a', table.tableName, Aws.REGION])), stack)).toBe(1 + 2 + 255 + 2 + 16);
    expect(bound(stack, `https://${Aws.REGION}.example`)).toBe('https://'.length + 16 + '.example'.length);
  });

  it("is the generated secret's own length for a Secrets Manager dynamic reference", () => {
    const stack = newStack();
    const key = new Secret(stack, 'Key', { generateSecretString: { passwordLength: 64 } });
    const defaulted = new Secret(stack, 'Defaulted', { generateSecretString: {} });
    expect(bound(stack, key.secretValue.unsafeUnwrap())).toBe(64);
    expect(bound(stack, defaulted.secretValue.unsafeUnwrap())).toBe(32);
  });

  it("is Cognito's limits for a user pool id, an app client id and a login domain prefix", () => {
    const stack = newStack();
    const pool = new UserPool(stack, 'Pool');
    const client = pool.addClient('Client');
    const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: Fn.join('-', ['staff', Fn.select(2, Fn.split('/', Aws.STACK_ID))]) } });
    expect(bound(stack, pool.userPoolId)).toBe(55);
    expect(bound(stack, client.userPoolClientId)).toBe(128);
    expect(bound(stack, domain.domainName)).toBe(63);
  });

  it('refuses, by name, a reference it knows no longest length for', () => {
    const stack = newStack();
    const other = new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket' });
    expect(() => bound(stack, other.ref)).toThrow(UnboundedValueError);
    expect(() => bound(stack, other.ref)).toThrow(/Ref to Bucket \(AWS::S3::Bucket\)/);
    expect(() => bound(stack, other.getAtt('Arn').toString())).toThrow(/Fn::GetAtt Bucket\.Arn/);
    expect(() => longestResolved({ 'Fn::ImportValue': 'Elsewhere' }, stack)).toThrow(UnboundedValueError);
    expect(() => longestResolved('{{resolve:ssm:/a/parameter}}', stack)).toThrow(/dynamic reference/);
  });
});

describe('the house limit at synth', () => {
  const policy = readPolicy({});

  it('fails synth for a function whose environment could pass the limit, naming the function', () => {
    const app = new App({ context: noBundling });
    const stack = new FireComplaintsStack(app, 'Crowded', { policy });
    const health = stack.api.functions.get('Health')!;
    const room = HOUSE_ENVIRONMENT_LIMIT_BYTES - health.environmentBytes();
    health.addEnvironment('X', 'x'.repeat(room - 1));
    expect(health.environmentBytes()).toBe(HOUSE_ENVIRONMENT_LIMIT_BYTES);
    expect(() => app.synth()).not.toThrow();

    const over = new App({ context: noBundling });
    const crowded = new FireComplaintsStack(over, 'Crowded', { policy });
    const fn = crowded.api.functions.get('Health')!;
    fn.addEnvironment('X', 'x'.repeat(room));
    expect(() => over.synth()).toThrow(/Crowded\/CasesApi\/Health can reach 1025 bytes; the house allows 1024/);
  });

  it('fails synth for a deploy-time value with no known longest length', () => {
    const app = new App({ context: noBundling });
    const stack = new FireComplaintsStack(app, 'Unknown', { policy });
    stack.api.functions.get('Health')!.addEnvironment('ELSEWHERE', Fn.importValue('Elsewhere'));
    expect(() => app.synth()).toThrow(/Environment of Unknown\/CasesApi\/Health: No longest length is known for/);
  });
});
