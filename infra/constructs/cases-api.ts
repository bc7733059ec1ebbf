import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../../functions/config/routes';
import type { Policy } from '../../functions/domain/policy';
import type { CasesTable } from './cases-table';
import { HouseFunction } from './house-function';

/** Requests per second across every route without its own `throttle` in routes.ts. */
export const defaultThrottle: Required<ThrottleSettings> = { rateLimit: 50, burstLimit: 100 };

export interface CasesApiProps {
  readonly routes: readonly RouteDefinition[];
  readonly table: CasesTable;
  readonly policy: Policy;
}

/**
 * The HTTP API: one Lambda function and one route per entry of functions/config/routes.ts, each
 * function given exactly the table access its route declares, throttled on the default stage.
 */
export class CasesApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The function behind each route, by route name. */
  readonly functions: ReadonlyMap<string, HouseFunction>;

  constructor(scope: Construct, id: string, props: CasesApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Fire and rescue complaints and compliments',
      // The L2 default stage takes no throttle, so the $default stage is created below.
      createDefaultStage: false,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: defaultThrottle,
    });

    const functions = new Map<string, HouseFunction>();
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const definition of props.routes) {
      const fn = new HouseFunction(this, definition.name, {
        handler: definition.handler,
        policy: props.policy,
        description: `${definition.method} ${definition.path}`,
      });
      switch (definition.table) {
        case 'none':
          break;
        case 'read':
        case 'write':
          fn.bindTable(props.table, definition.table);
          break;
        default: {
          const unknown: never = definition.table;
          throw new Error(`Route ${definition.name}: unknown table access ${String(unknown)}`);
        }
      }
      functions.set(definition.name, fn);

      const routeKey = HttpRouteKey.with(definition.path, HttpMethod[definition.method]);
      const route = new HttpRoute(this, `${definition.name}Route`, {
        httpApi: this.httpApi,
        routeKey,
        integration: new HttpLambdaIntegration('Integration', fn),
        authorizer: this.authorizerFor(definition.auth),
      });
      if (definition.throttle) {
        routeSettings[routeKey.key] = {
          ThrottlingRateLimit: definition.throttle.rateLimit,
          ThrottlingBurstLimit: definition.throttle.burstLimit,
        };
        // API Gateway rejects settings for a route key that does not exist yet.
        this.stage.node.addDependency(route);
      }
    }
    this.functions = functions;

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
      // A 'staff' route will return an HttpJwtAuthorizer (aws-apigatewayv2-authorizers) whose
      // issuer and audience come from the staff user pool, once that construct exists.
      default: {
        const unknown: never = auth;
        throw new Error(`Unknown route auth: ${String(unknown)}`);
      }
    }
  }
}
