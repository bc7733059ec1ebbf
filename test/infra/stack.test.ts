import { existsSync, readFileSync } from 'node:fs';
import { HOUSE_ENVIRONMENT_LIMIT_BYTES } from '../../infra/constructs/house-function';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { ROLE_DESCRIPTIONS, ROLES } from '../../functions/config/roles';
import { functions, routeKey, routes, type FunctionName, type RouteDefinition } from '../../functions/config/routes';
import { table } from '../../functions/config/table';
import { jobs } from '../../functions/config/schedules';
import { complaintWorkflow } from '../../functions/config/workflow';
import { PolicyError } from '../../functions/domain/errors';
import { defaultThrottle } from '../../infra/constructs/cases-api';
import { checkDefinition } from '../../infra/constructs/complaint-workflow';
import type { HouseFunction } from '../../infra/constructs/house-function';
import { longestResolved } from '../../infra/environment-bound';
import { FireComplaintsStack } from '../../infra/stack';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The ASL file exactly as committed, and parsed. */
const definitionText = readFileSync(path.join(repoRoot, complaintWorkflow.definitionFile), 'utf8');
const definition = JSON.parse(definitionText) as { States: Record<string, AslState> };
type AslState = Record<string, any> & { Type: string };
const placeholdersInFile = [...new Set([...definitionText.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))];

/** Every state of the definition, nested ones (Parallel branches, Map processors) included. */
function statesOf(states: Record<string, AslState>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...((state.Branches ?? []) as { States: Record<string, AslState> }[]).flatMap((b) => statesOf(b.States)),
    ...[state.ItemProcessor, state.Iterator].filter(Boolean).flatMap((p: { States: Record<string, AslState> }) => statesOf(p.States)),
  ]);
}
const taskStates = statesOf(definition.States).filter(([, state]) => state.Type === 'Task');

const policy = readPolicy({});
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Never granted to anyone on anything: the code issues none of them. */
const unusedActions = ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem', 'dynamodb:*'];

let stack: FireComplaintsStack;
let template: Template;
let tableId: string;

const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);

const lambdaOf = (name: FunctionName) => {
  const fn = stack.api.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};

const routeResource = (route: RouteDefinition): Resource => {
  const found = Object.values(
    template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey(route) } }),
  ) as Resource[];
  expect(found).toHaveLength(1);
  return found[0]!;
};

const resource = (id: string): Resource => {
  const found = template.toJSON().Resources[id] as Resource | undefined;
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};

const stepsFunction = () => stack.workflow.stepsFunction;
const stateMachineId = () => logicalId(stack.workflow.stateMachine);

/** Every statement of the identity policies attached to the role. */
const statementsOfRole = (roleId: string): Statement[] => {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
};
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const statementsOf = (fn: HouseFunction) => statementsOfRole(logicalId(fn.role!));
/** Every action granted to the function's role by its identity policies. */
const actionsOfFunction = (fn: HouseFunction): string[] => statementsOf(fn).flatMap(actionsOf);
const actionsGrantedTo = (name: FunctionName): string[] => actionsOfFunction(lambdaOf(name));
/** The resources of the statements granting `action` to the function. */
const resourcesOf = (fn: HouseFunction, action: string): unknown[] =>
  statementsOf(fn)
    .filter((s) => actionsOf(s).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
const variablesOf = (fn: HouseFunction): Record<string, unknown> =>
  resource(logicalId(fn)).Properties.Environment.Variables;

/** Every function of the stack by name: the API's and the workflow's steps function. */
const allFunctions = (): [string, HouseFunction][] => [
  ...stack.api.functions.entries(),
  [complaintWorkflow.stepsFunction.name, stepsFunction()],
  ...stack.schedules.functions.entries(),
];

/** An ARN in the template as text: pseudo parameters filled in, `Ref`s to resources as in `refs`. */
const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-2', 'AWS::AccountId': '123456789012' };
function arnText(value: unknown, refs: Record<string, string> = {}): string {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref !== undefined && (pseudo[v.Ref] ?? refs[v.Ref]) !== undefined) return (pseudo[v.Ref] ?? refs[v.Ref])!;
  if (v['Fn::Join']) return v['Fn::Join'][1].map((part) => arnText(part, refs)).join(v['Fn::Join'][0]);
  throw new Error(`not an ARN this test can read: ${JSON.stringify(value)}`);
}
const stateMachineArnText = () =>
  `arn:aws:states:eu-west-2:123456789012:stateMachine:${resource(stateMachineId()).Properties.StateMachineName}`;

