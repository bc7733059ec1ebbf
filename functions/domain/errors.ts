/**
 * Every error the domain raises extends DomainError. Handlers never build HTTP answers from errors
 * themselves: functions/api/http.ts maps these classes to statuses in one place.
 */
export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface Issue {
  /** Dotted path of the offending field, e.g. "email" or "stages.0.workingDays". */
  path: string;
  message: string;
}

/** The input broke a rule; `issues` names every offending field. */
export class ValidationError extends DomainError {
  constructor(readonly issues: Issue[]) {
    super(`Invalid input: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(readonly accepted: string) {
    super(`Send the body as ${accepted}`);
  }
}

/** The same Idempotency-Key was used before with a different request. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(options?: { cause?: unknown }) {
    super('This Idempotency-Key was already used with a different request body', options);
  }
}

/** A request with the same Idempotency-Key is still being processed. */
export class IdempotencyInProgressError extends DomainError {
  constructor(options?: { cause?: unknown }) {
    super('A request with this Idempotency-Key is still being processed; retry shortly', options);
  }
}

/** Someone else changed the item since it was read. */
export class ConcurrentUpdateError extends DomainError {}

/** The configured policy is not valid; the message names the field. */
export class PolicyError extends DomainError {
  constructor(readonly issues: Issue[]) {
    super(`Invalid policy: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

/** Configuration (environment) is missing or malformed. */
export class ConfigurationError extends DomainError {}

/** The case store could not be reached or refused the write for a reason that is not the input's fault. */
export class StoreUnavailableError extends DomainError {}

/** No valid identity reached the handler (the gateway should have refused it already). */
export class UnauthenticatedError extends DomainError {}

/** The caller's role may not do this; the message says why. */
export class ForbiddenError extends DomainError {}

export class NotFoundError extends DomainError {}

/** The action does not fit the case as it is now (closed, not in a stage, ...); the message says why. */
export class InvalidStateError extends DomainError {}

/** A change must say which version it read (If-Match or expectedVersion). */
export class PreconditionRequiredError extends DomainError {}

/** The workflow engine could not be reached; the change it was told about is stored all the same. */
export class WorkflowUnavailableError extends DomainError {}
