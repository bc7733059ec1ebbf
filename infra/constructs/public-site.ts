import * as path from 'node:path';
import { Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type ResponseCustomHeader,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { immutableCacheControl, securityHeadersFor, strictTransportSecurity } from '../../functions/config/security-headers';
import { encodeManifest } from '../../functions/config/web-assets';
import { ASSET_PATH_PREFIX, buildWebAssets, type AssetManifest } from '../../web/build';
import type { HouseFunction } from './house-function';

/** The response headers a policy's SecurityHeadersBehavior sets itself; CloudFront refuses them as custom headers. */
const SECURITY_BEHAVIOUR_HEADERS = ['content-security-policy', 'referrer-policy', 'x-content-type-options', 'x-frame-options'];

function enumValue<T extends string>(values: Record<string, T>, value: string, header: string): T {
  const found = Object.values(values).find((v) => v.toLowerCase() === value.toLowerCase());
  if (!found) throw new Error(`security-headers.ts: CloudFront cannot set ${header}: ${value}`);
  return found;
}

/**
 * CloudFront's form of functions/config/security-headers.ts: the four headers its security
 * behaviour knows, plus HSTS (only HTTPS can carry it), each overriding what the origin sent; every
 * other header as a custom header. Synth fails on a value CloudFront cannot set, rather than dropping it.
 */
export function responseHeadersOf(headers: Readonly<Record<string, string>>): {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeaders: ResponseCustomHeader[];
} {
  const value = (name: string) => {
    const v = headers[name];
    if (v === undefined) throw new Error(`security-headers.ts has no ${name}`);
    return v;
  };
  if (value('x-content-type-options') !== 'nosniff') throw new Error('security-headers.ts: CloudFront can only set x-content-type-options: nosniff');
  return {
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: value('content-security-policy'), override: true },
      referrerPolicy: { referrerPolicy: enumValue(HeadersReferrerPolicy, value('referrer-policy'), 'referrer-policy'), override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: enumValue(HeadersFrameOption, value('x-frame-options'), 'x-frame-options'), override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(strictTransportSecurity.maxAgeSeconds),
        includeSubdomains: strictTransportSecurity.includeSubdomains,
        override: true,
      },
    },
    customHeaders: Object.entries(headers)
      .filter(([name]) => !SECURITY_BEHAVIOUR_HEADERS.includes(name))
      .map(([header, v]) => ({ header, value: v, override: true })),
  };
}

export interface PublicSiteProps {
  /** The HTTP API that serves the pages and the API, behind the distribution's default behaviour. */
  readonly httpApi: IHttpApi;
  /** Origins the staff console fetches from besides this one (Cognito's issuer and managed login), for connect-src. */
  readonly connectSources?: readonly string[];
}

/**
 * The one public address of the service: a CloudFront distribution whose default behaviour passes
 * every request, uncached, to the HTTP API (the pages and the API), and whose `/assets/*` behaviour
 * serves the pages' static files, content-hashed (web/build.ts), from a private S3 bucket through
 * origin access control, cached for a year. Both behaviours add the security headers of
 * functions/config/security-headers.ts and HSTS. The static files are built at synth and
 * deployed without pruning, so older hashed files stay for pages still cached somewhere.
 */
