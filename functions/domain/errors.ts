/**
 * Every error the domain raises extends DomainError. Handlers never build HTTP answers from errors
 * themselves: functions/api/http.ts maps these classes to statuses in one place.
 */
export class DomainError extends Error {
  /**
   * A literal in every subclass, never derived from the class (`new.target.name`): bundling may
   * rename classes, and the state machine's Retry/Catch and callers match errors by this name.
   */
  override name: string = 'DomainError';
}

export interface Issue {
  /** Dotted path of the offending field, e.g. "email" or "stages.0.workingDays". */
  path: string;
  message: string;
}

/** The input broke a rule; `issues` names every offending field. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly issues: Issue[]) {
    super(`Invalid input: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`);
  }
}

export class PayloadTooLargeError extends DomainError {
  override name = 'PayloadTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  override name = 'UnsupportedMediaTypeError';
  constructor(readonly accepted: string) {
    super(`Send the body as ${accepted}`);
  }
}

/** The same Idempotency-Key was used before with a different request. */
export class IdempotencyKeyReusedError extends DomainError {
  override name = 'IdempotencyKeyReusedError';
  constructor(options?: { cause?: unknown }) {
    super('This Idempotency-Key was already used with a different request body', options);
  }
}

/** A request with the same Idempotency-Key is still being processed. */
export class IdempotencyInProgressError extends DomainError {
  override name = 'IdempotencyInProgressError';
  constructor(options?: { cause?: unknown }) {
    super('A request with this Idempotency-Key is still being processed; retry shortly', options);
  }
}

/** Someone else changed the item since it was read. */
export class ConcurrentUpdateError extends DomainError {
  override name = 'ConcurrentUpdateError';
}

/** The configured policy is not valid; the message names the field. */
export class PolicyError extends DomainError {
  override name = 'PolicyError';
  constructor(readonly issues: Issue[]) {
    super(`Invalid policy: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** Configuration (environment) is missing or malformed. */
export class ConfigurationError extends DomainError {
  override name = 'ConfigurationError';
}

/** The case store could not be reached or refused the write for a reason that is not the input's fault. */
export class StoreUnavailableError extends DomainError {
  override name = 'StoreUnavailableError';
}

/** No valid identity reached the handler (the gateway should have refused it already). */
export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
}

/** The caller's role may not do this; the message says why. */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/**
 * A private tracking link that does not open a case: malformed, unknown, replaced or revoked. The
 * message never says which, so a guess learns nothing from the answer.
 */
export class TrackingLinkNotFoundError extends DomainError {
  override name = 'TrackingLinkNotFoundError';
  constructor() {
    super('No such page');
  }
}

/** The action does not fit the case as it is now (closed, not in a stage, ...); the message says why. */
export class InvalidStateError extends DomainError {
  override name = 'InvalidStateError';
}

/** A change must say which version it read (If-Match or expectedVersion). */
export class PreconditionRequiredError extends DomainError {
  override name = 'PreconditionRequiredError';
}

/** The workflow engine could not be reached; the change it was told about is stored all the same. */
export class WorkflowUnavailableError extends DomainError {
  override name = 'WorkflowUnavailableError';
}

/**
 * A working-day calculation reached a year outside the bank holiday table (built from date-holidays
 * by `npm run holidays`); counting on would silently treat that year's bank holidays as working days.
 */
export class BankHolidaysUnknownError extends DomainError {
  override name = 'BankHolidaysUnknownError';
  constructor(
    readonly nation: string,
    readonly year: number,
    readonly firstYear: number,
    readonly lastYear: number,
  ) {
    super(
      `The bank holidays of ${nation} are known for ${firstYear} to ${lastYear} only, not ${year}: ` +
        'extend the span in functions/cli/bank-holidays.ts and run npm run holidays',
    );
  }
}
