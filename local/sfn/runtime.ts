import { randomBytes, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { prepareDefinition, TASK_SEGMENT_MS, WRAPPED, type LocalState, type PreparedMachine, type TaskState, type WaitState, type WrappedInput } from './definition';
import { StillRunningError, ExecutionStoppedError, SfnApiError, StatesRuntimeError, TaskFailedError } from './errors';
import { ExecutionError, StateMachine, StatesTimeoutError } from './library';
import { after, type Timer } from './timers';

/**
 * The executions behind the local endpoint: each one is an aws-local-stepfunctions run of the
 * rewritten definition (./definition.ts), whose Task and Wait states all call back into `handle`.
 * Everything is in memory: `stop()` aborts every execution and clears every timer; resuming open
 * work after a restart is the caller's job.
 */

export type LambdaFunction = (payload: unknown) => Promise<unknown>;
export type TimeScale = (seconds: number) => number;
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** The input as given to StartExecution (a JSON string). */
  input: string;
  /** The output as a JSON string, once SUCCEEDED. */
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface RuntimeOptions {
  region: string;
  accountId: string;
  stateMachines: Array<{ name: string; definition: object }>;
  lambdas: Record<string, LambdaFunction>;
  timeScale?: TimeScale;
}

interface Machine {
  name: string;
  arn: string;
  prepared: PreparedMachine;
  library: StateMachine;
}

interface Execution {
  summary: ExecutionSummary;
  machine: Machine;
  abort?: () => void;
  /** Open task and wait runs (including ones parked between two segments). */
  tasks: Set<TaskRun>;
  /** Runs handed back to the library with `StillRunningError`, to be resumed when it re-enters the state. */
  parked: TaskRun[];
  timeout?: Timer;
  settled: Promise<void>;
}

/** One entry into a Task or Wait state: its outcome, its timers and (for callbacks) its token. */
class TaskRun {
  closed = false;
  token?: string;
  heartbeatMs?: number;
  lambdaReturned = false;
  readonly outcome: Promise<unknown>;
  private settle!: { resolve: (value: unknown) => void; reject: (error: unknown) => void };
  private readonly timers = new Map<string, Timer>();

  constructor(
    readonly execution: Execution,
    readonly state: LocalState,
    readonly key: string,
    private readonly onClose: (run: TaskRun) => void,
  ) {
    this.outcome = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.outcome.catch(() => {});
  }

  succeed = (value: unknown): void => this.close(() => this.settle.resolve(value));
  fail = (error: unknown): void => this.close(() => this.settle.reject(error));

  setTimer(name: string, ms: number, fire: () => void): void {
    if (this.closed) return;
    this.timers.get(name)?.cancel();
    this.timers.set(name, after(ms, fire));
  }

  private close(settle: () => void): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.onClose(this);
    settle();
  }
}

const MAX_PAYLOAD_BYTES = 262_144;
const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/;
const EXECUTION_ARN = /^arn:aws[\w-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/;
// AWS: 1-80 characters; no white space, brackets, wildcards, special or control characters.
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
const TOKEN = /^[A-Za-z0-9_-]{64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const FAIL_STATE_DEFAULT_NAME = 'FailStateError';
const FAIL_STATE_DEFAULT_CAUSE = 'Execution failed because of a Fail state';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonCopy(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** The function name in an ARN (`arn:aws:lambda:r:a:function:name[:qualifier]`), a partial ARN or `name[:qualifier]`. */
function functionNameOf(ref: string): string {
  const parts = ref.split(':');
  if (parts[0] === 'arn') return parts[6] ?? '';
  if (parts[1] === 'function') return parts[2] ?? '';
  return parts[0] ?? '';
}

function replaceInStrings(value: unknown, search: string, replacement: string): unknown {
  if (typeof value === 'string') return value.includes(search) ? value.split(search).join(replacement) : value;
  if (Array.isArray(value)) return value.map((v) => replaceInStrings(v, search, replacement));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceInStrings(v, search, replacement)]));
  return value;
}

/** How a thrown error looks to the state machine, as AWS reports a Lambda function error. */
function lambdaError(error: unknown): TaskFailedError {
  const errorType = error instanceof Error && error.name ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  return new TaskFailedError(errorType, JSON.stringify({ errorType, errorMessage }));
}

