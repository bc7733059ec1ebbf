import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ROUTE, routeKey, type RouteDefinition } from '../functions/config/routes';
import { unauthorized, type Authorizer } from './jwt-authorizer';

/**
 * A small stand-in for API Gateway's HTTP API: matches the routes of functions/config/routes.ts,
 * checks the staff token of a `staff` route as the JWT authorizer does (local/jwt-authorizer.ts),
 * turns each request into a payload format 2.0 event and answers with what the handler returns.
 */

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface LoadedRoute {
  route: RouteDefinition;
  handler: LambdaHandler;
}

/** What a JWT authorizer adds to the event's requestContext (claims flattened to strings). */
export interface JwtAuthorizerContext {
  jwt: { claims: Record<string, string>; scopes: null };
}

/** API Gateway's own limit on a request body. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const FUNCTION_TIMEOUT_MS = 10_000;

interface Matcher {
  loaded: LoadedRoute;
  pattern: RegExp;
  params: string[];
}

function compile(loaded: LoadedRoute): Matcher {
  const params: string[] = [];
  const source = loaded.route.path
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      params.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { loaded, pattern: new RegExp(`^${source}$`), params };
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+json)/i;

function toEvent(req: IncomingMessage, body: Buffer, matcher: Matcher, params: Record<string, string>, url: URL): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    // As API Gateway's payload 2.0: cookies move from the Cookie header into `cookies`.
    if (name.toLowerCase() === 'cookie') {
      cookies = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(';')).map((c) => c.trim()).filter(Boolean);
      continue;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const key = routeKey(matcher.loaded.route);
  return {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(params).length ? params : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function toContext(route: RouteDefinition): Context {
  return lambdaContext(route.function);
}

/** The context object Lambda hands a handler, for a local invocation of `name`. */
export function lambdaContext(name: string, timeoutMs = FUNCTION_TIMEOUT_MS): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = `local-${name}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function plain(res: ServerResponse, status: number, message: string): void {
  send(res, { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
}

/** A 400 shaped like the handlers' validation errors (functions/api/http.ts), naming what was bad. */
function invalid(res: ServerResponse, path: string, message: string): void {
  send(res, {
    statusCode: 400,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body: JSON.stringify({ error: 'validation', issues: [{ path, message }] }),
  });
}

/** Decodes a path segment; undefined when its %-escapes are malformed or are not UTF-8. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface Gateway {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Extra requests the gateway answers itself before routing (static pages, for example). */
export type Fallback = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface GatewayOptions {
  port: number;
  routes: LoadedRoute[];
  /** Checks the Authorization header of every `staff` route; required when there is one. */
  authorizer?: Authorizer;
  /** Tried in order for a request no route matches. */
  fallbacks?: Fallback[];
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const staffRoutes = options.routes.filter((r) => r.route.auth === 'staff');
  if (staffRoutes.length > 0 && !options.authorizer) {
    throw new Error(`Staff routes need an authorizer: ${staffRoutes.map((r) => routeKey(r.route)).join(', ')}`);
  }
  const matchers = options.routes.filter((r) => r.route.path !== DEFAULT_ROUTE).map(compile);
  // API Gateway's $default route: whatever no other route matches (any method, any path).
  const fallbackRoute = options.routes.find((r) => r.route.path === DEFAULT_ROUTE);
  const server = createServer(async (req, res) => {
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return plain(res, 400, 'Bad Request');
      }
      const method = req.method ?? 'GET';
      let found: { matcher: Matcher; params: Record<string, string>; malformed?: string } | undefined;
      for (const matcher of matchers) {
        if (matcher.loaded.route.method !== method) continue;
        const m = matcher.pattern.exec(url.pathname);
        if (!m) continue;
        const params: Record<string, string> = {};
        let malformed: string | undefined;
        matcher.params.forEach((name, i) => {
          const value = decodeSegment(m[i + 1]!);
          // A page route is read by a person: its handler answers a segment that does not decode
          // with its own not-found page (given the segment as sent, it names no page and no link).
          if (value === undefined && !matcher.loaded.route.page) malformed ??= name;
          else params[name] = value ?? m[i + 1]!;
        });
        found = { matcher, params, malformed };
        break;
      }
      if (!found) {
        for (const fallback of options.fallbacks ?? []) if (await fallback(req, res, url)) return;
        if (!fallbackRoute) return plain(res, 404, 'Not Found');
        found = { matcher: { loaded: fallbackRoute, pattern: /^/, params: [] }, params: {} };
      }
      const { route } = found.matcher.loaded;
      let authorizer: JwtAuthorizerContext | undefined;
      if (route.auth === 'staff') {
        // Before the body is read and before the function runs, as API Gateway does.
        const authorization = await options.authorizer!(req.headers.authorization);
        if (!authorization.ok) return send(res, unauthorized(authorization.challenge));
        authorizer = { jwt: { claims: authorization.claims, scopes: null } };
      }
      // After the authorizer, so that an unauthenticated caller learns nothing more than a 401.
      if (found.malformed) return invalid(res, found.malformed, 'malformed %-escape: not percent-encoded UTF-8');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_REQUEST_BYTES) return plain(res, 413, 'Request Entity Too Large');
        chunks.push(chunk as Buffer);
      }
      const event = toEvent(req, Buffer.concat(chunks), found.matcher, found.params, url);
      if (authorizer) (event.requestContext as typeof event.requestContext & { authorizer: JwtAuthorizerContext }).authorizer = authorizer;
      const result = await found.matcher.loaded.handler(event, toContext(found.matcher.loaded.route));
      send(res, result);
    } catch {
      // What API Gateway answers when the function itself fails.
      if (!res.headersSent) plain(res, 500, 'Internal Server Error');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
