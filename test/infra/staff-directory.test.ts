import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SIGN_IN_ENV, consoleSignInVariable } from '../../functions/config/identity';
import { readPolicy } from '../../functions/config/policy-source';
import { LOGIN_DOMAIN_PREFIX_CONTEXT, StaffDirectory } from '../../infra/constructs/staff-directory';
import { FireComplaintsStack } from '../../infra/stack';

/** The staff console's sign-in in AWS: Cognito managed login for a public PKCE client. */

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

const policy = readPolicy({});
let stack: FireComplaintsStack;
let template: Template;

const logicalId = (s: Stack, construct: { node: { defaultChild?: unknown } }) => s.getLogicalId(construct.node.defaultChild as CfnResource);
const only = (t: Template, type: string): [string, Resource] => {
  const found = Object.entries(t.findResources(type)) as [string, Resource][];
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** Every resource's references to other resources (Ref, Fn::GetAtt, DependsOn). */
function references(resources: Record<string, Resource>): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (value: unknown, into: Set<string>) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, into));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'Ref' && typeof v === 'string' && v in resources) into.add(v);
        else if (k === 'Fn::GetAtt' && Array.isArray(v) && v[0] in resources) into.add(v[0] as string);
        else walk(v, into);
      }
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    const refs = new Set<string>(r.DependsOn ?? []);
    walk(r.Properties, refs);
    graph.set(id, refs);
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new FireComplaintsStack(app, 'FireComplaints', { policy });
  template = Template.fromStack(stack);
});

describe('the staff console app client', () => {
  it('is public (no secret) and may only use the authorization code grant, with the scopes the console asks for', () => {
    const [, client] = only(template, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect([...client.Properties.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    expect(client.Properties.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.Properties.EnableTokenRevocation).toBe(true);
  });

  it("returns only to the console on the distribution's own domain", () => {
    const [, client] = only(template, 'AWS::Cognito::UserPoolClient');
    const distribution = logicalId(stack, stack.site.distribution);
    const on = (path: string) => [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, path]] }];
    expect(client.Properties.CallbackURLs).toEqual(on('/staff/callback'));
    expect(client.Properties.LogoutURLs).toEqual(on('/staff/'));
  });

  it('keeps the addresses the context names (a custom domain) over the distribution', () => {
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        staffConsoleCallbackUrls: 'https://complaints.example.org/staff/callback',
        staffConsoleLogoutUrls: 'https://complaints.example.org/staff/',
      },
    });
    const other = new FireComplaintsStack(app, 'Custom', { policy });
    const [, client] = only(Template.fromStack(other), 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.CallbackURLs).toEqual(['https://complaints.example.org/staff/callback']);
    expect(client.Properties.LogoutURLs).toEqual(['https://complaints.example.org/staff/']);
  });

  it('makes no dependency cycle: client → distribution → API, authorizer → client', () => {
    const resources = template.toJSON().Resources as Record<string, Resource>;
    const graph = references(resources);
    const client = logicalId(stack, stack.staff.consoleClient);
    const distribution = logicalId(stack, stack.site.distribution);
    expect(graph.get(client)).toContain(distribution);
    expect(findCycle(graph)).toBeNull();
  });
});

describe('managed login', () => {
  it('has a Cognito prefix domain on the newer managed login, stable for the stack', () => {
    const [, domain] = only(template, 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.UserPoolId).toEqual({ Ref: logicalId(stack, stack.staff.userPool) });
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(domain.Properties.CustomDomainConfig).toBeUndefined();
    expect(JSON.stringify(domain.Properties.Domain)).toContain('complaints-staff');
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::StackId');
  });

  it('takes the domain prefix from the context, and refuses one Cognito would refuse', () => {
    const withPrefix = (prefix: string) => {
      const app = new App({ context: { [LOGIN_DOMAIN_PREFIX_CONTEXT]: prefix } });
      const s = new Stack(app, 'S', { env: { region: 'eu-west-2' } });
      return new StaffDirectory(s, 'Staff');
    };
    const staff = withPrefix('west-fire-staff');
    const [, domain] = only(Template.fromStack(Stack.of(staff)), 'AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.Domain).toBe('west-fire-staff');
    expect(Stack.of(staff).resolve(staff.loginUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: logicalId(Stack.of(staff), staff.loginDomain) }, '.auth.eu-west-2.amazoncognito.com']],
    });
    for (const bad of ['Upper', 'my-cognito-login', 'aws-staff', '-edge', 'a_b']) expect(() => withPrefix(bad)).toThrow(LOGIN_DOMAIN_PREFIX_CONTEXT);
  });

  it("has the branding record the console's client needs (Cognito's own look)", () => {
    const [, branding] = only(template, 'AWS::Cognito::ManagedLoginBranding');
    expect(branding.Properties).toMatchObject({
      UserPoolId: { Ref: logicalId(stack, stack.staff.userPool) },
      ClientId: { Ref: logicalId(stack, stack.staff.consoleClient) },
      UseCognitoProvidedValues: true,
    });
    expect(branding.DependsOn).toContain(logicalId(stack, stack.staff.loginDomain));
  });

  it('requires TOTP, which managed login sets up at first sign-in', () => {
    const [, pool] = only(template, 'AWS::Cognito::UserPool');
    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('outputs the sign-in address and the console', () => {
    expect(template.findOutputs('StaffLoginUrl').StaffLoginUrl!.Value).toEqual(stack.resolve(stack.staff.loginUrl));
    expect(JSON.stringify(template.findOutputs('StaffConsoleUrl').StaffConsoleUrl!.Value)).toContain('/staff/');
  });
});

describe("the console's sign-in settings", () => {
  it('are the pool as authority, the console client and Cognito sign-out', () => {
    const signIn = stack.resolve(stack.staff.consoleSignIn);
    expect(signIn.authority).toEqual(stack.resolve(stack.staff.issuerUrl));
    expect(signIn.client_id).toEqual({ Ref: logicalId(stack, stack.staff.consoleClient) });
    expect(signIn.scope).toBe('openid profile email');
    expect(JSON.stringify(signIn.end_session_endpoint)).toContain('amazoncognito.com/logout');
  });

  it('reach a function through bindConsoleSignIn as the environment consoleSignInFromEnv reads', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const other = new FireComplaintsStack(app, 'Bound', { policy });
    const health = other.api.functions.get('Health')!;
    other.staff.bindConsoleSignIn(health);
    const resource = Template.fromStack(other).toJSON().Resources[other.getLogicalId(health.node.defaultChild as CfnResource)] as Resource;
    const value = resource.Properties.Environment.Variables[CONSOLE_SIGN_IN_ENV];
    expect(value).toEqual(other.resolve(other.toJsonString(consoleSignInVariable(other.staff.consoleSignIn))));
    const text = JSON.stringify(value);
    expect(text).toContain(logicalId(other, other.staff.consoleClient));
    expect(text).toContain('cognito-idp.');
    expect(text).toContain('/logout');
    // The scopes are the same everywhere (CONSOLE_SCOPES), so they take no room in the environment.
    expect(text).not.toContain('scope');
  });
});
