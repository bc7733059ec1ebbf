import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidDefinitionError, startLocalStepFunctions, type LocalStepFunctions, type LocalStepFunctionsOptions } from '../../../local/sfn/endpoint';
import { RUN_TS } from '../../support/local-process';

/**
 * The local Step Functions endpoint through the real `@aws-sdk/client-sfn`, with toy definitions.
 * Long durations (a 30-day Wait, a callback open for weeks) run on vitest's fake clock; nothing here
 * waits more than a couple of real seconds, and nothing asserts how fast anything ran.
 */

const ACCOUNT = '123456789012';
const fn = (name: string) => `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:${name}`;
const DAY_MS = 86_400_000;

class MailerUnavailableError extends Error {
  override name = 'MailerUnavailableError';
}

interface Started {
  sfn: LocalStepFunctions;
  client: SFNClient;
  start(machine: string, input?: unknown, name?: string): Promise<string>;
  describe(executionArn: string): Promise<DescribeExecutionCommandOutput>;
  /** Polls (real clock) until the execution is no longer RUNNING. */
  finished(executionArn: string): Promise<DescribeExecutionCommandOutput>;
}

const open: Started[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const s of open.splice(0)) {
    await s.sfn.stop();
    s.client.destroy();
  }
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function endpoint(
  stateMachines: Record<string, object>,
  lambdas: LocalStepFunctionsOptions['lambdas'] = {},
  extra: Partial<LocalStepFunctionsOptions> = {},
): Promise<Started> {
  const sfn = await startLocalStepFunctions({
    port: 0,
    stateMachines: Object.entries(stateMachines).map(([name, definition]) => ({ name, definition })),
    lambdas,
    ...extra,
  });
  const client = new SFNClient({ endpoint: sfn.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const describe = (executionArn: string) => client.send(new DescribeExecutionCommand({ executionArn }));
  const s: Started = {
    sfn,
    client,
    async start(machine, input = {}, name) {
      const out = await client.send(new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn(machine), input: JSON.stringify(input), name }));
      return out.executionArn!;
    },
    describe,
    async finished(executionArn) {
      for (;;) {
        const d = await describe(executionArn);
        if (d.status !== 'RUNNING') return d;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
  open.push(s);
  return s;
}

/** A promise the test can resolve from inside a Lambda function. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A Lambda function that hands its payload (with the task token) to the test and returns at once. */
function tokenReceiver() {
  const received: Array<{ token: string; payload: Record<string, unknown> }> = [];
  let next = deferred<string>();
  const lambda = async (payload: unknown) => {
    const p = payload as Record<string, unknown>;
    received.push({ token: String(p.token), payload: p });
    next.resolve(String(p.token));
    return { accepted: true };
  };
  return {
    lambda,
    received,
    async nextToken() {
      const token = await next.promise;
      next = deferred<string>();
      return token;
    },
  };
}

const callbackTask = (extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: fn('await'), Payload: { 'token.$': '$$.Task.Token', 'reference.$': '$.reference' } },
  ...extra,
});

describe('executions', () => {
  it('runs an execution to SUCCEEDED and describes its input, output and dates', async () => {
    const s = await endpoint({
      greet: {
        StartAt: 'Greet',
        States: { Greet: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello {}', $.who)" }, End: true } },
      },
    });
    const arn = await s.start('greet', { who: 'Kent' }, 'first');
    expect(arn).toBe(`arn:aws:states:eu-west-2:${ACCOUNT}:execution:greet:first`);
    const done = await s.finished(arn);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      name: 'first',
      stateMachineArn: `arn:aws:states:eu-west-2:${ACCOUNT}:stateMachine:greet`,
      input: '{"who":"Kent"}',
      output: '{"greeting":"Hello Kent"}',
    });
    expect(done.startDate).toBeInstanceOf(Date);
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());
    expect(s.sfn.executions().map((e) => e.status)).toEqual(['SUCCEEDED']);
  });

  it('gives a Lambda called through arn:aws:states:::lambda:invoke its Payload, and the state its $.Payload', async () => {
    const calls: unknown[] = [];
    const s = await endpoint(
      {
        ack: {
          StartAt: 'Acknowledge',
          States: {
            Acknowledge: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: fn('steps'), Payload: { step: 'acknowledge', 'reference.$': '$.reference' } },
              TimeoutSeconds: 60,
              ResultSelector: { 'result.$': '$.Payload', 'status.$': '$.StatusCode' },
              ResultPath: '$.acknowledgement',
              End: true,
            },
          },
        },
      },
      {
        [fn('steps')]: async (payload) => {
          calls.push(payload);
          return { kind: 'complaint', sent: true };
        },
      },
    );
    const done = await s.finished(await s.start('ack', { reference: 'CC-2026-00042' }));
    expect(calls).toEqual([{ step: 'acknowledge', reference: 'CC-2026-00042' }]);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      reference: 'CC-2026-00042',
      acknowledgement: { result: { kind: 'complaint', sent: true }, status: 200 },
    });
  });

  it('calls a Lambda named directly as the Resource with the effective input and takes its result as is', async () => {
    const s = await endpoint(
      { add: { StartAt: 'Add', States: { Add: { Type: 'Task', Resource: fn('add'), InputPath: '$.numbers', End: true } } } },
      { [fn('add')]: async (payload) => ({ sum: (payload as { a: number; b: number }).a + (payload as { a: number; b: number }).b }) },
    );
    const done = await s.finished(await s.start('add', { numbers: { a: 2, b: 3 } }));
    expect(done.output).toBe('{"sum":5}');
  });

  it('retries a task whose Lambda fails twice with a named error, then succeeds', async () => {
    let attempts = 0;
    const s = await endpoint(
      {
        mail: {
          StartAt: 'Send',
          States: {
            Send: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: fn('mailer'), Payload: {} },
              TimeoutSeconds: 60,
              Retry: [{ ErrorEquals: ['MailerUnavailableError'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 2 }],
              OutputPath: '$.Payload',
              End: true,
            },
          },
        },
      },
      {
        [fn('mailer')]: async () => {
          attempts += 1;
          if (attempts <= 2) throw new MailerUnavailableError('SES is down');
          return { sent: attempts };
        },
      },
    );
    const done = await s.finished(await s.start('mail'));
    expect(done.status).toBe('SUCCEEDED');
    expect(done.output).toBe('{"sent":3}');
  });

  it("routes a Lambda's named error to the Catch for that name, with AWS's Error and Cause", async () => {
    const s = await endpoint(
      {
        mail: {
          StartAt: 'Send',
          States: {
            Send: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: fn('mailer'), Payload: {} },
              TimeoutSeconds: 60,
              Catch: [
                { ErrorEquals: ['SomethingElseError'], Next: 'Wrong' },
                { ErrorEquals: ['MailerUnavailableError'], ResultPath: '$.error', Next: 'Give it to a person' },
              ],
              End: true,
            },
            Wrong: { Type: 'Fail', Error: 'Wrong' },
            'Give it to a person': { Type: 'Pass', End: true },
          },
        },
      },
      {
        [fn('mailer')]: async () => {
          throw new MailerUnavailableError('SES is down');
        },
      },
    );
    const done = await s.finished(await s.start('mail', { reference: 'CC-1' }));
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!);
    expect(output.reference).toBe('CC-1');
    expect(output.error.Error).toBe('MailerUnavailableError');
    expect(JSON.parse(output.error.Cause)).toEqual({ errorType: 'MailerUnavailableError', errorMessage: 'SES is down' });
  });

  it('fails the execution with the error and cause of an uncaught failure or a Fail state', async () => {
    const s = await endpoint(
      {
        boom: { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: fn('boom'), End: true } } },
        refuse: { StartAt: 'No', States: { No: { Type: 'Fail', Error: 'Refused', Cause: 'Not today' } } },
      },
      {
        [fn('boom')]: async () => {
          throw new TypeError('bad input');
        },
      },
    );
    expect(await s.finished(await s.start('boom'))).toMatchObject({ status: 'FAILED', error: 'TypeError', cause: '{"errorType":"TypeError","errorMessage":"bad input"}' });
    expect(await s.finished(await s.start('refuse'))).toMatchObject({ status: 'FAILED', error: 'Refused', cause: 'Not today' });
  });
});

