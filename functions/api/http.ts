import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  BankHolidaysUnknownError,
  ConcurrentUpdateError,
  ConfigurationError,
  DomainError,
  ForbiddenError,
  IdempotencyInProgressError,
  InvalidStateError,
  NotFoundError,
  PreconditionRequiredError,
  UnauthenticatedError,
  IdempotencyKeyReusedError,
  PayloadTooLargeError,
  PolicyError,
  StoreUnavailableError,
  TrackingLinkNotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
  WorkflowUnavailableError,
} from '../domain/errors';
import { MailerUnavailableError, MailRejectedError, UnsafeHeaderError } from '../domain/mail';

/**
 * The HTTP edge shared by every handler: the middy chain, JSON in and out, and the ONE place where
 * errors become HTTP statuses. Only errors the caller can act on are described; anything else is a
 * generic 500 and is logged (without the request body: it may hold personal data).
 */

export const logger = new Logger({ serviceName: 'fire-complaints' });

export type HttpEvent = APIGatewayProxyEventV2 & { jsonBody?: unknown };
export type HttpResult = APIGatewayProxyStructuredResultV2;

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** What the caller is told for one kind of error. */
export interface ErrorAnswer {
  status: number;
  /** The body's `error` code: stable, for programs. */
  code: string;
  /** The body for the caller (default: `{ error: code, message }`). */
  body?: (error: Error) => Record<string, unknown>;
  headers?: Record<string, string>;
  /**
   * The message the caller reads. Defaults to the error's own message for statuses below 500; a 5xx
   * never shows the error's message (it may describe internals).
   */
  message?: string;
}

type ErrorClass = abstract new (...args: never[]) => Error;

const internal: ErrorAnswer = { status: 500, code: 'internal', message: 'Something went wrong on our side; please try again later' };
const unavailable: ErrorAnswer = {
  status: 503,
  code: 'unavailable',
  message: 'The service is busy or unavailable; please try again shortly',
  headers: { 'retry-after': '5' },
};
const reused: ErrorAnswer = { status: 422, code: 'idempotency-key-reused', message: new IdempotencyKeyReusedError().message };
const inProgress: ErrorAnswer = { status: 409, code: 'in-progress', message: new IdempotencyInProgressError().message, headers: { 'retry-after': '1' } };

/**
 * The single mapping from errors to HTTP answers: every DomainError subclass is listed (a test keeps
 * it so), with the class as the key, so a renamed or minified class still finds its answer. An
 * error is answered by its nearest listed ancestor; anything unlisted is a 500.
 */
export const errorAnswers: ReadonlyMap<ErrorClass, ErrorAnswer> = new Map<ErrorClass, ErrorAnswer>([
  [ValidationError, { status: 400, code: 'validation', body: (e) => ({ error: 'validation', issues: (e as ValidationError).issues }) }],
  [UnauthenticatedError, { status: 401, code: 'unauthenticated' }],
  [ForbiddenError, { status: 403, code: 'forbidden' }],
  [NotFoundError, { status: 404, code: 'not-found' }],
  // One answer for every reason a tracking link fails, so a guess learns nothing from it.
  [TrackingLinkNotFoundError, { status: 404, code: 'not-found', message: 'No such page' }],
  [ConcurrentUpdateError, { status: 409, code: 'version-conflict' }],
  [InvalidStateError, { status: 409, code: 'invalid-state' }],
  [PreconditionRequiredError, { status: 428, code: 'precondition-required' }],
  [PayloadTooLargeError, { status: 413, code: 'payload-too-large' }],
  [UnsupportedMediaTypeError, { status: 415, code: 'unsupported-media-type' }],
  [IdempotencyKeyReusedError, reused],
  [IdempotencyInProgressError, inProgress],
  [StoreUnavailableError, unavailable],
  // The staff API stores a change before it signals the workflow; this never reaches a caller as an error.
  [WorkflowUnavailableError, unavailable],
  // Mail is sent by the workflow, not by a request; if a request ever met these, it is our fault.
  [MailerUnavailableError, unavailable],
  [MailRejectedError, internal],
  [UnsafeHeaderError, internal],
  // Every date a request can give is bounded well inside the bank holiday table: reaching its end
  // means the table needs regenerating (`npm run holidays`), not that the caller erred.
  [BankHolidaysUnknownError, internal],
  // Configuration is checked at cold start: the function cannot serve, whatever the request.
  [PolicyError, internal],
  [ConfigurationError, internal],
  [DomainError, internal],
]);

/**
 * Errors of libraries, by the literal name the library gives them: importing their classes would put
 * the library into every function's bundle, though only SubmitPublic uses it.
 */