const keySchema = (keys: { partitionKey: { name: string }; sortKey: { name: string } }) => [
  { AttributeName: keys.partitionKey.name, KeyType: 'HASH' },
  { AttributeName: keys.sortKey.name, KeyType: 'RANGE' },
];

const staffAuthorizerId = () => {
  const ids = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

beforeAll(() => {
  // Built once: bundling runs esbuild for every function.
  stack = new FireComplaintsStack(new App(), 'FireComplaints', { policy });
  template = Template.fromStack(stack);
  tableId = logicalId(stack.table.table);
});

describe('cases table', () => {
  it('bills on demand with the key schema of table.ts', () => {
    const props = resource(tableId).Properties;
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.KeySchema).toEqual(keySchema(table));
  });

  it('has exactly the global secondary indexes of table.ts, projecting all attributes', () => {
    const indexes = resource(tableId).Properties.GlobalSecondaryIndexes;
    expect(indexes).toEqual(
      Object.values(table.indexes).map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('declares every key attribute with the type given in table.ts', () => {
    const keys = [table, ...Object.values(table.indexes)].flatMap((k) => [k.partitionKey, k.sortKey]);
    expect(resource(tableId).Properties.AttributeDefinitions).toEqual(
      keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    );
  });

  it('expires items by the TTL attribute of table.ts', () => {
    expect(resource(tableId).Properties.TimeToLiveSpecification).toEqual({
      AttributeName: table.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('keeps point-in-time recovery and deletion protection on', () => {
    const replicas = resource(tableId).Properties.Replicas as Record<string, unknown>[];
    expect(replicas.length).toBeGreaterThan(0);
    for (const replica of replicas) {
      expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(replica.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('is retained when the stack is deleted or the table replaced', () => {
    expect(resource(tableId)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

/**
 * The template's environment, measured as Lambda counts it, with each deploy-time value at the longest
 * AWS allows for it; and the same figure from the function itself (what synth checks), which must agree.
 */
function environmentBytes(fn: HouseFunction): number {
  const stack = Stack.of(fn);
  const fromTemplate = Object.entries(variablesOf(fn)).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : longestResolved(value, stack)),
    0,
  );
  expect(fn.environmentBytes()).toBe(fromTemplate);
  return fromTemplate;
}

const functionEntries = Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][];

describe.each(functionEntries)('function %s', (name, definition) => {
  it(`runs on Node.js 22, arm64, with at most ${HOUSE_ENVIRONMENT_LIMIT_BYTES} bytes of environment and no policy in it (the policy is in the bundle)`, () => {
    const props = resource(logicalId(lambdaOf(name))).Properties;
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.Environment.Variables).not.toHaveProperty('POLICY');
    expect(environmentBytes(lambdaOf(name))).toBeLessThanOrEqual(HOUSE_ENVIRONMENT_LIMIT_BYTES);
  });

  it('is told the table name exactly when it has table access', () => {
    const variables = resource(logicalId(lambdaOf(name))).Properties.Environment.Variables;
    if (definition.table === 'none') expect(variables.TABLE_NAME).toBeUndefined();
    else expect(variables.TABLE_NAME).toEqual({ Ref: tableId });
  });

  it(`is granted only the table access it declares (${definition.table})`, () => {
    const dynamodb = actionsGrantedTo(name).filter((a) => a.startsWith('dynamodb:'));
    switch (definition.table) {
      case 'none':
        expect(dynamodb).toEqual([]);
        break;
      case 'read':
        expect(dynamodb).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
        expect(dynamodb.filter((a) => writeActions.includes(a) || a === 'dynamodb:*')).toEqual([]);
        break;
      case 'write':
        expect(dynamodb).toEqual(expect.arrayContaining(['dynamodb:GetItem', ...writeActions]));
        expect(dynamodb).not.toContain('dynamodb:*');
        break;
    }
  });

  it('is one function for every route that names it', () => {
    expect(routes.some((r) => r.function === name)).toBe(true);
  });
});

describe('least privilege', () => {
  it.each(['Health', 'StaffQueries'] as const)('%s can only read the table', (name) => {
    const dynamodb = actionsGrantedTo(name).filter((a) => a.startsWith('dynamodb:'));
    expect(dynamodb).toContain('dynamodb:GetItem');
    expect(dynamodb.filter((a) => writeActions.includes(a) || a === 'dynamodb:*')).toEqual([]);
  });

  it.each(['StaffCommands', 'SubmitPublic'] as const)('%s can write the table', (name) => {
    expect(actionsGrantedTo(name)).toEqual(expect.arrayContaining(writeActions));
  });

  it.each([...Object.keys(functions), 'WorkflowSteps'])('%s is granted no DynamoDB action the code does not issue', (name) => {
    const fn = name === 'WorkflowSteps' ? stepsFunction() : lambdaOf(name as FunctionName);
    const dynamodb = actionsOfFunction(fn).filter((a) => a.startsWith('dynamodb:'));
    expect(dynamodb.filter((a) => unusedActions.includes(a))).toEqual([]);
    if (name !== 'SubmitPublic') expect(dynamodb).not.toContain('dynamodb:DeleteItem');
  });

  it('lets SubmitPublic delete only its idempotency records', () => {
    const deletes = statementsOf(lambdaOf('SubmitPublic')).filter((s) => actionsOf(s).includes('dynamodb:DeleteItem'));
    expect(deletes).toHaveLength(1);
    expect(actionsOf(deletes[0]!)).toEqual(['dynamodb:DeleteItem']);
    expect(deletes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] } });
  });

  it("makes exactly one Lambda function per entry of functions, the workflow steps function, one per scheduled job, and CDK's handler of the static files' deployment", () => {
    expect([...stack.api.functions.keys()].sort()).toEqual(Object.keys(functions).sort());
    expect([...stack.schedules.functions.keys()].sort()).toEqual(Object.keys(jobs).sort());
    const deploymentRole = stack.resolve(stack.site.deployment.handlerRole.roleArn);
    const houseIds = allFunctions().map(([, fn]) => logicalId(fn));
    const others = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !houseIds.includes(id));
    expect(houseIds).toHaveLength(Object.keys(functions).length + 1 + Object.keys(jobs).length);
    expect(others.map(([, fn]) => (fn as Resource).Properties.Role)).toEqual([deploymentRole]);
  });

  it(`keeps every function's environment within ${HOUSE_ENVIRONMENT_LIMIT_BYTES} bytes, a deploy-time value at its longest`, () => {
    for (const [name, fn] of allFunctions()) expect(environmentBytes(fn), name).toBeLessThanOrEqual(HOUSE_ENVIRONMENT_LIMIT_BYTES);
  });

  it('sets WORKING_DAY_SECONDS (local demos only) on no function', () => {
    for (const [name, fn] of allFunctions()) expect(variablesOf(fn), name).not.toHaveProperty('WORKING_DAY_SECONDS');
  });
});

describe.each(routes.map((route) => [routeKey(route), route] as const))('route %s', (_key, route) => {
  it('exists with its method and path and is integrated with the function it names', () => {
    const target = routeResource(route).Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
    const [prefix, integration] = target['Fn::Join'][1];
    expect(prefix).toBe('integrations/');
    expect(resource(integration.Ref).Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(lambdaOf(route.function)), 'Arn'] },
    });
  });

  it('is throttled by its own limits, or else by the stage default', () => {
    const stage = template.findResources('AWS::ApiGatewayV2::Stage');
    const [props] = Object.values(stage).map((s) => (s as Resource).Properties);
    const own = props!.RouteSettings?.[routeKey(route)];
    if (route.throttle) {
      expect(own).toEqual({
        ThrottlingRateLimit: route.throttle.rateLimit,
        ThrottlingBurstLimit: route.throttle.burstLimit,
      });
    } else {
      expect(own).toBeUndefined();
    }
  });

  if (route.auth === 'public') {
    it('is open to the public: no authorizer', () => {
      const props = routeResource(route).Properties;
      expect(props.AuthorizationType).toBe('NONE');
      expect(props.AuthorizerId).toBeUndefined();
    });
  } else {
    it('needs a staff token: the JWT authorizer of the staff user pool', () => {
      const props = routeResource(route).Properties;
      expect(props.AuthorizationType).toBe('JWT');
      expect(props.AuthorizerId).toEqual({ Ref: staffAuthorizerId() });
    });
  }
});

describe('staff directory', () => {
  const poolId = () => logicalId(stack.staff.userPool);
  const clientId = () => logicalId(stack.staff.consoleClient);

  it('is one user pool, retained with the stack, with self sign-up off', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const pool = resource(poolId());
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
  });

  it('signs in by username or email, with a strong password, required TOTP MFA and recovery by email', () => {
    const props = resource(poolId()).Properties;
    expect(props.AliasAttributes).toEqual(['email']);
    expect(props.UsernameAttributes).toBeUndefined();
    expect(props.Policies.PasswordPolicy).toMatchObject({
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(props.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(props.MfaConfiguration).toBe('ON');
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(props.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
  });

  it('is on the Plus plan with threat protection enforced, blocking breached passwords at sign-in and password change', () => {
    const props = resource(poolId()).Properties;
    expect(props.UserPoolTier).toBe('PLUS');
    expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    const risk = Object.values(template.findResources('AWS::Cognito::UserPoolRiskConfigurationAttachment')) as Resource[];
    expect(risk).toHaveLength(1);
    expect(risk[0]!.Properties).toEqual({
      UserPoolId: { Ref: poolId() },
      ClientId: 'ALL',
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' }, EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE'] },
    });
  });

  it('has exactly one group per role, named as the role, described from roles.ts', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as Resource[];
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual([...ROLES].sort());
    for (const group of groups) {
      expect(group.Properties.UserPoolId).toEqual({ Ref: poolId() });
      expect(group.Properties.Description).toBe(ROLE_DESCRIPTIONS[group.Properties.GroupName as keyof typeof ROLE_DESCRIPTIONS]);
    }
  });

  it('has one app client for the staff console: no secret, SRP sign-in, code flow, one-hour access tokens', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const props = resource(clientId()).Properties;
    expect(props.UserPoolId).toEqual({ Ref: poolId() });
    expect(props.GenerateSecret).toBe(false);
    expect(props.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(props.AllowedOAuthFlows).toEqual(['code']);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.CallbackURLs.length).toBeGreaterThan(0);
    expect(props.AccessTokenValidity).toBe(60);
    expect(props.TokenValidityUnits).toMatchObject({ AccessToken: 'minutes' });
    expect(props.PreventUserExistenceErrors).toBe('ENABLED');
  });

  it('takes the console callback URLs from the context', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], staffConsoleCallbackUrls: 'https://staff.example.org/callback,https://x.example.org/cb' } });
    const other = new FireComplaintsStack(app, 'Other', { policy });
    const client = Template.fromStack(other).findResources('AWS::Cognito::UserPoolClient');
    expect((Object.values(client)[0] as Resource).Properties.CallbackURLs).toEqual(['https://staff.example.org/callback', 'https://x.example.org/cb']);
  });

  it('is the issuer and audience of the one JWT authorizer of the API', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const props = resource(staffAuthorizerId()).Properties;
    expect(props.AuthorizerType).toBe('JWT');
    expect(props.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(props.JwtConfiguration.Audience).toEqual([{ Ref: clientId() }]);
    expect(props.JwtConfiguration.Issuer).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: poolId() }]],
    });
  });

  it('outputs the pool, the client id and the issuer', () => {
    template.hasOutput('StaffUserPoolId', { Value: { Ref: poolId() } });
    template.hasOutput('StaffConsoleClientId', { Value: { Ref: clientId() } });
    // The same issuer the authorizer trusts: the user pool's URL.
    expect(template.findOutputs('StaffTokenIssuer').StaffTokenIssuer!.Value).toEqual(stack.resolve(stack.staff.issuerUrl));
    expect(JSON.stringify(template.findOutputs('StaffTokenIssuer').StaffTokenIssuer!.Value)).toContain(poolId());
  });
});