describe('waitForTaskToken', () => {
  it('gives the Lambda a fresh task token and resumes with the output SendTaskSuccess brings', async () => {
    const receiver = tokenReceiver();
    const s = await endpoint({ wait: { StartAt: 'Await', States: { Await: callbackTask({ TimeoutSeconds: 3600, End: true }) } } }, { [fn('await')]: receiver.lambda });
    const first = await s.start('wait', { reference: 'CC-1' });
    const firstToken = await receiver.nextToken();
    const second = await s.start('wait', { reference: 'CC-2' });
    const secondToken = await receiver.nextToken();
    expect(firstToken).not.toBe(secondToken);
    expect(receiver.received.map((r) => r.payload.reference)).toEqual(['CC-1', 'CC-2']);
    expect((await s.describe(first)).status).toBe('RUNNING');

    await s.client.send(new SendTaskSuccessCommand({ taskToken: secondToken, output: JSON.stringify({ outcome: 'resolved' }) }));
    expect(await s.finished(second)).toMatchObject({ status: 'SUCCEEDED', output: '{"outcome":"resolved"}' });
    expect((await s.describe(first)).status).toBe('RUNNING');
    expect(s.sfn.listRunning().map((e) => e.executionArn)).toEqual([first]);
  });

  it('routes SendTaskFailure to the Catch for its error, with its cause', async () => {
    const receiver = tokenReceiver();
    const s = await endpoint(
      {
        wait: {
          StartAt: 'Await',
          States: {
            Await: callbackTask({ TimeoutSeconds: 3600, Catch: [{ ErrorEquals: ['StageTransferredError'], ResultPath: '$.error', Next: 'Transferred' }], End: true }),
            Transferred: { Type: 'Pass', End: true },
          },
        },
      },
      { [fn('await')]: receiver.lambda },
    );
    const arn = await s.start('wait', { reference: 'CC-3' });
    await s.client.send(new SendTaskFailureCommand({ taskToken: await receiver.nextToken(), error: 'StageTransferredError', cause: 'to Fleet' }));
    const done = await s.finished(arn);
    expect(JSON.parse(done.output!)).toEqual({ reference: 'CC-3', error: { Error: 'StageTransferredError', Cause: 'to Fleet' } });
  });

  it('gives each Map iteration its own token and collects what each SendTaskSuccess brings', async () => {
    const receiver = tokenReceiver();
    const s = await endpoint(
      {
        each: {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.references',
              ItemSelector: { 'reference.$': '$$.Map.Item.Value' },
              ItemProcessor: { StartAt: 'Await', States: { Await: callbackTask({ TimeoutSeconds: 3600, End: true }) } },
              End: true,
            },
          },
        },
      },
      { [fn('await')]: receiver.lambda },
    );
    const arn = await s.start('each', { references: ['CC-20', 'CC-21'] });
    await receiver.nextToken();
    while (receiver.received.length < 2) await receiver.nextToken();
    const byReference = Object.fromEntries(receiver.received.map((r) => [r.payload.reference, r.token]));
    expect(byReference['CC-20']).not.toBe(byReference['CC-21']);
    await s.client.send(new SendTaskSuccessCommand({ taskToken: byReference['CC-21']!, output: '"second"' }));
    await s.client.send(new SendTaskSuccessCommand({ taskToken: byReference['CC-20']!, output: '"first"' }));
    expect((await s.finished(arn)).output).toBe('["first","second"]');
  });

  it('times out after TimeoutSecondsPath (read from the state input) with States.Timeout, which States.TaskFailed does not catch', async () => {
    const receiver = tokenReceiver();
    const s = await endpoint(
      {
        wait: {
          StartAt: 'Await',
          States: {
            Await: callbackTask({
              TimeoutSecondsPath: '$.stage.waitSeconds',
              Catch: [
                { ErrorEquals: ['States.TaskFailed'], Next: 'Wrong' },
                { ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Move on' },
              ],
              End: true,
            }),
            Wrong: { Type: 'Fail', Error: 'Wrong' },
            'Move on': { Type: 'Pass', End: true },
          },
        },
      },
      { [fn('await')]: receiver.lambda },
    );
    const arn = await s.start('wait', { reference: 'CC-4', stage: { waitSeconds: 1 } });
    const token = await receiver.nextToken();
    const done = await s.finished(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).timedOut.Error).toBe('States.Timeout');
    // The task has closed: AWS answers TaskTimedOut for its token.
    await expect(s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toThrow(TaskTimedOut);
  });

  it('stays open with no TimeoutSeconds well past the library’s hidden 60 s, and past 24.8 days, with the same token', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const receiver = tokenReceiver();
    const s = await endpoint({ wait: { StartAt: 'Await', States: { Await: callbackTask({ End: true }) } } }, { [fn('await')]: receiver.lambda });
    const arn = await s.start('wait', { reference: 'CC-5' });
    const token = await receiver.nextToken();

    await vi.advanceTimersByTimeAsync(61_000);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(40 * DAY_MS);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    expect(receiver.received).toHaveLength(1); // re-entering the state never calls the Lambda again

    await s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"outcome":"upheld"}' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(await s.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '{"outcome":"upheld"}' });
  });

  it('honours a TimeoutSeconds longer than 24.8 days exactly', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const receiver = tokenReceiver();
    const s = await endpoint(
      {
        wait: {
          StartAt: 'Await',
          States: {
            Await: callbackTask({ TimeoutSeconds: 30 * 86_400, Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Move on' }], End: true }),
            'Move on': { Type: 'Pass', End: true },
          },
        },
      },
      { [fn('await')]: receiver.lambda },
    );
    const arn = await s.start('wait', { reference: 'CC-6' });
    await receiver.nextToken();
    await vi.advanceTimersByTimeAsync(30 * DAY_MS - 1000);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(2000);
    const done = await s.describe(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).timedOut.Error).toBe('States.Timeout');
  });

  it('fails with States.HeartbeatTimeout when no SendTaskHeartbeat comes within HeartbeatSeconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const receiver = tokenReceiver();
    const s = await endpoint(
      {
        wait: {
          StartAt: 'Await',
          States: {
            Await: callbackTask({
              TimeoutSeconds: 3600,
              HeartbeatSeconds: 60,
              Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.lost', Next: 'Lost' }],
              End: true,
            }),
            Lost: { Type: 'Pass', End: true },
          },
        },
      },
      { [fn('await')]: receiver.lambda },
    );
    const arn = await s.start('wait', { reference: 'CC-7' });
    const token = await receiver.nextToken();
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(50_000);
      await s.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(61_000);
    const done = await s.describe(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).lost.Error).toBe('States.HeartbeatTimeout');
  });
});

