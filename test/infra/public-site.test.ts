import { createHash } from 'node:crypto';
import { decodeManifest } from '../../functions/config/web-assets';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { functions, type FunctionName } from '../../functions/config/routes';
import { immutableCacheControl, securityHeaders, strictTransportSecurity } from '../../functions/config/security-headers';
import { responseHeadersOf } from '../../infra/constructs/public-site';
import type { HouseFunction } from '../../infra/constructs/house-function';
import { FireComplaintsStack } from '../../infra/stack';
import { ASSET_NAMES, ASSET_PATH_PREFIX } from '../../web/build';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };

/** Skips esbuild: nothing here depends on the function bundles (the static files are still built and staged). */
const noBundling = { 'aws:cdk:bundling-stacks': [] };

let app: App;
let stack: FireComplaintsStack;
let resources: Record<string, Resource>;

beforeAll(() => {
  app = new App({ context: noBundling });
  stack = new FireComplaintsStack(app, 'FireComplaints', { policy: readPolicy({}) });
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const distribution = () => resources[logicalId(stack.site.distribution)]!.Properties.DistributionConfig;
const originOf = (behaviour: Record<string, any>) =>
  (distribution().Origins as { Id: string }[]).find((o) => o.Id === behaviour.TargetOriginId) as Record<string, any>;
const assetsBehaviour = () => {
  const behaviours = distribution().CacheBehaviors as Record<string, any>[];
  expect(behaviours.map((b) => b.PathPattern)).toEqual([`${ASSET_PATH_PREFIX}*`]);
  return behaviours[0]!;
};
const variablesOf = (fn: HouseFunction): Record<string, unknown> => resources[logicalId(fn)]!.Properties.Environment.Variables;
const siteUrl = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }]] });
const bucketId = () => logicalId(stack.site.bucket);
const pagesFunctions = () => (Object.keys(functions) as FunctionName[]).filter((name) => (functions[name] as { sitePages?: true }).sitePages);

describe('the distribution', () => {
  it('passes every other request, uncached, to the HTTP API, with all methods and every viewer header but Host', () => {
    const behaviour = distribution().DefaultCacheBehavior;
    expect(originOf(behaviour).DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: logicalId(stack.api.httpApi) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(originOf(behaviour).CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(behaviour).toMatchObject({
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: logicalId(stack.site.responseHeadersPolicy) },
    });
    expect([...behaviour.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
  });

  it('serves /assets/* from the bucket through origin access control, cached, GET and HEAD only', () => {
    const behaviour = assetsBehaviour();
    const origin = originOf(behaviour);
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [bucketId(), 'RegionalDomainName'] });
    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(behaviour).toMatchObject({
      CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
      AllowedMethods: ['GET', 'HEAD'],
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: logicalId(stack.site.responseHeadersPolicy) },
    });
    expect(behaviour.OriginRequestPolicyId).toBeUndefined();
  });

  it('is HTTP/2 and 3, price class 100, with no default root object (the API serves /)', () => {
    expect(distribution()).toMatchObject({ Enabled: true, HttpVersion: 'http2and3', PriceClass: 'PriceClass_100' });
    expect(distribution().DefaultRootObject).toBeUndefined();
  });

  it('outputs the public form and the staff console under it', () => {
    const outputs = Template.fromStack(stack).findOutputs('*');
    expect(outputs.PublicUrl!.Value).toEqual(siteUrl());
    expect(outputs.StaffConsoleUrl!.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }, '/staff/']],
    });
  });
});

