import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { table } from '../../functions/config/table';
import { jobs } from '../../functions/config/schedules';
import { complaintWorkflow } from '../../functions/config/workflow';
import type { HouseFunction } from '../../infra/constructs/house-function';
import { applyNag, nagPacks } from '../../infra/nag';
import { FireComplaintsStack } from '../../infra/stack';

type Resource = { Type: string; Properties: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const policy = readPolicy({});
/** Skips esbuild: what cdk-nag checks does not depend on the bundles. */
const noBundling = { 'aws:cdk:bundling-stacks': [] };

/** The app wired exactly as infra/app.ts wires it: its synth runs the packs. */
let app: App;
/** The same stack without the packs, so that a finding fails only the tests about it. */
let stack: FireComplaintsStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  app = new App({ context: noBundling });
  applyNag(app);
  new FireComplaintsStack(app, 'FireComplaints', { policy });
  stack = new FireComplaintsStack(new App({ context: noBundling }), 'FireComplaints', { policy });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
});

const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const statementsOfRole = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
const allFunctions = (): [string, HouseFunction][] => [
  ...stack.api.functions.entries(),
  [complaintWorkflow.stepsFunction.name, stack.workflow.stepsFunction],
  ...stack.schedules.functions.entries(),
];

/** Each finding as "rule path", so a failure names what to fix or acknowledge. */
function findings(packs: NagPack[], scope: IConstruct): string[] {
  return packs.flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`)),
  );
}

/** Every acknowledgement in the tree: where it was made, the rule and the reason. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason })),
      ),
  );
}

describe('cdk-nag at synth (AwsSolutions and Serverless packs)', () => {
  it('leaves no finding unacknowledged, error or warning', () => {
    expect(findings(nagPacks(app), app)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth on an unacknowledged error, and on an unacknowledged warning', () => {
    const withError = new App({ context: noBundling });
    applyNag(withError);
    new Queue(new Stack(withError, 'Errors'), 'Queue'); // AwsSolutions-SQS3/SQS4: no DLQ, no SSL-only policy
    expect(() => withError.synth()).toThrow(/AwsSolutions-SQS3/);

    const withWarning = new App({ context: noBundling });
    applyNag(withWarning);
    new LogGroup(new Stack(withWarning, 'Warnings'), 'Logs', { retention: RetentionDays.INFINITE });
    expect(findings(nagPacks(withWarning), withWarning)).toEqual([
      'warning Serverless-CloudWatchLogGroupRetentionPeriod Warnings/Logs/Resource',
    ]);
    expect(() => withWarning.synth()).toThrow(/WARNING The CloudWatch Log Group does not have an explicit retention policy/);
  });

  it('passes synth once the finding is acknowledged on its construct', () => {
    const acknowledged = new App({ context: noBundling });
    applyNag(acknowledged);
    const logs = new LogGroup(new Stack(acknowledged, 'Acknowledged'), 'Logs', { retention: RetentionDays.INFINITE });
    Validations.of(logs).acknowledge({ id: 'Serverless-CloudWatchLogGroupRetentionPeriod', reason: 'A test of the acknowledgement itself.' });
    expect(() => acknowledged.synth()).not.toThrow();
  });

  it('gives every acknowledgement a rule of the two packs and a reason a reviewer can check', () => {
    const all = acknowledgements(app);
    expect(all.length).toBeGreaterThan(0);
    for (const { path: where, id, reason } of all) {
      expect(id, where).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      // A sentence that says why, not "ok" or "by design".
      expect(reason.trim().length, `${id} at ${where}`).toBeGreaterThanOrEqual(80);
    }
  });

  it('acknowledges only findings that exist, on the construct that has them', () => {
    // The packs run again with acknowledgements ignored (cdk-nag 3.0.2 checks them in isAcknowledged).
    const raw = nagPacks(app).map((pack) => Object.defineProperty(pack, 'isAcknowledged', { value: () => false }));
    const rawFindings = raw.flatMap((pack) =>
      pack.validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath! }))),
    );
    for (const ack of acknowledgements(app)) {
      const matched = rawFindings.some((f) => f.id === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
      expect(matched, `${ack.id} acknowledged at ${ack.path} but not found there`).toBe(true);
    }
  });
});

describe('roles', () => {
  it('have no AWS managed policy attached', () => {
    const roles = ofType('AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, role] of roles) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? []), id).not.toContain(':iam::aws:policy/');
    }
  });

  it("let each function write logs to its own log group and to no other", () => {
    for (const [name, fn] of allFunctions()) {
      const props = resources[logicalId(fn)]!.Properties;
      const ownLogGroup = { 'Fn::GetAtt': [props.LoggingConfig.LogGroup.Ref, 'Arn'] };
      const logging = statementsOfRole(logicalId(fn.role!)).filter((s) => asArray(s.Action).some((a) => a.startsWith('logs:')));
      expect(logging, name).toEqual([{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: ownLogGroup }]);
    }
  });

  it('use Resource * only for what has no resource-level permissions (X-Ray; Step Functions log delivery)', () => {
    for (const [name, fn] of allFunctions()) {
      const star = statementsOfRole(logicalId(fn.role!)).filter((s) => asArray(s.Resource).includes('*'));
      expect(star.flatMap((s) => asArray(s.Action)).sort(), name).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    }
    const stateMachineRole = resources[logicalId(stack.workflow.stateMachine)]!.Properties.RoleArn['Fn::GetAtt'][0] as string;
    for (const s of statementsOfRole(stateMachineRole).filter((s) => asArray(s.Resource).includes('*'))) {
      for (const action of asArray(s.Action)) expect(action).toMatch(/^(logs|xray):/);
    }
  });

  it('never grant on index/*: only the case list (StaffQueries) may Query the indexes, each named, and a scheduled job the ones its definition names, and do nothing else there', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toMatch(/index\/\*/);

    const tableId = logicalId(stack.table.table);
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${name}`]] });
    // Named here, not read from table.ts: a new index is a new grant someone has to mean.
    const indexes = ['byMonthReceived', 'openByDeadline', 'closedByReceived', 'byOwner', 'byFunction'];
    expect(Object.values(table.indexes).map((i) => i.indexName)).toEqual(indexes);
    const queryOnIndexes = { Action: 'dynamodb:Query', Effect: 'Allow', Resource: indexes.map(indexArn) };
    for (const [name, fn] of allFunctions()) {
      const own = statementsOfRole(logicalId(fn.role!));
      const onIndexes = own.filter((s) => JSON.stringify(s.Resource).includes('/index/'));
      const job = (jobs as Record<string, { indexes: readonly string[] }>)[name];
      const expected = name === 'StaffQueries' ? [queryOnIndexes] : job?.indexes.length ? [{ Action: 'dynamodb:Query', Effect: 'Allow', Resource: job.indexes.length === 1 ? indexArn(job.indexes[0]!) : job.indexes.map(indexArn) }] : [];
      expect(onIndexes, name).toEqual(expected);
    }
  });

  it('give the case list its cursor key from a secret generated at deploy, and nobody a Secrets Manager action', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0]!;
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties).not.toHaveProperty('SecretString');
    for (const [name, fn] of allFunctions()) {
      const variables = resources[logicalId(fn)]!.Properties.Environment.Variables as Record<string, unknown>;
      if (name === 'StaffQueries') {
        expect(variables.CURSOR_KEY).toEqual({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] });
      } else {
        expect(variables, name).not.toHaveProperty('CURSOR_KEY');
      }
      expect(statementsOfRole(logicalId(fn.role!)).flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith('secretsmanager:')), name).toEqual([]);
    }
  });
});

