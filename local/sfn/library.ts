import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';

/**
 * aws-local-stepfunctions 3.0.0 as this endpoint needs it (DESIGN.md §4). Every npm script runs on
 * Node 22 (the `node` devDependency), so the library's own `Promise.withResolvers` is there.
 *
 * The library tells a task timeout from other task errors with `instanceof` on its own
 * `StatesTimeoutError` class, which it does not export: that is how `States.TaskFailed` in a Retry
 * or Catch does not match `States.Timeout`, as in AWS. The endpoint raises its own timeouts (the
 * library's single `setTimeout` cannot hold one longer than 24.8 days), so it needs that very class:
 * it is taken once, at import, from a throwaway Task that the library times out after 1 ms.
 */

export type StatesTimeoutErrorClass = new () => Error;

async function libraryTimeoutErrorClass(): Promise<StatesTimeoutErrorClass> {
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:probe', TimeoutSeconds: 0.001, End: true } },
    },
    { validationOptions: { noValidate: true } },
  );
  const { result } = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => {}) } } });
  try {
    await result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as StatesTimeoutErrorClass;
  }
  throw new Error('aws-local-stepfunctions did not time out a 1 ms Task with States.Timeout: this endpoint needs version 3.0.0');
}

export const StatesTimeoutError: StatesTimeoutErrorClass = await libraryTimeoutErrorClass();

export { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';
