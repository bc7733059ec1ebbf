import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { routes, type RouteDefinition } from '../../functions/config/routes';
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

const functionOf = (route: RouteDefinition) => {
  const fn = stack.api.functions.get(route.name);
  if (!fn) throw new Error(`no function for route ${route.name}`);
  return fn;
};

const resource = (id: string): Resource => {
  const found = template.toJSON().Resources[id] as Resource | undefined;
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};

/** Every action granted to the route's function role by its identity policies. */
const actionsGrantedTo = (route: RouteDefinition): string[] => {
  const roleId = logicalId(functionOf(route).role!);
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

describe.each(routes.map((route) => [route.name, route] as const))('route %s', (_name, route) => {
  it('exists with its method and path and is integrated with its own function', () => {
    const found = Object.values(
      template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${route.method} ${route.path}` } }),
    ) as Resource[];
    expect(found).toHaveLength(1);
    const target = found[0]!.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
    const [prefix, integration] = target['Fn::Join'][1];
    expect(prefix).toBe('integrations/');
    expect(resource(integration.Ref).Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(functionOf(route)), 'Arn'] },
    });
  });

  it('runs on Node.js 22, arm64, with the validated policy in POLICY', () => {
    const props = resource(logicalId(functionOf(route))).Properties;
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    expect(props.Environment.Variables.POLICY).toBe(JSON.stringify(policy));
    expect(JSON.parse(props.Environment.Variables.POLICY)).toEqual(policy);
  });

  it('is told the table name exactly when it has table access', () => {
    const variables = resource(logicalId(functionOf(route))).Properties.Environment.Variables;
    if (route.table === 'none') expect(variables.TABLE_NAME).toBeUndefined();
    else expect(variables.TABLE_NAME).toEqual({ Ref: tableId });
  });

  it(`is granted only the table access it declares (${route.table})`, () => {
    const actions = actionsGrantedTo(route);
    const dynamodb = actions.filter((a) => a.startsWith('dynamodb:'));
    switch (route.table) {
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

  it('is throttled by its own limits, or else by the stage default', () => {
    const stage = template.findResources('AWS::ApiGatewayV2::Stage');
    const [props] = Object.values(stage).map((s) => (s as Resource).Properties);
    const own = props!.RouteSettings?.[`${route.method} ${route.path}`];
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
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: 'NONE',
        AuthorizerId: Match.absent(),
      });
    });
  }
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
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${route.method} ${route.path}` } }),
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