describe('the response headers policy', () => {
  const config = () => only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig;

  it('sets exactly the headers of security-headers.ts, with their values, overriding the origin', () => {
    const security = config().SecurityHeadersConfig;
    const custom = config().CustomHeadersConfig.Items as { Header: string; Value: string; Override: boolean }[];
    const set: Record<string, string> = {
      'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
      'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
      'x-content-type-options': security.ContentTypeOptions ? 'nosniff' : 'absent',
      'x-frame-options': security.FrameOptions.FrameOption,
      ...Object.fromEntries(custom.map((h) => [h.Header.toLowerCase(), h.Value])),
    };
    // The console also fetches from Cognito (its discovery and managed login): connect-src names both; all else as security-headers.ts.
    const { 'content-security-policy': csp, ...rest } = set as Record<string, unknown>;
    const { 'content-security-policy': _local, ...expected } = securityHeaders;
    expect(rest).toEqual(expected);
    expect(JSON.stringify(csp)).toMatch(/connect-src 'self' https:\/\/cognito-idp\./);
    expect(JSON.stringify(csp)).toContain('amazoncognito.com');
    for (const header of ['ContentSecurityPolicy', 'ReferrerPolicy', 'ContentTypeOptions', 'FrameOptions', 'StrictTransportSecurity']) {
      expect(security[header].Override, header).toBe(true);
    }
    for (const h of custom) expect(h.Override, h.Header).toBe(true);
  });

  it('adds HSTS as security-headers.ts gives it', () => {
    expect(config().SecurityHeadersConfig.StrictTransportSecurity).toEqual({
      AccessControlMaxAgeSec: strictTransportSecurity.maxAgeSeconds,
      IncludeSubdomains: strictTransportSecurity.includeSubdomains,
      Override: true,
    });
  });

  it('fails synth on a header value CloudFront cannot set, rather than dropping it', () => {
    expect(() => responseHeadersOf({ ...securityHeaders, 'x-frame-options': 'ALLOW-FROM https://example.org' })).toThrow(/x-frame-options/);
    expect(() => responseHeadersOf({ ...securityHeaders, 'referrer-policy': 'no-referrer, origin' })).toThrow(/referrer-policy/);
    expect(() => responseHeadersOf({ ...securityHeaders, 'x-content-type-options': 'none' })).toThrow(/x-content-type-options/);
    const { 'content-security-policy': _dropped, ...withoutCsp } = securityHeaders;
    expect(() => responseHeadersOf(withoutCsp)).toThrow(/content-security-policy/);
  });
});

describe('the static files bucket', () => {
  it('blocks all public access, is encrypted with S3-managed keys and has no ACLs', () => {
    const props = resources[bucketId()]!.Properties;
    expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(props.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(props.WebsiteConfiguration).toBeUndefined();
  });

  it('refuses plain HTTP, and lets only this distribution read, GetObject only', () => {
    const [, policy] = only('AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId() });
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements.find((s) => s.Effect === 'Deny')).toMatchObject({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: logicalId(stack.site.distribution) }]],
            },
          },
        },
      },
    ]);
  });
});

