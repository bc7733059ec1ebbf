import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { table } from '../../functions/config/table';
import { DEFAULT_ROUTE, routeKey, type FunctionDefinition, type FunctionName, type RouteDefinition } from '../../functions/config/routes';
import type { Policy } from '../../functions/domain/policy';
import type { CasesTable } from './cases-table';
import { HouseFunction } from './house-function';
import type { StaffDirectory } from './staff-directory';

/** Requests per second across every route without its own `throttle` in routes.ts. */
export const defaultThrottle: Required<ThrottleSettings> = { rateLimit: 50, burstLimit: 100 };

/**
 * What the access log records of each request, as JSON: enough to follow traffic, errors and
 * latency per route, and to find the function's own log lines (integrationRequestId is the Lambda
 * request id). Nothing that identifies a person or a case: routeKey is the route's template
 * (`GET /api/cases/{reference}`), never the path, which carries references and tracking tokens; no
 * query string, no source IP, no user agent, no token claims; and no integration error message,
 * which can repeat a function's own error text. Gateway and authorizer errors are fixed texts.
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationRequestId: '$context.integration.requestId',
  error: '$context.error.message',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
} as const;

/** Lambda's limit on a function description. */
const MAX_DESCRIPTION = 256;

export interface CasesApiProps {
  /** The Lambda functions of functions/config/routes.ts, by name. */
  readonly functions: Readonly<Record<FunctionName, FunctionDefinition>>;
  readonly routes: readonly RouteDefinition[];
  readonly table: CasesTable;
  readonly policy: Policy;
  /** Whose tokens the staff routes accept. */
  readonly staff: StaffDirectory;
}

/** 'submitPublic' → 'SubmitPublic', for construct ids. */
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The HTTP API built from functions/config/routes.ts: one Lambda function per entry of `functions`,
 * given exactly the table access it declares; one route per entry of `routes`, integrated with its
 * function; every `staff` route behind the staff directory's JWT authorizer and every `public` route
 * explicitly without one; throttled on the default stage, which writes a JSON access log without
 * personal data (accessLogFields).
 */
export class CasesApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** Where the stage writes its access log (accessLogFields). */
  readonly accessLogs: LogGroup;
  /** Each Lambda function, by its name in routes.ts. */
  readonly functions: ReadonlyMap<FunctionName, HouseFunction>;
  /** The one JWT authorizer every staff route uses. */
  readonly staffAuthorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: CasesApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Fire and rescue complaints and compliments',
      // The L2 default stage takes no throttle, so the $default stage is created below.
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: defaultThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
    // Checks signature (the pool's JWKS), issuer, expiry and that client_id is the console's.
    this.staffAuthorizer = new HttpJwtAuthorizer('StaffAuthorizer', props.staff.issuerUrl, {
      jwtAudience: [props.staff.clientId],
      identitySource: ['$request.header.Authorization'],
    });

    const functions = new Map<FunctionName, HouseFunction>();
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const [name, definition] of Object.entries(props.functions) as [FunctionName, FunctionDefinition][]) {
      const served = props.routes.filter((r) => r.function === name);
      if (served.length === 0) throw new Error(`Function ${name} serves no route in routes.ts`);
      const description = `${name}: ${served.map(routeKey).join(', ')}`;
      const fn = new HouseFunction(this, name, {
        handler: definition.handler,
        policy: props.policy,
        webFiles: definition.webFiles,
        description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description,
      });
      switch (definition.table) {
        case 'none':
          break;
        case 'read':
        case 'write':
          fn.bindTable(props.table, definition.table);
          if ('idempotency' in definition && definition.idempotency) props.table.grantIdempotencyRecords(fn, table.idempotencyKeyPrefix);
          break;
        default: {
          const unknown: never = definition.table;
          throw new Error(`Function ${name}: unknown table access ${String(unknown)}`);
        }
      }
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Only ever invoked synchronously, by API Gateway (Lambda proxy integration): a failure is the answer to the ' +
          'request, which the caller sees and may retry. A dead-letter queue only receives failed asynchronous events, and this function gets none.',
      });
      functions.set(name, fn);
      integrations.set(name, new HttpLambdaIntegration(`${name}Integration`, fn));
    }
    this.functions = functions;

    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const definition of props.routes) {
      const integration = integrations.get(definition.function);
      if (!integration) throw new Error(`Route ${definition.operation}: no function ${definition.function}`);
      const key = definition.path === DEFAULT_ROUTE ? HttpRouteKey.DEFAULT : HttpRouteKey.with(definition.path, HttpMethod[definition.method]);
      const route = new HttpRoute(this, `${capitalise(definition.operation)}Route`, {
        httpApi: this.httpApi,
        routeKey: key,
        integration,
        authorizer: this.authorizerFor(definition.auth),
      });
      if (definition.auth === 'public') {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `Public by design (routes.ts: auth 'public', "${definition.summary}"): members of the public use it without ` +
            'signing in. The function checks and limits what it accepts, and the stage throttles it.',
        });
      }
      if (definition.throttle) {
        routeSettings[key.key] = {
          ThrottlingRateLimit: definition.throttle.rateLimit,
          ThrottlingBurstLimit: definition.throttle.burstLimit,
        };
        // API Gateway rejects settings for a route key that does not exist yet.
        this.stage.node.addDependency(route);
      }
    }

    if (Object.keys(routeSettings).length > 0) {
      // Per-route throttling has no L2 property; RouteSettings is raw JSON keyed by "METHOD /path".
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    }
  }

  /** The API's URL ($default stage, so the root of the execute-api endpoint). */
  get url(): string {
    return this.stage.url;
  }

  private authorizerFor(auth: RouteDefinition['auth']): IHttpRouteAuthorizer {
    switch (auth) {
      case 'public':
        // Explicit, so a default authorizer added to the API later cannot close a public route.
        return new HttpNoneAuthorizer();
      case 'staff':
        return this.staffAuthorizer;
      default: {
        const unknown: never = auth;
        throw new Error(`Unknown route auth: ${String(unknown)}`);
      }
    }
  }
}