describe('api', () => {
  it('serves every route from the $default stage, throttled by the house default', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: defaultThrottle.rateLimit,
        ThrottlingBurstLimit: defaultThrottle.burstLimit,
      },
    });
  });

  it('creates the stage after the routes it has settings for', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as Resource[];
    const dependsOn = stage!.DependsOn ?? [];
    for (const route of routes.filter((r) => r.throttle)) {
      const [routeId] = Object.keys(
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey(route) } }),
      );
      expect(dependsOn).toContain(routeId);
    }
  });

  it('outputs its URL', () => {
    const value = template.findOutputs('ApiUrl').ApiUrl!.Value;
    expect(value).toEqual(stack.resolve(stack.api.url));
    expect(JSON.stringify(value)).toContain(logicalId(stack.api.httpApi));
  });
});

describe('complaint workflow definition (the ASL file)', () => {
  it('has Task states to check', () => {
    expect(taskStates.length).toBeGreaterThan(0);
  });

  describe.each(taskStates)('Task "%s"', (_name, state) => {
    it('has an explicit timeout, a Retry and a Catch', () => {
      if (state.TimeoutSecondsPath === undefined) expect(state.TimeoutSeconds).toBeGreaterThan(0);
      else expect(state.TimeoutSecondsPath).toMatch(/^\$\./);
      expect(state.Retry?.length).toBeGreaterThan(0);
      expect(state.Catch?.length).toBeGreaterThan(0);
    });

    it('invokes the function its placeholder names, the only one the state machine may call', () => {
      expect(state.Resource).toMatch(/^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/);
      expect(placeholdersInFile).toContain(/^\$\{(\w+)\}$/.exec(state.Parameters?.FunctionName)?.[1]);
    });
  });
});