describe('the static files deployment', () => {
  const deployment = () => only('Custom::CDKBucketDeployment')[1].Properties;
  /** The folder the deployment's zip is made from, as staged in the cloud assembly. */
  const stagedSource = () => {
    const [key] = deployment().SourceObjectKeys as string[];
    const hash = /^([0-9a-f]{64})\.zip$/.exec(key!)?.[1];
    expect(hash, key).toBeDefined();
    const dir = path.join(app.outdir, `asset.${hash}`);
    expect(existsSync(dir), dir).toBe(true);
    return dir;
  };

  it('puts the files under assets/ for a year, immutable, and never deletes older ones', () => {
    expect(deployment()).toMatchObject({
      DestinationBucketName: { Ref: bucketId() },
      DestinationBucketKeyPrefix: ASSET_PATH_PREFIX.slice(1),
      Prune: false,
      RetainOnDelete: true,
      SystemMetadata: { 'cache-control': immutableCacheControl },
    });
  });

  it('uploads exactly the files WEB_ASSETS names, each named by the hash of its content', () => {
    const [pages] = pagesFunctions();
    const manifest = decodeManifest(variablesOf(stack.api.functions.get(pages!)!).WEB_ASSETS as string)!;
    expect(Object.keys(manifest).sort()).toEqual([...ASSET_NAMES].sort());
    const dir = stagedSource();
    expect(readdirSync(dir).sort()).toEqual(Object.values(manifest).map((url) => url.slice(ASSET_PATH_PREFIX.length)).sort());
    for (const url of Object.values(manifest)) {
      const file = url.slice(ASSET_PATH_PREFIX.length);
      const hash = /\.([0-9a-f]{12})\.[a-z]+$/.exec(file)?.[1];
      expect(hash, file).toBe(createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex').slice(0, 12));
    }
  });

  it("runs as a role of its own that may read this synth's zip, list the bucket and put those files, and write its own logs", () => {
    const roleId = (stack.resolve(stack.site.deployment.handlerRole.roleArn) as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Record<string, any>[]);
    const [key] = deployment().SourceObjectKeys as string[];
    const [, handler] = ofType('AWS::Lambda::Function').find(([, fn]) => JSON.stringify(fn.Properties.Role).includes(`"${roleId}"`))!;
    const logGroupId = handler.Properties.LoggingConfig.LogGroup.Ref as string;
    const objectArn = (file: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, file]] });
    expect(statements).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, `/${key}`]] },
      },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: { 'Fn::GetAtt': [bucketId(), 'Arn'] } },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: Object.values(stack.site.manifest).map((url) => objectArn(url)) },
    ]);
    // The upload waits for the grants.
    expect(only('Custom::CDKBucketDeployment')[1].DependsOn).toEqual(policies.map(([id]) => id));
  });
});

describe('the functions told about the site', () => {
  it('PUBLIC_URL is the distribution on the pages function and the workflow steps (the acknowledgement links to the tracking page)', () => {
    for (const name of pagesFunctions()) expect(variablesOf(stack.api.functions.get(name)!).PUBLIC_URL, name).toEqual(siteUrl());
    expect(variablesOf(stack.workflow.stepsFunction).PUBLIC_URL).toEqual(siteUrl());
  });

  it('WEB_ASSETS is the manifest of this synth, on the pages function only', () => {
    expect(pagesFunctions()).toEqual(['PublicPages']);
    for (const [name, fn] of stack.api.functions) {
      const variables = variablesOf(fn);
      if (pagesFunctions().includes(name)) {
        expect(decodeManifest(variables.WEB_ASSETS as string), name).toEqual(stack.site.manifest);
      } else {
        expect(variables.WEB_ASSETS, name).toBeUndefined();
        expect(variables.PUBLIC_URL, name).toBeUndefined();
      }
    }
  });
});

describe('the template', () => {
  it('has no dependency cycle (the distribution needs the API, the functions the distribution)', () => {
    const references = (value: unknown): string[] => {
      if (Array.isArray(value)) return value.flatMap(references);
      if (value === null || typeof value !== 'object') return [];
      const v = value as Record<string, unknown>;
      if (typeof v.Ref === 'string') return [v.Ref];
      if (Array.isArray(v['Fn::GetAtt'])) return [v['Fn::GetAtt'][0] as string];
      if (typeof v['Fn::Sub'] === 'string') return [...(v['Fn::Sub'] as string).matchAll(/\$\{([^.}]+)/g)].map((m) => m[1]!);
      return Object.values(v).flatMap(references);
    };
    const edges = new Map(
      Object.entries(resources).map(([id, r]) => [id, [...references(r.Properties), ...(r.DependsOn ?? [])].filter((ref) => ref in resources)]),
    );
    // The edges are read: the distribution refers to the API, the pages function to the distribution.
    expect(edges.get(logicalId(stack.site.distribution))).toContain(logicalId(stack.api.httpApi));
    expect(edges.get(logicalId(stack.api.functions.get('PublicPages')!))).toContain(logicalId(stack.site.distribution));
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, trail: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') throw new Error(`cycle: ${[...trail, id].join(' → ')}`);
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) visit(next, [...trail, id]);
      state.set(id, 'done');
    };
    expect(() => {
      for (const id of edges.keys()) visit(id, []);
    }).not.toThrow();
  });
});