function failureOf(error: unknown): { error?: string; cause?: string } {
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (!(failure instanceof Error)) return { error: 'States.Runtime', cause: String(failure) };
  return {
    error: failure.name === FAIL_STATE_DEFAULT_NAME || failure.name === '' ? undefined : failure.name,
    cause: failure.message === FAIL_STATE_DEFAULT_CAUSE || failure.message === '' ? undefined : failure.message,
  };
}

export class LocalStepFunctionsRuntime {
  private readonly machines = new Map<string, Machine>();
  private readonly executionsByArn = new Map<string, Execution>();
  private readonly openTasks = new Map<string, TaskRun>();
  private readonly closedTokens = new Set<string>();
  private readonly lambdasByName = new Map<string, LambdaFunction | undefined>();
  /** What `$$.Task.Token` resolves to inside the library; swapped for the task's own token. */
  private readonly tokenPlaceholder = `__localSfnTaskToken_${randomUUID()}__`;
  private stopped = false;

  constructor(private readonly options: RuntimeOptions) {
    for (const { name, definition } of options.stateMachines) {
      const arn = this.stateMachineArn(name, false);
      if (this.machines.has(arn)) throw new Error(`State machine '${name}' is given twice`);
      const prepared = prepareDefinition(name, definition);
      const library = new StateMachine(prepared.libraryDefinition as unknown as ConstructorParameters<typeof StateMachine>[0], {
        validationOptions: { noValidate: true },
      });
      this.machines.set(arn, { name, arn, prepared, library });
    }
    for (const [arn, fn] of Object.entries(options.lambdas)) {
      const name = functionNameOf(arn);
      // Two ARNs with the same function name: only their full ARNs find them.
      this.lambdasByName.set(name, this.lambdasByName.has(name) ? undefined : fn);
    }
  }

  stateMachineArn(name: string, mustExist = true): string {
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
    if (mustExist && !this.machines.has(arn)) throw new Error(`No state machine named '${name}'`);
    return arn;
  }

  executions(): ExecutionSummary[] {
    return [...this.executionsByArn.values()].map((e) => ({ ...e.summary }));
  }

  listRunning(): ExecutionSummary[] {
    return this.executions().filter((e) => e.status === 'RUNNING');
  }

