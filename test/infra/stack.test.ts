import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { ROLE_DESCRIPTIONS, ROLES } from '../../functions/config/roles';
import { functions, routeKey, routes, type FunctionName, type RouteDefinition } from '../../functions/config/routes';
import { table } from '../../functions/config/table';
import { PolicyError } from '../../functions/domain/errors';
import { defaultThrottle } from '../../infra/constructs/cases-api';
import { FireComplaintsStack } from '../../infra/stack';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

const policy = readPolicy({});
const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

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

/** Every action granted to the function's role by its identity policies. */
const actionsGrantedTo = (name: FunctionName): string[] => {
  const roleId = logicalId(lambdaOf(name).role!);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
};

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

const functionEntries = Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][];

describe.each(functionEntries)('function %s', (name, definition) => {
  it('runs on Node.js 22, arm64, with the validated policy in POLICY', () => {
    const props = resource(logicalId(lambdaOf(name))).Properties;
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.Environment.Variables.POLICY).toBe(JSON.stringify(policy));
    expect(JSON.parse(props.Environment.Variables.POLICY)).toEqual(policy);
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

  it('makes exactly one Lambda function per entry of functions', () => {
    expect([...stack.api.functions.keys()].sort()).toEqual(Object.keys(functions).sort());
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(functions).length);
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

  it('signs in by username or email, with a strong password, optional TOTP MFA and recovery by email', () => {
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
    expect(props.MfaConfiguration).toBe('OPTIONAL');
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(props.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
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
    template.hasOutput('StaffTokenIssuer', {});
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
    template.hasOutput('ApiUrl', {});
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

  it('fails synth when the policy would push a function environment past Lambda\'s 4 KB', () => {
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const bigPolicy = { ...policy, closureDays: Array.from({ length: 300 }, (_, i) => day(i)) };
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } }); // skip esbuild: only the environment matters
    new FireComplaintsStack(app, 'TooBig', { policy: bigPolicy });
    expect(() => app.synth()).toThrow(/Lambda allows 4096/);
  });
});