describe('Wait states and the time scale', () => {
  it('does not end a 30-day Wait at once, and ends it after 30 days', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const s = await endpoint({ pause: { StartAt: 'Pause', States: { Pause: { Type: 'Wait', SecondsPath: '$.seconds', OutputPath: '$.reference', End: true } } } });
    const arn = await s.start('pause', { reference: 'CC-8', seconds: 30 * 86_400 });
    await vi.advanceTimersByTimeAsync(1000);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(29 * DAY_MS);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(await s.describe(arn)).toMatchObject({ status: 'SUCCEEDED', output: '"CC-8"' });
  });

  it('waits until a Timestamp more than 24.8 days away', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-03-02T09:00:00Z'));
    const s = await endpoint({ until: { StartAt: 'Until', States: { Until: { Type: 'Wait', TimestampPath: '$.at', End: true } } } });
    const arn = await s.start('until', { at: '2026-04-10T09:00:00Z' });
    await vi.advanceTimersByTimeAsync(38 * DAY_MS);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect((await s.describe(arn)).status).toBe('SUCCEEDED');
  });

  it("times out the execution after the machine's TimeoutSeconds, even beyond 24.8 days", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const s = await endpoint({ slow: { StartAt: 'Pause', TimeoutSeconds: 26 * 86_400, States: { Pause: { Type: 'Wait', Seconds: 40 * 86_400, End: true } } } });
    const arn = await s.start('slow');
    await vi.advanceTimersByTimeAsync(26 * DAY_MS - 1000);
    expect((await s.describe(arn)).status).toBe('RUNNING');
    await vi.advanceTimersByTimeAsync(2000);
    expect(await s.describe(arn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });

  it('applies timeScale to Wait durations and task timeouts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const receiver = tokenReceiver();
    // A working day (8 hours) lasts 8 seconds.
    const s = await endpoint(
      {
        day: {
          StartAt: 'Pause',
          States: {
            Pause: { Type: 'Wait', Seconds: 8 * 3600, Next: 'Await' },
            Await: callbackTask({ TimeoutSeconds: 8 * 3600, Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Done' }], End: true }),
            Done: { Type: 'Pass', End: true },
          },
        },
      },
      { [fn('await')]: receiver.lambda },
      { timeScale: (seconds) => seconds / 3600 },
    );
    const arn = await s.start('day', { reference: 'CC-9' });
    await vi.advanceTimersByTimeAsync(7_900);
    expect(receiver.received).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(receiver.received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(8_000);
    const done = await s.describe(arn);
    expect(JSON.parse(done.output!).timedOut.Error).toBe('States.Timeout');
  });
});

describe('the API', () => {
  it('starts the same name and input once while it runs, and refuses a different input or a finished name', async () => {
    const receiver = tokenReceiver();
    const s = await endpoint({ wait: { StartAt: 'Await', States: { Await: callbackTask({ TimeoutSeconds: 3600, End: true }) } } }, { [fn('await')]: receiver.lambda });
    const arn = await s.start('wait', { reference: 'CC-10' }, 'CC-10');
    const token = await receiver.nextToken();
    expect(await s.start('wait', { reference: 'CC-10' }, 'CC-10')).toBe(arn);
    await expect(s.start('wait', { reference: 'CC-11' }, 'CC-10')).rejects.toThrow(ExecutionAlreadyExists);
    expect(receiver.received).toHaveLength(1);
    await s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await s.finished(arn);
    await expect(s.start('wait', { reference: 'CC-10' }, 'CC-10')).rejects.toThrow(ExecutionAlreadyExists);
  });

  it("answers with the SDK's own exception classes", async () => {
    const receiver = tokenReceiver();
    const s = await endpoint({ wait: { StartAt: 'Await', States: { Await: callbackTask({ TimeoutSeconds: 3600, End: true }) } } }, { [fn('await')]: receiver.lambda });
    const arn = await s.start('wait', { reference: 'CC-12' });
    const token = await receiver.nextToken();
    const client = s.client;
    const otherToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

    await expect(client.send(new SendTaskSuccessCommand({ taskToken: otherToken, output: '{}' }))).rejects.toThrow(TaskDoesNotExist);
    await expect(client.send(new SendTaskHeartbeatCommand({ taskToken: otherToken }))).rejects.toThrow(TaskDoesNotExist);
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toThrow(InvalidToken);
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' }))).rejects.toThrow(InvalidOutput);
    await expect(client.send(new DescribeExecutionCommand({ executionArn: `${arn}-nope` }))).rejects.toThrow(ExecutionDoesNotExist);
    await expect(client.send(new DescribeExecutionCommand({ executionArn: 'arn:nope' }))).rejects.toThrow(InvalidArn);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `arn:aws:states:eu-west-2:${ACCOUNT}:stateMachine:nope` })),
    ).rejects.toThrow(StateMachineDoesNotExist);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: s.sfn.stateMachineArn('wait'), input: '{' }))).rejects.toThrow(InvalidExecutionInput);
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: s.sfn.stateMachineArn('wait'), name: 'has space' }))).rejects.toThrow(InvalidName);
    // The open task is untouched by all of that.
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
    expect((await s.finished(arn)).output).toBe('{"ok":true}');
  });

  it('answers an unknown operation with 400 UnknownOperationException in the AWS JSON error shape', async () => {
    const s = await endpoint({ pass: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } });
    const res = await fetch(s.sfn.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListActivities' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await res.json()).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#UnknownOperationException',
      message: 'Unknown operation: AWSStepFunctions.ListActivities',
    });
  });

  it('aborts an execution on StopExecution, closing its open task', async () => {
    const receiver = tokenReceiver();
    const s = await endpoint({ wait: { StartAt: 'Await', States: { Await: callbackTask({ End: true }) } } }, { [fn('await')]: receiver.lambda });
    const arn = await s.start('wait', { reference: 'CC-13' });
    const token = await receiver.nextToken();
    const stopped = await s.client.send(new StopExecutionCommand({ executionArn: arn, error: 'CaseWithdrawn', cause: 'The customer withdrew it' }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await s.describe(arn)).toMatchObject({ status: 'ABORTED', error: 'CaseWithdrawn', cause: 'The customer withdrew it' });
    await expect(s.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toThrow(TaskTimedOut);
    expect(s.sfn.listRunning()).toEqual([]);
  });
});

describe('definitions', () => {
  it('refuses, at start, what it cannot run as AWS would', async () => {
    const start = (definition: object) => startLocalStepFunctions({ port: 0, stateMachines: [{ name: 'bad', definition }], lambdas: {} });
    await expect(start({ StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } })).rejects.toThrow(
      InvalidDefinitionError,
    );
    await expect(start({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).rejects.toThrow(/JSONata/);
    await expect(start({ StartAt: 'P', States: { P: { Type: 'Pass', Next: 'Nowhere' } } })).rejects.toThrow(InvalidDefinitionError);
  });
});

describe('stop()', () => {
  it('aborts every execution and leaves no timer or socket behind: the process exits by itself', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/stop-then-exit.ts', import.meta.url));
    const child = spawn(process.execPath, [...RUN_TS, fixture], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(out).toContain('statuses after stop: ABORTED,ABORTED,ABORTED,ABORTED');
    expect(out).toContain('timers after stop: 0');
    expect(code).toBe(0);
  });
});