export const libraryErrorAnswers: Readonly<Record<string, ErrorAnswer>> = {
  // Powertools idempotency: the same key with another body; the same key while the first is running.
  IdempotencyValidationError: reused,
  IdempotencyAlreadyInProgressError: inProgress,
};

/** The answer for `error`: its class's, or its nearest listed ancestor's, else a library's by name, else a 500. */
export function answerFor(error: unknown): ErrorAnswer {
  if (error instanceof Error && !(error instanceof DomainError) && Object.hasOwn(libraryErrorAnswers, error.name)) {
    return libraryErrorAnswers[error.name]!;
  }
  for (let proto = error instanceof Error ? Object.getPrototypeOf(error) : null; proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const answer = errorAnswers.get(proto.constructor as ErrorClass);
    if (answer) return answer;
  }
  return internal;
}

/** The HTTP answer for any error: from `errorAnswers`, never built from the error elsewhere. */
export function errorResponse(error: unknown): HttpResult {
  const answer = answerFor(error);
  const message = answer.message ?? (answer.status < 500 && error instanceof Error ? error.message : internal.message!);
  const body = answer.body && error instanceof Error ? answer.body(error) : { error: answer.code, message };
  return json(answer.status, body, answer.headers);
}

function errorMapper(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      const error = request.error;
      const response = errorResponse(error);
      if ((response.statusCode ?? 500) >= 500) {
        // Name, message and stack only: never the event or the body.
        logger.error('request failed', { error: describe(error) });
      } else {
        logger.info('request refused', { status: response.statusCode, error: (error as Error)?.name });
      }
      request.response = response;
    },
  };
}

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return { name: error.name, message: error.message, stack: error.stack, cause };
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * How deep a body may nest objects and arrays (the deepest real one, a staff directory, nests 4).
 * Checked on the text before anything parses, validates or hashes it: each of those recurses, and
 * a body of a few KiB of `[[[[...` would otherwise overflow the stack (the idempotency layer's
 * hash of the payload did, at 3,000 levels).
 */
const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests deeper than `limit`, found by one pass over it without parsing. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Refuses bodies over `maxBytes`, anything but JSON, JSON nested deeper than MAX_JSON_DEPTH and
 * malformed JSON; puts the parsed body on `jsonBody`.
 */
function jsonBody(maxBytes: number): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      const event = request.event;
      const raw = event.body ?? '';
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
      const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new UnsupportedMediaTypeError('application/json');
      const text = bytes.toString('utf8');
      if (text.trim() === '') throw new ValidationError([{ path: '', message: 'the body is empty; send a JSON object' }]);
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        throw new ValidationError([{ path: '', message: `the body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep` }]);
      }
      try {
        event.jsonBody = JSON.parse(text);
      } catch {
        throw new ValidationError([{ path: '', message: 'the body is not valid JSON' }]);
      }
      if (event.jsonBody === null || typeof event.jsonBody !== 'object' || Array.isArray(event.jsonBody)) {
        throw new ValidationError([{ path: '', message: 'expected a JSON object' }]);
      }
    },
  };
}

/** Validates the Idempotency-Key header when present (printable ASCII, 1–255 characters). */
function idempotencyKeyShape(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: (request) => {
      const key = header(request.event, 'idempotency-key');
      if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key)) {
        throw new ValidationError([
          { path: 'Idempotency-Key', message: 'expected 1 to 255 printable ASCII characters without spaces' },
        ]);
      }
    },
  };
}

/** A route with no body (GET). */
export function httpRoute() {
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(errorMapper());
}

/** Reads `If-Match: "7"` (or 7, or W/"7") as version 7; absent gives undefined. */
export function ifMatchVersion(event: APIGatewayProxyEventV2): number | undefined {
  const value = header(event, 'if-match');
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!m) throw new ValidationError([{ path: 'If-Match', message: 'expected the version you read, e.g. "3"' }]);
  return Number(m[1]);
}

/** A body that may be absent (GET) or JSON (everything else), with the same limits as jsonRoute. */
function optionalJsonBody(maxBytes: number): MiddlewareObj<HttpEvent, HttpResult> {
  const parse = jsonBody(maxBytes);
  return {
    before: (request) => {
      const method = request.event.requestContext?.http?.method ?? 'GET';
      if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return;
      return parse.before!(request);
    },
  };
}

/** A function serving several routes: GETs without a body, changes with a JSON body. */
export function mixedRoute(maxBytes: number) {
  return httpRoute().use(optionalJsonBody(maxBytes));
}

/** A route taking a JSON body of at most `maxBytes`. */
export function jsonRoute(maxBytes: number) {
  return httpRoute().use(jsonBody(maxBytes)).use(idempotencyKeyShape());
}
