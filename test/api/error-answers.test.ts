import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { answerFor, errorAnswers, errorResponse } from '../../functions/api/http';
import * as errors from '../../functions/domain/errors';
import { DomainError } from '../../functions/domain/errors';

const FUNCTIONS = join(import.meta.dirname, '../../functions');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Every class under functions/ that extends DomainError, directly or not, by module and name. */
async function domainErrorClasses(): Promise<Map<string, ErrorClass>> {
  const found = new Map<string, ErrorClass>();
  for (const file of sourceFiles(FUNCTIONS)) {
    const declared = [...readFileSync(file, 'utf8').matchAll(/\bclass\s+(\w+)\s+extends\s+\w+/g)].map((m) => m[1]!);
    if (!declared.length) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const name of declared) {
      const cls = mod[name];
      if (typeof cls === 'function' && cls.prototype instanceof DomainError) found.set(`${relative(FUNCTIONS, file)}: ${name}`, cls as ErrorClass);
      else if (typeof cls !== 'function' && /Error$/.test(name)) found.set(`${relative(FUNCTIONS, file)}: ${name} (not exported)`, Error);
    }
  }
  return found;
}

const instance = (cls: ErrorClass) => Reflect.construct(cls, [[]]) as Error;

describe('the answer to every error', () => {
  it('lists every DomainError subclass under functions/ by its own class (none falls through to a 500 unnoticed)', async () => {
    const classes = await domainErrorClasses();
    expect(classes.size).toBeGreaterThan(15);
    const missing = [...classes].filter(([, cls]) => !errorAnswers.has(cls)).map(([where]) => where);
    expect(missing).toEqual([]);
  });

  it('names every DomainError by a literal that equals its class name, so bundling cannot rename it', async () => {
    for (const [where, cls] of await domainErrorClasses()) {
      expect(instance(cls).name, where).toBe(where.split(': ')[1]);
      expect(readFileSync(join(FUNCTIONS, where.split(': ')[0]!), 'utf8')).toContain(`name = '${cls.name}'`);
    }
  });

  it.each([
    [new errors.ValidationError([{ path: 'email', message: 'expected an email address' }]), 400, 'validation'],
    [new errors.UnauthenticatedError('no token'), 401, 'unauthenticated'],
    [new errors.ForbiddenError('not yours'), 403, 'forbidden'],
    [new errors.NotFoundError('No case'), 404, 'not-found'],
    [new errors.TrackingLinkNotFoundError(), 404, 'not-found'],
    [new errors.ConcurrentUpdateError('changed'), 409, 'version-conflict'],
    [new errors.InvalidStateError('closed'), 409, 'invalid-state'],
    [new errors.PayloadTooLargeError(65_536), 413, 'payload-too-large'],
    [new errors.UnsupportedMediaTypeError('application/json'), 415, 'unsupported-media-type'],
    [new errors.IdempotencyKeyReusedError(), 422, 'idempotency-key-reused'],
    [new IdempotencyValidationError('payload differs'), 422, 'idempotency-key-reused'],
    [new errors.IdempotencyInProgressError(), 409, 'in-progress'],
    [new IdempotencyAlreadyInProgressError('busy'), 409, 'in-progress'],
    [new errors.PreconditionRequiredError('send If-Match'), 428, 'precondition-required'],
    [new errors.StoreUnavailableError('down'), 503, 'unavailable'],
    [new errors.ConfigurationError('TABLE_NAME is required'), 500, 'internal'],
    [new Error('a bug'), 500, 'internal'],
    ['not even an error', 500, 'internal'],
  ] as const)('answers %s with %i %s', (error, status, code) => {
    const answer = errorResponse(error);
    expect(answer.statusCode).toBe(status);
    expect(JSON.parse(answer.body as string).error).toBe(code);
  });

  it('tells the caller the message of a 4xx, and never the message of a 5xx', () => {
    expect(JSON.parse(errorResponse(new errors.ForbiddenError('Only the owner may do this')).body as string).message).toBe('Only the owner may do this');
    const hidden = JSON.parse(errorResponse(new errors.ConfigurationError('TABLE_NAME=secret-table is wrong')).body as string);
    expect(JSON.stringify(hidden)).not.toContain('secret-table');
    expect(JSON.stringify(JSON.parse(errorResponse(new errors.StoreUnavailableError('arn:aws:dynamodb:eu-west-2:1:table/x')).body as string))).not.toContain('arn:');
  });

  it('answers every refused tracking link alike, never saying why', () => {
    expect(JSON.parse(errorResponse(new errors.TrackingLinkNotFoundError()).body as string)).toEqual({ error: 'not-found', message: 'No such page' });
    const revoked = Object.assign(new errors.TrackingLinkNotFoundError(), { message: 'revoked on 2026-03-04' });
    expect(JSON.parse(errorResponse(revoked).body as string)).toEqual({ error: 'not-found', message: 'No such page' });
  });

  it('lists each validation issue and asks a 503 to retry later', () => {
    const issues = [{ path: 'email', message: 'expected an email address' }];
    expect(JSON.parse(errorResponse(new errors.ValidationError(issues)).body as string)).toEqual({ error: 'validation', issues });
    expect(errorResponse(new errors.StoreUnavailableError('down')).headers).toMatchObject({ 'retry-after': '5' });
  });

  it('answers a subclass not in the table as its nearest listed ancestor', () => {
    class SpecialNotFoundError extends errors.NotFoundError {
      override name = 'SpecialNotFoundError';
    }
    expect(answerFor(new SpecialNotFoundError('x')).status).toBe(404);
  });
});