export class PublicSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  readonly deployment: BucketDeployment;
  /** Logical name → URL path of each static file, as built for this synth. */
  readonly manifest: AssetManifest;
  /** Where the static files were built: `assets/` in it is what the deployment uploads. */
  readonly buildDir: string;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Built into the cloud assembly's own folder (cdk.out, or a test's temporary one): never committed.
    const assembly = Stage.of(this);
    if (!assembly) throw new Error('PublicSite must be inside an App (or Stage): the static files are built into its output folder');
    this.buildDir = path.join(assembly.outdir, `web.${this.node.addr}`);
    this.manifest = buildWebAssets(this.buildDir);

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the public static files built from the repository (CSS, JavaScript, favicon): no personal or case data. It is ' +
        'written only by the deployment and read only by CloudFront through origin access control; a log of those reads would record nothing worth keeping.',
    });

    this.deployment = this.deployAssets();

    const { securityHeadersBehavior, customHeaders } = responseHeadersOf(securityHeadersFor(props.connectSources));
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The security headers of functions/config/security-headers.ts, and HSTS',
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Fire and rescue complaints and compliments: the public pages, the API and the static files',
      defaultBehavior: {
        origin: new HttpOrigin(`${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        }),
        // Every page and API answer is per request (forms, tracking tokens, staff tokens): nothing is cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // API Gateway finds the API by the Host header, so the viewer's (the distribution's domain) stays
        // behind; every other header, the cookies and the query string go through.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: this.responseHeadersPolicy,
      },
      additionalBehaviors: {
        [`${ASSET_PATH_PREFIX}*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: this.responseHeadersPolicy,
        },
      },
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
    });
    acknowledgeDistribution(this.distribution);
  }

  /**
   * Uploads the built files with CDK's BucketDeployment, whose handler gets a role of its own that
   * may do exactly what the handler does here (bucket-deployment-handler/index.py, with prune off
   * and retainOnDelete on): read this synth's zip of the files (`aws s3 cp`), list the bucket and
   * put each of the files by name (`aws s3 sync`), and write to its own log group. CDK's default
   * role would carry AWSLambdaBasicExecutionRole and read/write/delete on both buckets.
   */
  private deployAssets(): BucketDeployment {
    // buildWebAssets writes the files into <outDir>/assets/; the zip holds them without the folder.
    const zip = new Asset(this, 'AssetsZip', { path: path.join(this.buildDir, 'assets') });
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.THREE_MONTHS });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the static files of the public site',
    });
    const policy = new Policy(this, 'DeploymentPolicy', {
      roles: [role],
      statements: [
        new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [zip.bucket.arnForObjects(zip.s3ObjectKey)] }),
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: Object.values(this.manifest).map((url) => this.bucket.arnForObjects(url.slice(1))),
        }),
      ],
    });
    const deployment = new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.bucket(zip.bucket, zip.s3ObjectKey)],
      destinationBucket: this.bucket,
      destinationKeyPrefix: ASSET_PATH_PREFIX.slice(1),
      cacheControl: [CacheControl.fromString(immutableCacheControl)],
      // Pages cached in browsers (or rendered by the previous version of the function) still name the old files.
      prune: false,
      retainOnDelete: true,
      // The grants BucketDeployment would add are left out: the policy above has exactly what is used.
      role: role.withoutPolicyUpdates(),
      logGroup,
    });
    // The upload runs once the role may do it.
    deployment.node.addDependency(policy);
    acknowledgeDeploymentHandler(deployment);
    return deployment;
  }

  /** The site's address, e.g. https://d111111abcdef8.cloudfront.net (no trailing slash). */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Tells a function the site's address (PUBLIC_URL), for links in what it sends or renders. */
  bindPublicUrl(fn: HouseFunction): this {
    fn.addEnvironment('PUBLIC_URL', this.url);
    return this;
  }

  /** Gives the pages function the static files' names (WEB_ASSETS: their hashes, functions/config/web-assets.ts) and PUBLIC_URL. */
  bindPages(fn: HouseFunction): this {
    fn.addEnvironment('WEB_ASSETS', encodeManifest(this.manifest));
    return this.bindPublicUrl(fn);
  }
}

/** The findings of CDK's BucketDeployment handler (a singleton function of the stack), acknowledged where they arise. */
function acknowledgeDeploymentHandler(deployment: BucketDeployment): void {
  const runtime =
    "CDK's own BucketDeployment handler (custom-resource-handlers/aws-s3-deployment): aws-cdk-lib chooses its Python runtime " +
    'and the AWS CLI layer it is tested with, and moves them when aws-cdk-lib is upgraded. It runs only during a deployment, to copy the static files.';
  Validations.of(handlerOf(deployment)).acknowledge(
    { id: 'AwsSolutions-L1', reason: runtime },
    { id: 'Serverless-LambdaLatestVersion', reason: runtime },
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only by CloudFormation for the Custom::CDKBucketDeployment resource: the handler reports every failure back ' +
        'to CloudFormation, which fails and rolls back the deployment, so the failure is seen by whoever deploys. A queued ' +
        'copy of the event would be a request of a deployment that has already ended.',
    },
    {
      id: 'Serverless-LambdaTracing',
      reason:
        'Runs only during a deployment, once, to copy three files from the CDK assets bucket to this bucket; its log group ' +
        '(DeploymentLogs) records each run and CloudFormation its result. There is no request path to trace, and X-Ray would ' +
        'need a grant on * for this role.',
    },
  );
}

/** The singleton Lambda function CDK creates for every BucketDeployment of the stack. */
function handlerOf(deployment: BucketDeployment): IConstruct {
  const stack = Stack.of(deployment);
  const found = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (found.length !== 1) throw new Error(`Expected one BucketDeployment handler in ${stack.node.path}, found ${found.length}`);
  return found[0]!;
}

function acknowledgeDistribution(distribution: Distribution): void {
  Validations.of(distribution).acknowledge(
    {
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction on purpose: anyone may complain about or compliment the fire and rescue service, including people ' +
        'who live, travel or use a VPN outside the UK (visitors, relatives of someone helped); blocking by country would turn them away.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF web ACL yet: every route behind the default behaviour is throttled at the API stage (tighter on the form and ' +
        'draft-comment POSTs, routes.ts) and /assets/* is static and cached. A rate-based WAF rule ' +
        'costs a web ACL per distribution and is for the deploying service to add if abuse is seen.',
    },
    {
      id: 'AwsSolutions-CFR3',
      reason:
        "CloudFront's access logs would record each viewer's IP address and the full path, and tracking pages have their private " +
        'token in the path (/track/{token}): personal data the service must not keep in logs. Every request but /assets/* reaches ' +
        "the API, whose access log records route, status and latency without them (cases-api.ts, accessLogFields).",
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution has no custom domain yet, so it uses the default *.cloudfront.net certificate, with which CloudFront ' +
        'fixes the viewer security policy (TLSv1) and ignores MinimumProtocolVersion. With a custom domain and its ACM certificate, ' +
        'set minimumProtocolVersion to TLSv1.2_2021 and remove this acknowledgement.',
    },
  );
}