  // ---- API operations -------------------------------------------------------------------------

  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    if (this.stopped) throw new Error('The local Step Functions endpoint has stopped');
    const machine = this.machines.get(request.stateMachineArn);
    if (!machine) {
      if (!STATE_MACHINE_ARN.test(request.stateMachineArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${request.stateMachineArn}'`);
      throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    const name = request.name ?? randomUUID();
    if (!EXECUTION_NAME.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = request.input ?? '{}';
    if (Buffer.byteLength(inputText) > MAX_PAYLOAD_BYTES) throw new SfnApiError('InvalidExecutionInput', `Invalid Execution Input: larger than ${MAX_PAYLOAD_BYTES} bytes`);
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', 'Invalid Execution Input: not valid JSON');
    }
    const executionArn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const timeoutSeconds = machine.prepared.timeoutSeconds;
    const timeoutMs = timeoutSeconds === undefined ? undefined : this.scaledMs(timeoutSeconds, 'the state machine TimeoutSeconds');
    const existing = this.executionsByArn.get(executionArn);
    if (existing) {
      // AWS: the same name and input while RUNNING is the same request again; anything else is a clash.
      if (existing.summary.status === 'RUNNING' && existing.summary.input === inputText) {
        return { executionArn, startDate: existing.summary.startDate };
      }
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: Execution = {
      summary: { executionArn, stateMachineArn: machine.arn, name, status: 'RUNNING', input: inputText, startDate: new Date() },
      machine,
      tasks: new Set(),
      parked: [],
      settled: Promise.resolve(),
    };
    this.executionsByArn.set(executionArn, execution);
    const handlers = Object.fromEntries(
      [...machine.prepared.states.values()].map((state) => [state.name, (wrapped: unknown) => this.handle(execution, state, wrapped)]),
    );
    const context = {
      Execution: { Id: executionArn, Name: name, RoleArn: `arn:aws:iam::${this.options.accountId}:role/local-step-functions` },
      StateMachine: { Id: machine.arn, Name: machine.name },
      Task: { Token: this.tokenPlaceholder },
    };
    type RunArgs = Parameters<StateMachine['run']>;
    const run = machine.library.run(input as RunArgs[0], {
      overrides: { taskResourceLocalHandlers: handlers as NonNullable<NonNullable<RunArgs[1]>['overrides']>['taskResourceLocalHandlers'] },
      context,
    });
    execution.abort = run.abort;
    execution.settled = run.result.then(
      (output) => this.finish(execution, 'SUCCEEDED', { output: JSON.stringify(output ?? null) }),
      (error: unknown) => this.finish(execution, 'FAILED', failureOf(error)),
    );
    if (timeoutMs !== undefined && execution.summary.status === 'RUNNING') {
      execution.timeout = after(timeoutMs, () =>
        this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution ran longer than the state machine TimeoutSeconds' }),
      );
    }
    return { executionArn, startDate: execution.summary.startDate };
  }

  describeExecution(executionArn: string): ExecutionSummary {
    return { ...this.execution(executionArn).summary };
  }

  stopExecution(executionArn: string, error?: string, cause?: string): { stopDate: Date } {
    const execution = this.execution(executionArn);
    this.finish(execution, 'ABORTED', { error, cause });
    return { stopDate: execution.summary.stopDate ?? new Date() };
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    const run = this.openTask(taskToken);
    let value: unknown;
    try {
      value = JSON.parse(output);
    } catch {
      throw new SfnApiError('InvalidOutput', 'Invalid Output: not valid JSON');
    }
    if (Buffer.byteLength(output) > MAX_PAYLOAD_BYTES) throw new SfnApiError('InvalidOutput', `Invalid Output: larger than ${MAX_PAYLOAD_BYTES} bytes`);
    run.succeed(value);
  }

  sendTaskFailure(taskToken: string, error?: string, cause?: string): void {
    this.openTask(taskToken).fail(new TaskFailedError(error ?? '', cause ?? ''));
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.armHeartbeat(this.openTask(taskToken));
  }

  /** Aborts every running execution, clears every timer and closes every open task. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const execution of this.executionsByArn.values()) {
      this.finish(execution, 'ABORTED', { error: 'LocalStepFunctions.Stopped', cause: 'The local Step Functions endpoint stopped' });
    }
    await Promise.allSettled([...this.executionsByArn.values()].map((e) => e.settled));
    // Let the library's runs unwind from the closed tasks (its own per-Task timers are cleared there).
    await nextTurn();
  }

  // ---- inside an execution --------------------------------------------------------------------

  private execution(executionArn: string): Execution {
    const execution = this.executionsByArn.get(executionArn);
    if (execution) return execution;
    if (!EXECUTION_ARN.test(executionArn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${executionArn}'`);
    throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
  }

  private openTask(taskToken: string): TaskRun {
    if (!TOKEN.test(taskToken)) throw new SfnApiError('InvalidToken', 'Invalid Token: the task token is malformed');
    const run = this.openTasks.get(taskToken);
    if (run) return run;
    // AWS: a token whose task has closed (succeeded, failed, timed out, stopped) is TaskTimedOut.
    if (this.closedTokens.has(taskToken)) throw new SfnApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    throw new SfnApiError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'");
  }

  private finish(execution: Execution, status: ExecutionStatus, fields: { output?: string; error?: string; cause?: string }): void {
    const summary = execution.summary;
    const ending = summary.status === 'RUNNING';
    if (ending) {
      summary.status = status;
      summary.stopDate = new Date();
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) summary[key as 'output' | 'error' | 'cause'] = value;
    }
    execution.timeout?.cancel();
    execution.timeout = undefined;
    execution.parked.length = 0;
    // Also closes tasks of a Parallel branch or Map iteration the library abandoned.
    for (const run of [...execution.tasks]) run.fail(new ExecutionStoppedError());
    if (ending && (status === 'ABORTED' || status === 'TIMED_OUT')) execution.abort?.();
    // The library's run keeps its event log while anything holds its abort function.
    execution.abort = undefined;
  }

  /** The override of every Task and Wait state (./definition.ts): start the state, or resume a parked run. */
  private handle(execution: Execution, state: LocalState, wrapped: unknown): Promise<unknown> {
    if (execution.summary.status !== 'RUNNING') return Promise.reject(new ExecutionStoppedError());
    const key = JSON.stringify(wrapped) ?? '';
    let at = execution.parked.findIndex((r) => r.state === state && r.key === key);
    if (at < 0) at = execution.parked.findIndex((r) => r.state === state);
    if (at >= 0) return this.segment(execution.parked.splice(at, 1)[0]!);
    try {
      const input = (isObject(wrapped) ? wrapped : {}) as unknown as WrappedInput;
      return this.segment(state.kind === 'wait' ? this.startWait(execution, state, input, key) : this.startTask(execution, state, input, key));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The run's outcome, or `StillRunningError` just before the library's own per-Task timer (24.8 days,
   * the most Node holds) would fire; the hidden retrier then re-enters the state and `handle`
   * resumes this run.
   */
  private segment(run: TaskRun): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const cap = after(TASK_SEGMENT_MS, () => {
        if (run.closed) return;
        run.execution.parked.push(run);
        reject(new StillRunningError());
      });
      run.outcome.then(
        (value) => {
          cap.cancel();
          resolve(value);
        },
        (error: unknown) => {
          cap.cancel();
          reject(error);
        },
      );
    });
  }

  private newRun(execution: Execution, state: LocalState, key: string): TaskRun {
    const run = new TaskRun(execution, state, key, (closed) => {
      execution.tasks.delete(closed);
      if (closed.token) {
        this.openTasks.delete(closed.token);
        this.closedTokens.add(closed.token);
      }
    });
    execution.tasks.add(run);
    return run;
  }

  private startWait(execution: Execution, state: WaitState, input: WrappedInput, key: string): TaskRun {
    const ms = this.waitMs(state, input);
    const run = this.newRun(execution, state, key);
    run.setTimer('wait', ms, () => run.succeed(input[WRAPPED.input]));
    return run;
  }

  private startTask(execution: Execution, state: TaskState, input: WrappedInput, key: string): TaskRun {
    const timeoutSeconds = state.timeoutSeconds ?? (state.hasTimeoutPath ? this.pathSeconds(input[WRAPPED.timeoutSeconds], 'TimeoutSecondsPath', state) : undefined);
    const heartbeatSeconds =
      state.heartbeatSeconds ?? (state.hasHeartbeatPath ? this.pathSeconds(input[WRAPPED.heartbeatSeconds], 'HeartbeatSecondsPath', state) : undefined);
    const timeoutMs = timeoutSeconds === undefined ? undefined : this.scaledMs(timeoutSeconds, `TimeoutSeconds of '${state.name}'`);
    const heartbeatMs = heartbeatSeconds === undefined ? undefined : this.scaledMs(heartbeatSeconds, `HeartbeatSeconds of '${state.name}'`);
    const payload = state.hasParameters ? input[WRAPPED.parameters] : input[WRAPPED.input];

    const run = this.newRun(execution, state, key);
    if (timeoutMs !== undefined) run.setTimer('timeout', timeoutMs, () => run.fail(new StatesTimeoutError()));
    switch (state.integration.kind) {
      case 'lambda':
        this.invoke(state.integration.functionArn, payload).then(run.succeed, run.fail);
        break;
      case 'lambda:invoke':
        this.invokeIntegration(payload).then(run.succeed, run.fail);
        break;
      case 'lambda:invoke.waitForTaskToken': {
        const token = randomBytes(48).toString('base64url');
        run.token = token;
        run.heartbeatMs = heartbeatMs;
        this.openTasks.set(token, run);
        // AWS starts the heartbeat clock when the function returns; the task stays open for the token.
        this.invokeIntegration(replaceInStrings(payload, this.tokenPlaceholder, token)).then(() => {
          run.lambdaReturned = true;
          this.armHeartbeat(run);
        }, run.fail);
        break;
      }
    }
    return run;
  }

  private armHeartbeat(run: TaskRun): void {
    if (run.heartbeatMs === undefined || !run.lambdaReturned) return;
    run.setTimer('heartbeat', run.heartbeatMs, () =>
      run.fail(new TaskFailedError('States.HeartbeatTimeout', `No SendTaskHeartbeat within HeartbeatSeconds of '${run.state.name}'`)),
    );
  }

  private lambda(ref: string): LambdaFunction {
    const fn = this.options.lambdas[ref] ?? this.lambdasByName.get(functionNameOf(ref));
    if (!fn) throw new TaskFailedError('Lambda.ResourceNotFoundException', `Function not found: ${ref}`);
    return fn;
  }

  private async invoke(ref: string, payload: unknown): Promise<unknown> {
    const fn = this.lambda(ref);
    let result: unknown;
    try {
      result = await fn(jsonCopy(payload));
    } catch (error) {
      throw lambdaError(error);
    }
    try {
      return jsonCopy(result);
    } catch {
      throw new TaskFailedError('Lambda.Unknown', JSON.stringify({ errorType: 'Lambda.Unknown', errorMessage: 'The function returned a value that is not JSON' }));
    }
  }

  /** `arn:aws:states:::lambda:invoke`: the function's result inside the Lambda Invoke response, as AWS returns it. */
  private async invokeIntegration(parameters: unknown): Promise<unknown> {
    if (!isObject(parameters) || typeof parameters.FunctionName !== 'string') {
      throw new StatesRuntimeError('lambda:invoke needs Parameters.FunctionName (a string)');
    }
    const payload = 'Payload' in parameters ? parameters.Payload : {};
    const requestId = randomUUID();
    const response = (statusCode: number, result: unknown) => ({
      ExecutedVersion: '$LATEST',
      Payload: result,
      SdkHttpMetadata: {
        AllHttpHeaders: { 'Content-Type': ['application/json'], 'x-amzn-RequestId': [requestId], 'X-Amz-Executed-Version': ['$LATEST'] },
        HttpHeaders: { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId, 'X-Amz-Executed-Version': '$LATEST' },
        HttpStatusCode: statusCode,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: statusCode,
    });
    switch (parameters.InvocationType) {
      case 'Event':
        this.lambda(parameters.FunctionName);
        this.invoke(parameters.FunctionName, payload).catch(() => {});
        return response(202, '');
      case 'DryRun':
        this.lambda(parameters.FunctionName);
        return response(204, '');
      default:
        return response(200, await this.invoke(parameters.FunctionName, payload));
    }
  }

  private waitMs(state: WaitState, input: WrappedInput): number {
    if (state.seconds !== undefined) return this.scaledMs(state.seconds, `Wait '${state.name}'`);
    if (WRAPPED.waitSeconds in input) {
      const seconds = input[WRAPPED.waitSeconds];
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw new StatesRuntimeError(`SecondsPath of '${state.name}' gave ${JSON.stringify(seconds)}; expected an integer >= 0`);
      }
      return this.scaledMs(seconds, `Wait '${state.name}'`);
    }
    const timestamp = state.timestamp ?? input[WRAPPED.waitTimestamp];
    if (typeof timestamp !== 'string' || !RFC3339.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
      throw new StatesRuntimeError(`Timestamp of '${state.name}' is ${JSON.stringify(timestamp)}; expected an RFC 3339 timestamp`);
    }
    const remainingMs = Date.parse(timestamp) - Date.now();
    return remainingMs <= 0 ? 0 : this.scaledMs(remainingMs / 1000, `Wait '${state.name}'`);
  }

  private pathSeconds(value: unknown, field: string, state: TaskState): number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
    throw new StatesRuntimeError(`${field} of '${state.name}' gave ${JSON.stringify(value)}; expected an integer >= 1`);
  }

  private scaledMs(seconds: number, what: string): number {
    const scaled = this.options.timeScale ? this.options.timeScale(seconds) : seconds;
    if (!Number.isFinite(scaled) || scaled < 0) {
      throw new StatesRuntimeError(`timeScale(${seconds}) for ${what} gave ${scaled}; expected a finite number >= 0`);
    }
    return scaled * 1000;
  }
}