describe('complaint workflow', () => {
  const stateMachine = () => resource(stateMachineId());

  it('is one Standard state machine', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(stateMachine().Properties.StateMachineType).toBe('STANDARD');
  });

  it('is defined by the ASL file as committed (an S3 asset)', () => {
    const { Key } = stateMachine().Properties.DefinitionS3Location as { Key: string };
    expect(stateMachine().Properties.DefinitionString).toBeUndefined();
    const assembly = (stack.node.root as App).synth();
    const staged = path.join(assembly.directory, `asset.${Key}`);
    expect(existsSync(staged), staged).toBe(true);
    expect(readFileSync(staged, 'utf8')).toBe(definitionText);
  });

  it('fills exactly the placeholders the file uses, each with the WorkflowSteps function ARN', () => {
    const substitutions = stateMachine().Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual([...placeholdersInFile].sort());
    expect(Object.keys(substitutions).sort()).toEqual(Object.keys(complaintWorkflow.substitutions).sort());
    for (const value of Object.values(substitutions)) {
      expect(value).toEqual({ 'Fn::GetAtt': [logicalId(stepsFunction()), 'Arn'] });
    }
  });

  it('leaves no ${ in the definition once the substitutions are applied', () => {
    const substitutions = stateMachine().Properties.DefinitionSubstitutions as Record<string, unknown>;
    let filled = definitionText;
    for (const key of Object.keys(substitutions)) {
      filled = filled.replaceAll(`\${${key}}`, 'arn:aws:lambda:eu-west-2:123456789012:function:steps');
    }
    expect(filled).not.toContain('${');
    expect(() => JSON.parse(filled)).not.toThrow();
  });

  it('fails synth when the file uses a placeholder nothing fills, or drops one that is filled', () => {
    const provided = Object.keys(complaintWorkflow.substitutions);
    expect(() => checkDefinition(definitionText, 'complaint.asl.json', provided)).not.toThrow();
    const extra = definitionText.replace('"Comment": "', '"Comment": "${QueueUrl} ');
    expect(() => checkDefinition(extra, 'complaint.asl.json', provided)).toThrow(/QueueUrl/);
    expect(() => checkDefinition(definitionText, 'complaint.asl.json', [...provided, 'Unused'])).toThrow(/Unused/);
  });

  it('logs every event (level ALL) but no execution data, to its own log group', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    const config = stateMachine().Properties.LoggingConfiguration;
    expect(config.Level).toBe('ALL');
    expect(config.IncludeExecutionData).toBe(false);
    const [destination] = config.Destinations as { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[];
    const logGroupId = destination!.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    expect(Object.keys(logGroups)).toContain(logGroupId);
    expect(resource(logGroupId).Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('may invoke only the WorkflowSteps function, and that only', () => {
    const role = stateMachine().Properties.RoleArn as { 'Fn::GetAtt': [string, string] };
    const statements = statementsOfRole(role['Fn::GetAtt'][0]);
    // Log delivery and X-Ray are what Step Functions needs for logging and tracing; CDK grants them on * as AWS documents.
    const beyondLogging = statements.filter((s) => !actionsOf(s).every((a) => a.startsWith('logs:') || a.startsWith('xray:')));
    expect(beyondLogging).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(stepsFunction()), 'Arn'] } },
    ]);
  });

  it('is traced in X-Ray', () => {
    expect(stateMachine().Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('outputs the state machine ARN', () => {
    template.hasOutput('StateMachineArn', { Value: { Ref: stateMachineId() } });
  });
});

describe('workflow steps function', () => {
  it(`is ${complaintWorkflow.stepsFunction.handler} on the house defaults, with time for a step`, () => {
    const props = resource(logicalId(stepsFunction())).Properties;
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Timeout).toBeGreaterThanOrEqual(30);
    // Each Task gives the function longer than its own timeout, so a Lambda timeout is what trips first.
    for (const [, state] of taskStates.filter(([, s]) => s.TimeoutSeconds !== undefined)) {
      expect(state.TimeoutSeconds).toBeGreaterThan(props.Timeout);
    }
  });

  it(`has the table, the sender and the state machine in its environment (at most ${HOUSE_ENVIRONMENT_LIMIT_BYTES} bytes), and no local-only setting`, () => {
    const variables = variablesOf(stepsFunction());
    expect(variables.TABLE_NAME).toEqual({ Ref: tableId });
    expect(variables).not.toHaveProperty('POLICY');
    expect(environmentBytes(stepsFunction())).toBeLessThanOrEqual(HOUSE_ENVIRONMENT_LIMIT_BYTES);
    expect(variables.MAIL_FROM).toBe(policy.organisation.email);
    expect(arnText(variables.STATE_MACHINE_ARN)).toBe(stateMachineArnText());
    expect(variables).not.toHaveProperty('WORKING_DAY_SECONDS');
  });

  it(`is granted the table access workflow.ts declares (${complaintWorkflow.stepsFunction.table})`, () => {
    const dynamodb = actionsOfFunction(stepsFunction()).filter((a) => a.startsWith('dynamodb:'));
    expect(dynamodb).toEqual(expect.arrayContaining(['dynamodb:GetItem', ...writeActions]));
    expect(dynamodb).not.toContain('dynamodb:*');
  });
});

