import { CONTINUE_ERROR_NAME } from './errors';
import { StateMachine } from './library';

/**
 * Turns an ASL definition into the one aws-local-stepfunctions runs, so that the endpoint, not the
 * library, owns everything the library gets wrong about time and tokens (DESIGN.md §4):
 *
 * - Every Task and every Wait state runs through a `taskResourceLocalHandlers` override (the
 *   library's only hook that runs code in a state). Wait states become Tasks whose handler waits.
 * - The handler receives one object, built by the library from a rewritten `Parameters`:
 *   the state's effective input (after InputPath), the resolved original `Parameters`, and the
 *   resolved `TimeoutSecondsPath`/`HeartbeatSecondsPath`/`SecondsPath`/`TimestampPath`. The library
 *   still evaluates every path (and `$$` context paths), so its JSONPath semantics are kept.
 * - The library's own Task timer (60 s by default, one `setTimeout`) is set to the longest Node can
 *   hold; the endpoint applies the real `TimeoutSeconds` itself, and just before the library's timer
 *   would fire it raises `LocalStepFunctions.Continue`, which a hidden first retrier re-enters at once.
 * - The machine's top-level `TimeoutSeconds` is removed from the library's copy and applied by the
 *   endpoint too (the library's single timer has the same 24.8-day limit).
 */

export const WRAPPED = {
  input: '__localSfnInput',
  parameters: '__localSfnParameters',
  timeoutSeconds: '__localSfnTimeoutSeconds',
  heartbeatSeconds: '__localSfnHeartbeatSeconds',
  waitSeconds: '__localSfnWaitSeconds',
  waitTimestamp: '__localSfnWaitTimestamp',
} as const;

/** What a handler receives, as the rewritten `Parameters` resolve. */
export interface WrappedInput {
  [WRAPPED.input]: unknown;
  [WRAPPED.parameters]?: unknown;
  [WRAPPED.timeoutSeconds]?: unknown;
  [WRAPPED.heartbeatSeconds]?: unknown;
  [WRAPPED.waitSeconds]?: unknown;
  [WRAPPED.waitTimestamp]?: unknown;
}

/** The library's per-Task timer: the longest whole number of seconds a Node timer can hold. */
export const LIBRARY_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
/** The endpoint hands the state back to the library (and re-enters it) this long into each attempt. */
export const TASK_SEGMENT_MS = 2_000_000_000;

const CONTINUE_RETRIER = { ErrorEquals: [CONTINUE_ERROR_NAME], IntervalSeconds: 0, MaxAttempts: Number.MAX_SAFE_INTEGER, BackoffRate: 1 };
const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';

export type Integration =
  | { kind: 'lambda'; functionArn: string }
  | { kind: 'lambda:invoke' }
  | { kind: 'lambda:invoke.waitForTaskToken' };

type Json = Record<string, unknown>;

export interface TaskState {
  kind: 'task';
  name: string;
  integration: Integration;
  timeoutSeconds?: number;
  hasTimeoutPath: boolean;
  heartbeatSeconds?: number;
  hasHeartbeatPath: boolean;
  hasParameters: boolean;
}

export interface WaitState {
  kind: 'wait';
  name: string;
  seconds?: number;
  timestamp?: string;
}

export type LocalState = TaskState | WaitState;

export interface PreparedMachine {
  /** The definition handed to aws-local-stepfunctions. */
  libraryDefinition: Json;
  /** Every Task and Wait state, at any depth (Parallel branches, Map processors), by name. */
  states: Map<string, LocalState>;
  /** The machine's own TimeoutSeconds, applied by the endpoint. */
  timeoutSeconds?: number;
}

export class InvalidDefinitionError extends Error {
  constructor(machine: string, reason: string) {
    super(`State machine '${machine}': ${reason}`);
    this.name = 'InvalidDefinitionError';
  }
}