describe('API access log', () => {
  /** The $context variables that say nothing about who made a request or which case it was about. */
  const notPersonal = [
    'requestId',
    'extendedRequestId',
    'requestTime',
    'requestTimeEpoch',
    'httpMethod',
    'routeKey',
    'stage',
    'status',
    'protocol',
    'responseLength',
    'responseLatency',
    'integrationStatus',
    'integrationLatency',
    'integration.requestId',
    'integration.status',
    'integration.latency',
    'error.message',
    'error.responseType',
    'authorizer.error',
  ];
  const stage = () => {
    const stages = ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    return stages[0]![1].Properties;
  };
  const format = () => stage().AccessLogSettings.Format as string;
  const variables = () => [...format().matchAll(/\$context\.([\w.]+)/g)].map((m) => m[1]!);

  it('is on, as JSON, to a log group kept for a limited time', () => {
    const settings = stage().AccessLogSettings;
    const logGroupId = settings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(resources[logGroupId]!.Type).toBe('AWS::Logs::LogGroup');
    expect(resources[logGroupId]!.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(() => JSON.parse(format())).not.toThrow();
  });

  it('records the request id, route, status and latencies', () => {
    expect(variables()).toEqual(expect.arrayContaining(['requestId', 'routeKey', 'status', 'responseLatency', 'integrationLatency']));
  });

  it('records nothing personal: no path, query string, IP, user agent, token claim or integration error text', () => {
    for (const variable of variables()) expect(notPersonal, variable).toContain(variable);
    expect(format()).not.toMatch(/\$context\.(path|identity\.|authorizer\.claims|authorizer\.principalId|integrationErrorMessage|integration\.error|customDomain)/);
  });
});

describe('tracing', () => {
  it("is active on every function of the house; the one other function, the static files' deployment handler, runs only during a deploy", () => {
    const roleId = (stack.resolve(stack.site.deployment.handlerRole.roleArn) as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const fns = ofType('AWS::Lambda::Function');
    const [handlerId] = fns.find(([, fn]) => JSON.stringify(fn.Properties.Role) === JSON.stringify({ 'Fn::GetAtt': [roleId, 'Arn'] }))!;
    expect(fns.map(([id]) => id).sort()).toEqual([...allFunctions().map(([, fn]) => logicalId(fn)), handlerId].sort());
    for (const [id, fn] of fns) if (id !== handlerId) expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
  });

  it('is on for the state machine, which logs every event without execution data', () => {
    const props = resources[logicalId(stack.workflow.stateMachine)]!.Properties;
    expect(props.TracingConfiguration).toEqual({ Enabled: true });
    expect(props.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });
});

describe('asynchronous invocations (why only the scheduled jobs have a dead-letter queue)', () => {
  it('only the scheduled jobs are invoked asynchronously (by EventBridge Scheduler), and their failures go to the jobs\' dead-letter queue; every other function is invoked by API Gateway or by the state machine synchronously (the deployment handler by CloudFormation)', () => {
    const jobIds = [...stack.schedules.functions.values()].map((fn) => logicalId(fn));
    const queue = { 'Fn::GetAtt': [logicalId(stack.schedules.deadLetterQueue), 'Arn'] };
    const configs = ofType('AWS::Lambda::EventInvokeConfig');
    expect(configs.map(([, c]) => (c.Properties.FunctionName as { Ref: string }).Ref).sort()).toEqual([...jobIds].sort());
    for (const [id, c] of configs) expect(c.Properties.DestinationConfig, id).toEqual({ OnFailure: { Destination: queue } });
    expect(ofType('AWS::Lambda::EventSourceMapping')).toEqual([]);
    for (const [id, permission] of ofType('AWS::Lambda::Permission')) expect(permission.Properties.Principal, id).toBe('apigateway.amazonaws.com');
    const asl = readFileSync(path.join(repoRoot, complaintWorkflow.definitionFile), 'utf8');
    // RequestResponse is the default; any other InvocationType (or a path choosing one) could be asynchronous.
    expect(asl).not.toMatch(/"InvocationType(\.\$)?"\s*:\s*"(?!RequestResponse")/);
  });
});
