/**
 * Two kinds of error live here.
 *
 * `SfnApiError`: an answer of the Step Functions API, sent as AWS does for the JSON 1.0 protocol:
 * HTTP 400 and `{"__type": "com.amazonaws.swf.service.v2.model#<Name>", "message": "..."}`. The SDK
 * keeps what follows the `#` and looks that name up in its error registry, so `TaskDoesNotExist`
 * arrives as the SDK's `TaskDoesNotExist` class.
 *
 * The others are raised inside an execution and read by aws-local-stepfunctions' Retry/Catch logic,
 * which matches `error.name` against `ErrorEquals` and reads `isRetryable`/`isCatchable` when present.
 */

export const AWS_ERROR_NAMESPACE = 'com.amazonaws.swf.service.v2.model';

export type SfnErrorName =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'SerializationException'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'UnknownOperationException'
  | 'ValidationException';

export class SfnApiError extends Error {
  constructor(
    readonly type: SfnErrorName,
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  get statusCode(): number {
    return 400;
  }

  toBody(): { __type: string; message: string } {
    return { __type: `${AWS_ERROR_NAMESPACE}#${this.type}`, message: this.message };
  }
}

/** A failed task as the state machine sees it: `Error` is the name, `Cause` the message. */
export class TaskFailedError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** `States.Runtime`: an invalid path or value at run time. Neither retried nor caught, as in AWS. */
export class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** Ends whatever state was running when its execution was stopped; never retried or caught. */
export class ExecutionStoppedError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('The execution was stopped');
    this.name = 'LocalStepFunctions.ExecutionStopped';
  }
}

/**
 * Raised by the endpoint just before the library's own per-Task timer (which cannot exceed 24.8
 * days) would fire. A hidden first retrier matches only this name and re-enters the state at once;
 * the endpoint then resumes the same open task (same token, same deadline).
 */
export const CONTINUE_ERROR_NAME = 'LocalStepFunctions.Continue';

export class StillRunningError extends Error {
  constructor() {
    super('The task is still running; re-entering the state to keep waiting');
    this.name = CONTINUE_ERROR_NAME;
  }
}