describe('who may start and signal the workflow', () => {
  const startedBy: readonly string[] = complaintWorkflow.startedBy;
  const signallers: readonly string[] = [...complaintWorkflow.signalledBy, complaintWorkflow.stepsFunction.name];
  /** The Step Functions actions the adapter calls, read from its commands (SendTaskSuccessCommand → states:SendTaskSuccess). */
  const adapterSource = readFileSync(path.join(repoRoot, 'functions', 'adapters', 'sfn-workflow.ts'), 'utf8');
  const usedActions = [...new Set([...adapterSource.matchAll(/new (\w+)Command\(/g)].map((m) => `states:${m[1]}`))];

  it('grants only Step Functions actions the adapter calls', () => {
    expect(usedActions).toEqual(expect.arrayContaining(['states:StartExecution', 'states:SendTaskSuccess']));
    for (const [name, fn] of allFunctions()) {
      for (const action of actionsOfFunction(fn).filter((a) => a.startsWith('states:'))) expect(usedActions, name).toContain(action);
    }
  });

  it('lets exactly the startedBy functions start executions, of this state machine only', () => {
    const starters = allFunctions().filter(([, fn]) => actionsOfFunction(fn).includes('states:StartExecution'));
    expect(starters.map(([name]) => name).sort()).toEqual([...startedBy].sort());
    for (const [, fn] of starters) expect(resourcesOf(fn, 'states:StartExecution')).toEqual([{ Ref: stateMachineId() }]);
  });

  it('lets exactly the signalledBy functions and the steps function complete waiting tasks, of this state machine only', () => {
    const signalling = allFunctions().filter(([, fn]) => actionsOfFunction(fn).includes('states:SendTaskSuccess'));
    expect(signalling.map(([name]) => name).sort()).toEqual([...signallers].sort());
    for (const [name, fn] of signalling) {
      expect(resourcesOf(fn, 'states:SendTaskSuccess').map((r) => arnText(r, { [stateMachineId()]: stateMachineArnText() })), name).toEqual([
        stateMachineArnText(),
      ]);
    }
  });

  it('tells every function that starts or signals which state machine, and no other function', () => {
    for (const [name, fn] of allFunctions()) {
      const arn = variablesOf(fn).STATE_MACHINE_ARN;
      if (startedBy.includes(name) || signallers.includes(name)) {
        expect(arnText(arn, { [stateMachineId()]: stateMachineArnText() }), name).toBe(stateMachineArnText());
      } else {
        expect(arn, name).toBeUndefined();
      }
    }
  });

  it('gives the API functions the reference, so they are deployed after the state machine', () => {
    for (const name of new Set([...complaintWorkflow.startedBy, ...complaintWorkflow.signalledBy])) {
      expect(variablesOf(lambdaOf(name)).STATE_MACHINE_ARN, name).toEqual({ Ref: stateMachineId() });
    }
  });

  it.each(['Health', 'StaffQueries', 'OpenApi'] as const)('%s can neither start, signal nor send mail', (name) => {
    const granted = actionsGrantedTo(name);
    expect(granted.filter((a) => a.startsWith('states:') || a.startsWith('ses:'))).toEqual([]);
    expect(variablesOf(lambdaOf(name))).not.toHaveProperty('STATE_MACHINE_ARN');
    expect(variablesOf(lambdaOf(name))).not.toHaveProperty('MAIL_FROM');
  });
});

describe('mail', () => {
  const identityId = () => logicalId(stack.mail.identity);
  const identityArn = (name: string) => `arn:aws:ses:eu-west-2:123456789012:identity/${name}`;

  it("verifies the policy's organisation address as the one SES identity", () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    expect(resource(identityId()).Properties.EmailIdentity).toBe(policy.organisation.email);
  });

  it('lets only the steps function and the scheduled jobs that mail send, with ses:SendEmail alone, as that identity alone', () => {
    const mailingJobs = Object.entries(jobs).filter(([, job]) => job.mail).map(([name]) => name);
    expect(mailingJobs).toContain('TimescaleMonitor');
    for (const [name, fn] of allFunctions()) {
      const ses = actionsOfFunction(fn).filter((a) => a.startsWith('ses:'));
      expect(ses, name).toEqual(fn === stepsFunction() || mailingJobs.includes(name) ? ['ses:SendEmail'] : []);
      if (mailingJobs.includes(name)) {
        expect(resourcesOf(fn, 'ses:SendEmail').map((r) => arnText(r, { [identityId()]: policy.organisation.email })), name).toEqual([identityArn(policy.organisation.email)]);
      }
    }
    const resources = resourcesOf(stepsFunction(), 'ses:SendEmail').map((r) => arnText(r, { [identityId()]: policy.organisation.email }));
    expect(resources).toEqual([identityArn(policy.organisation.email)]);
  });

  it('verifies the whole domain when the context names it, and still sends only as the organisation address', () => {
    const domain = policy.organisation.email.split('@')[1]!;
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], mailDomain: domain.toUpperCase() } });
    const other = new FireComplaintsStack(app, 'DomainMail', { policy });
    const otherTemplate = Template.fromStack(other);
    otherTemplate.resourceCountIs('AWS::SES::EmailIdentity', 1);
    otherTemplate.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: domain });
    const steps = otherTemplate.toJSON().Resources[other.getLogicalId(other.workflow.stepsFunction.node.defaultChild as CfnResource)] as Resource;
    expect(steps.Properties.Environment.Variables.MAIL_FROM).toBe(policy.organisation.email);
    // SES authorises a send against the From address's identity as well as its domain's.
    const [domainIdentityId] = Object.keys(otherTemplate.findResources('AWS::SES::EmailIdentity'));
    const stepsRole = (steps.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const sesResources = (Object.values(otherTemplate.findResources('AWS::IAM::Policy')) as Resource[])
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(JSON.stringify({ Ref: stepsRole })))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => actionsOf(s).includes('ses:SendEmail'))
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
      .map((r) => arnText(r, { [domainIdentityId!]: domain }));
    expect(sesResources.sort()).toEqual([identityArn(domain), identityArn(policy.organisation.email)].sort());
  });

  it('fails synth when the context domain is not the sender address\'s', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], mailDomain: 'elsewhere.example' } });
    expect(() => new FireComplaintsStack(app, 'WrongDomain', { policy })).toThrow(/mailDomain.*elsewhere\.example/);
  });
});

