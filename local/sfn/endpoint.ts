import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AWS_ERROR_NAMESPACE, SfnApiError } from './errors';
import { LocalStepFunctionsRuntime, type ExecutionSummary, type LambdaFunction, type TimeScale } from './runtime';

/**
 * A local Step Functions endpoint that `@aws-sdk/client-sfn` talks to unchanged (DESIGN.md §4):
 * the AWS JSON 1.0 protocol (`POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`) on 127.0.0.1,
 * executions interpreted by aws-local-stepfunctions with its gaps filled (./runtime.ts,
 * ./definition.ts), Lambda tasks routed to in-process functions by ARN.
 *
 * Operations: StartExecution, DescribeExecution, StopExecution, SendTaskSuccess, SendTaskFailure,
 * SendTaskHeartbeat. Anything else is `UnknownOperationException`.
 *
 * Known differences from AWS, none used by statemachines/:
 * - Task resources: Lambda only (a function ARN, `lambda:invoke`, `lambda:invoke.waitForTaskToken`);
 *   anything else, JSONata and distributed Map are refused when the endpoint starts. `Qualifier` is ignored.
 * - Context object: `$$.Execution.{Id,Name,Input,StartTime,RoleArn}`, `$$.StateMachine.{Id,Name}`,
 *   `$$.Task.Token`, `$$.Map.Item.*`; no `$$.State.*`.
 * - A task in a Parallel branch or Map iteration that the library abandons (a sibling failed) stays
 *   open until its execution ends. Two Map iterations with identical input, both open for more than
 *   23 days at once, may swap tokens when the endpoint re-enters their state.
 * - Retry intervals are the library's own (not time-scaled; one timer, so at most 24.8 days).
 * - No execution history (GetExecutionHistory); executions live in memory only.
 * - asl-validator (used by the library) crashes on a state named `Branches`: name it otherwise.
 */

export type { ExecutionStatus, ExecutionSummary, LambdaFunction, TimeScale } from './runtime';
export { InvalidDefinitionError } from './definition';

export interface LocalStepFunctionsOptions {
  /** 0 picks a free port. */
  port: number;
  /** ASL (JSONPath), placeholders already substituted. */
  stateMachines: Array<{ name: string; definition: object }>;
  /** By function ARN; a Task may also name the function alone (`FunctionName: "steps"`). */
  lambdas: Record<string, LambdaFunction>;
  /** Default eu-west-2. */
  region?: string;
  /** Default 123456789012. */
  accountId?: string;
  /**
   * Maps a duration in seconds from the definition (Wait states, Task TimeoutSeconds and
   * HeartbeatSeconds, the machine's TimeoutSeconds) to the seconds actually waited, so a demo can
   * make a working day last a few seconds. Default: unchanged.
   */
  timeScale?: TimeScale;
}

export interface LocalStepFunctions {
  /** `http://127.0.0.1:<port>`: give it to the SDK as `endpoint` (or AWS_ENDPOINT_URL_SFN). */
  endpoint: string;
  stateMachineArn(name: string): string;
  /** Every execution since start, newest last. */
  executions(): ExecutionSummary[];
  /** Executions still RUNNING (in memory only: after a restart, resuming them is the caller's job). */
  listRunning(): ExecutionSummary[];
  /** Aborts every execution, clears every timer and closes the server. */
  stop(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
const TARGET_PREFIX = 'AWSStepFunctions.';

type Body = Record<string, unknown>;

function invalid(message: string): SfnApiError {
  return new SfnApiError('ValidationException', `1 validation error detected: ${message}`);
}

function optionalString(body: Body, field: string, maxLength: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new SfnApiError('SerializationException', `'${field}' must be a string`);
  if (value.length > maxLength) throw invalid(`Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`);
  return value;
}

function requiredString(body: Body, field: string, maxLength: number): string {
  const value = optionalString(body, field, maxLength);
  if (value === undefined) throw invalid(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (value.length === 0) throw invalid(`Value at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  return value;
}

const epochSeconds = (date: Date): number => date.getTime() / 1000;

const OPERATIONS: Record<string, (runtime: LocalStepFunctionsRuntime, body: Body) => Body> = {
  StartExecution(runtime, body) {
    const started = runtime.startExecution({
      stateMachineArn: requiredString(body, 'stateMachineArn', 256),
      name: optionalString(body, 'name', 80),
      input: optionalString(body, 'input', 262_144),
    });
    return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
  },
  DescribeExecution(runtime, body) {
    const e = runtime.describeExecution(requiredString(body, 'executionArn', 2048));
    return {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: epochSeconds(e.startDate),
      ...(e.stopDate ? { stopDate: epochSeconds(e.stopDate) } : {}),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    };
  },
  StopExecution(runtime, body) {
    const stopped = runtime.stopExecution(requiredString(body, 'executionArn', 2048), optionalString(body, 'error', 256), optionalString(body, 'cause', 32_768));
    return { stopDate: epochSeconds(stopped.stopDate) };
  },
  SendTaskSuccess(runtime, body) {
    runtime.sendTaskSuccess(requiredString(body, 'taskToken', 2048), requiredString(body, 'output', 262_144));
    return {};
  },
  SendTaskFailure(runtime, body) {
    runtime.sendTaskFailure(requiredString(body, 'taskToken', 2048), optionalString(body, 'error', 256), optionalString(body, 'cause', 32_768));
    return {};
  },
  SendTaskHeartbeat(runtime, body) {
    runtime.sendTaskHeartbeat(requiredString(body, 'taskToken', 2048));
    return {};
  },
};

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
  }
  return size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

async function respond(runtime: LocalStepFunctionsRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const text = await readBody(req);
    if (req.method !== 'POST') throw new SfnApiError('UnknownOperationException', `${req.method} is not an operation; the Step Functions API takes POST /`);
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? OPERATIONS[target.slice(TARGET_PREFIX.length)] : undefined;
    if (!operation) throw new SfnApiError('UnknownOperationException', `Unknown operation: ${String(target)}`);
    if (text === undefined) throw invalid(`the request body is larger than ${MAX_REQUEST_BYTES} bytes`);
    let body: unknown;
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new SfnApiError('SerializationException', 'The request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SfnApiError('SerializationException', 'The request body must be a JSON object');
    send(res, 200, operation(runtime, body as Body));
  } catch (error) {
    if (error instanceof SfnApiError) send(res, error.statusCode, error.toBody());
    else send(res, 500, { __type: `${AWS_ERROR_NAMESPACE}#InternalFailure`, message: error instanceof Error ? error.message : 'Internal failure' });
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

export async function startLocalStepFunctions(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const runtime = new LocalStepFunctionsRuntime({
    region: options.region ?? 'eu-west-2',
    accountId: options.accountId ?? '123456789012',
    stateMachines: options.stateMachines,
    lambdas: options.lambdas,
    timeScale: options.timeScale,
  });
  const server = createServer((req, res) => void respond(runtime, req, res));
  await listen(server, options.port);
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stateMachineArn: (name) => runtime.stateMachineArn(name),
    executions: () => runtime.executions(),
    listRunning: () => runtime.listRunning(),
    stop: () => (stopping ??= (async () => {
      await runtime.stop();
      await close(server);
    })()),
  };
}