function integrationOf(resource: unknown): Integration | undefined {
  if (typeof resource !== 'string') return undefined;
  if (/^arn:aws[\w-]*:states:::lambda:invoke$/.test(resource)) return { kind: 'lambda:invoke' };
  if (/^arn:aws[\w-]*:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return { kind: 'lambda:invoke.waitForTaskToken' };
  if (/^arn:aws[\w-]*:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/.test(resource)) return { kind: 'lambda', functionArn: resource };
  return undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

export function prepareDefinition(machine: string, definition: object): PreparedMachine {
  try {
    new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0]);
  } catch (error) {
    throw new InvalidDefinitionError(machine, error instanceof Error ? error.message : String(error));
  }
  const root = definition as Json;
  const states = new Map<string, LocalState>();
  const names = new Set<string>();
  const fail = (reason: string): never => {
    throw new InvalidDefinitionError(machine, reason);
  };
  if (root.QueryLanguage === 'JSONata') fail('JSONata is not supported locally (aws-local-stepfunctions ignores it); use JSONPath');

  const rewriteMachine = (m: Json): Json => {
    const { TimeoutSeconds: _timeout, States, ...rest } = m;
    const rewritten: Json = {};
    for (const [name, state] of Object.entries(States as Record<string, Json>)) {
      if (names.has(name)) fail(`state name '${name}' is used twice; AWS requires unique names`);
      names.add(name);
      rewritten[name] = rewriteState(name, state);
    }
    return { ...rest, States: rewritten };
  };

  const rewriteState = (name: string, state: Json): Json => {
    if (state.QueryLanguage === 'JSONata') fail(`state '${name}' uses JSONata, which is not supported locally; use JSONPath`);
    switch (state.Type) {
      case 'Task':
        return rewriteTask(name, state);
      case 'Wait':
        return rewriteWait(name, state);
      case 'Parallel':
        return { ...state, Branches: (state.Branches as Json[]).map(rewriteMachine) };
      case 'Map': {
        const out: Json = { ...state };
        if (state.ItemReader !== undefined || state.ResultWriter !== undefined) fail(`Map state '${name}': ItemReader/ResultWriter (distributed Map) are not supported locally`);
        if (state.ItemProcessor) out.ItemProcessor = rewriteMachine(state.ItemProcessor as Json);
        if (state.Iterator) out.Iterator = rewriteMachine(state.Iterator as Json);
        return out;
      }
      default:
        return state;
    }
  };

  const rewriteTask = (name: string, state: Json): Json => {
    const integration = integrationOf(state.Resource);
    if (!integration) {
      return fail(
        `Task state '${name}': resource '${String(state.Resource)}' is not supported locally; use a Lambda ARN, ` +
          `arn:aws:states:::lambda:invoke or arn:aws:states:::lambda:invoke.waitForTaskToken`,
      );
    }
    const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, Parameters, Retry, Credentials: _credentials, ...rest } = state;
    const parameters: Json = { [`${WRAPPED.input}.$`]: '$' };
    if ('Parameters' in state) parameters[WRAPPED.parameters] = Parameters;
    if (typeof TimeoutSecondsPath === 'string') parameters[`${WRAPPED.timeoutSeconds}.$`] = TimeoutSecondsPath;
    if (typeof HeartbeatSecondsPath === 'string') parameters[`${WRAPPED.heartbeatSeconds}.$`] = HeartbeatSecondsPath;
    const local: TaskState = {
      kind: 'task',
      name,
      integration,
      timeoutSeconds: positiveInteger(TimeoutSeconds),
      hasTimeoutPath: typeof TimeoutSecondsPath === 'string',
      heartbeatSeconds: positiveInteger(HeartbeatSeconds),
      hasHeartbeatPath: typeof HeartbeatSecondsPath === 'string',
      hasParameters: 'Parameters' in state,
    };
    states.set(name, local);
    return {
      ...rest,
      Parameters: parameters,
      TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
      Retry: [CONTINUE_RETRIER, ...((Retry as unknown[] | undefined) ?? [])],
    };
  };

  const rewriteWait = (name: string, state: Json): Json => {
    const { Seconds, SecondsPath, Timestamp, TimestampPath, ...rest } = state;
    const parameters: Json = { [`${WRAPPED.input}.$`]: '$' };
    if (typeof SecondsPath === 'string') parameters[`${WRAPPED.waitSeconds}.$`] = SecondsPath;
    if (typeof TimestampPath === 'string') parameters[`${WRAPPED.waitTimestamp}.$`] = TimestampPath;
    states.set(name, {
      kind: 'wait',
      name,
      seconds: typeof Seconds === 'number' ? Seconds : undefined,
      timestamp: typeof Timestamp === 'string' ? Timestamp : undefined,
    });
    return {
      ...rest,
      Type: 'Task',
      Resource: LOCAL_WAIT_RESOURCE,
      Parameters: parameters,
      TimeoutSeconds: LIBRARY_TASK_TIMEOUT_SECONDS,
      Retry: [CONTINUE_RETRIER],
    };
  };

  const libraryDefinition = rewriteMachine(root);
  return { libraryDefinition, states, timeoutSeconds: positiveInteger(root.TimeoutSeconds) };
}
