import { describe, expect, it } from 'vitest';
import {
  BankHolidaysUnknownError,
  ConcurrentUpdateError,
  ConfigurationError,
  DomainError,
  ForbiddenError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  InvalidStateError,
  NotFoundError,
  PayloadTooLargeError,
  PolicyError,
  PreconditionRequiredError,
  StoreUnavailableError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
  ValidationError,
  WorkflowUnavailableError,
} from '../../functions/domain/errors';

describe('domain errors', () => {
  // The state machine's Retry/Catch and the HTTP mapping match errors by these names, so each is a literal.
  it.each<[string, Error]>([
    ['DomainError', new DomainError('x')],
    ['ValidationError', new ValidationError([])],
    ['PayloadTooLargeError', new PayloadTooLargeError(1)],
    ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError('application/json')],
    ['IdempotencyKeyReusedError', new IdempotencyKeyReusedError()],
    ['IdempotencyInProgressError', new IdempotencyInProgressError()],
    ['ConcurrentUpdateError', new ConcurrentUpdateError('x')],
    ['PolicyError', new PolicyError([])],
    ['ConfigurationError', new ConfigurationError('x')],
    ['StoreUnavailableError', new StoreUnavailableError('x')],
    ['UnauthenticatedError', new UnauthenticatedError('x')],
    ['ForbiddenError', new ForbiddenError('x')],
    ['NotFoundError', new NotFoundError('x')],
    ['InvalidStateError', new InvalidStateError('x')],
    ['PreconditionRequiredError', new PreconditionRequiredError('x')],
    ['WorkflowUnavailableError', new WorkflowUnavailableError('x')],
    ['BankHolidaysUnknownError', new BankHolidaysUnknownError('scotland', 2031, 2020, 2030)],
  ])('%s is a DomainError named by a literal', (name, error) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe(name);
  });

  it('a validation error names every offending field, and the body when the path is empty', () => {
    const error = new ValidationError([
      { path: 'email', message: 'expected an email address' },
      { path: '', message: 'expected an object' },
    ]);
    expect(error.message).toBe('Invalid input: email: expected an email address; (body): expected an object');
    expect(error.issues).toHaveLength(2);
  });

  it('a policy error names every offending field, and the root when the path is empty', () => {
    const error = new PolicyError([
      { path: 'stages.0.workingDays', message: 'too big' },
      { path: '', message: 'not valid JSON' },
    ]);
    expect(error.message).toBe('Invalid policy: stages.0.workingDays: too big; (root): not valid JSON');
  });

  it('the request errors say what the limit or the accepted type is', () => {
    const tooLarge = new PayloadTooLargeError(65536);
    expect(tooLarge.message).toBe('The request body is larger than 65536 bytes');
    expect(tooLarge.limitBytes).toBe(65536);
    const media = new UnsupportedMediaTypeError('application/json');
    expect(media.message).toBe('Send the body as application/json');
    expect(media.accepted).toBe('application/json');
  });

  it('the idempotency errors say what happened and keep their cause', () => {
    const cause = new Error('conditional check failed');
    const reused = new IdempotencyKeyReusedError({ cause });
    expect(reused.message).toBe('This Idempotency-Key was already used with a different request body');
    expect(reused.cause).toBe(cause);
    const inProgress = new IdempotencyInProgressError({ cause });
    expect(inProgress.message).toBe('A request with this Idempotency-Key is still being processed; retry shortly');
    expect(inProgress.cause).toBe(cause);
  });

  it('an unknown bank-holiday year says which years are known and how to extend them', () => {
    const error = new BankHolidaysUnknownError('scotland', 2031, 2020, 2030);
    expect(error.message).toBe(
      'The bank holidays of scotland are known for 2020 to 2030 only, not 2031: extend the span in functions/cli/bank-holidays.ts and run npm run holidays',
    );
    expect([error.nation, error.year, error.firstYear, error.lastYear]).toEqual(['scotland', 2031, 2020, 2030]);
  });
});