describe('workflow wiring at synth', () => {
  it('fails when workflow.ts names a function routes.ts does not have', async () => {
    vi.resetModules();
    vi.doMock('../../functions/config/workflow', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../functions/config/workflow')>();
      return { ...original, complaintWorkflow: { ...original.complaintWorkflow, signalledBy: ['NoSuchFunction'] } };
    });
    try {
      const { FireComplaintsStack: Fresh } = await import('../../infra/stack');
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
      expect(() => new Fresh(app, 'Miswired', { policy })).toThrow(/signalledBy names NoSuchFunction/);
    } finally {
      vi.doUnmock('../../functions/config/workflow');
      vi.resetModules();
    }
  });
});

describe('policy at synth', () => {
  it('fails with a PolicyError naming the field when POLICY is invalid', () => {
    const bad = { POLICY: JSON.stringify({ ...policy, referencePrefix: 'not-capitals' }) };
    expect(() => readPolicy(bad)).toThrow(PolicyError);
    expect(() => readPolicy(bad)).toThrow(/referencePrefix/);
  });

  it('fails with a PolicyError when POLICY is not JSON', () => {
    expect(() => readPolicy({ POLICY: '{not json' })).toThrow(PolicyError);
  });

  it("fails synth when a function's environment passes the house's limit, and not for a large policy (it is in the bundle)", () => {
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const bigPolicy = { ...policy, closureDays: Array.from({ length: 300 }, (_, i) => day(i)) };
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } }); // skip esbuild: only the environment matters
    new FireComplaintsStack(app, 'BigPolicy', { policy: bigPolicy });
    expect(() => app.synth()).not.toThrow();
    const crowded = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const tooMuch = new FireComplaintsStack(crowded, 'TooBig', { policy });
    tooMuch.api.functions.get('Health')!.addEnvironment('PADDING', 'x'.repeat(HOUSE_ENVIRONMENT_LIMIT_BYTES));
    expect(() => crowded.synth()).toThrow(new RegExp(`Environment of TooBig/CasesApi/Health .* allows ${HOUSE_ENVIRONMENT_LIMIT_BYTES}`));
  });
});
