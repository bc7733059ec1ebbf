/**
 * Runs the workflow paths of ./workflow-paths.ts for real, one after another, in a local stack of
 * its own (this process: the stack keeps module-level state, and a working day here lasts
 * WORKING_DAY_SECONDS so that a stage deadline of 10 working days passes in about a second). For each path it
 * observes:
 * - the workflow steps invoked, in order (the steps Lambda names its step in its logger keys;
 *   `logger.appendKeys` is wrapped to see them),
 * - every DynamoDB call the handlers make, with the capacity DynamoDB Local reports for it
 *   (a middleware on the handlers' shared client asks for ReturnConsumedCapacity TOTAL),
 * - the emails in the mailbox whose subject holds the case's reference.
 * The bench's own polling uses clients of its own, so it is not counted. Prints one line,
 * `RESULT <json>`. Run by bench/run.ts; `tsx bench/workflow-run.ts` runs it alone.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { documentClient } from '../functions/adapters/dynamodb-case-repository';
import { startLocalStack } from '../local/stack';
import { call } from '../test/support/http';
import { freePort } from '../test/support/ports';
import { settled } from '../test/support/workflow';
import { PATHS, type Ops, type WorkflowPath } from './workflow-paths';

export const WORKING_DAY_SECONDS = 0.1;

export interface LocalPathRun {
  id: string;
  reference?: string;
  /** Workflow steps invoked, in order (retries included). */
  steps: string[];
  /** API Lambda invocations made (the submission and each staff action). */
  httpCalls: number;
  ops: Ops & { other: number };
  /** Capacity as DynamoDB Local reports it (tables and indexes). */
  writeUnits: number;
  readUnits: number;
  emails: number;
  status?: string;
  closure?: string;
  ms: number;
  error?: string;
}

interface Recorder {
  steps: Array<{ reference: string; step: string }>;
  calls: Array<{ command: string; items: number; units: number }>;
}

const WRITES = new Set(['TransactWriteItemsCommand', 'UpdateItemCommand', 'PutItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

function unitsOf(consumed: unknown): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((sum: number, c: { CapacityUnits?: number }) => sum + (c?.CapacityUnits ?? 0), 0);
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), sesPort: 0, dataDir: null, workingDaySeconds: WORKING_DAY_SECONDS });
  const doc = documentClient(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint }));
  const sfn = new SFNClient({ endpoint: stack.stepFunctionsEndpoint, region: process.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const rec: Recorder = { steps: [], calls: [] };
  const runs: LocalPathRun[] = [];
  try {
    // The same module instances the stack loaded (it imports them by absolute path).
    const functionsDir = join(import.meta.dirname, '../functions');
    const { getWorkflowDeps } = (await import(join(functionsDir, 'api/deps.ts'))) as typeof import('../functions/api/deps');
    const { logger } = (await import(join(functionsDir, 'api/http.ts'))) as typeof import('../functions/api/http');
    const appendKeys = logger.appendKeys.bind(logger);
    logger.appendKeys = (attributes) => {
      if (typeof attributes.step === 'string') rec.steps.push({ reference: String(attributes.reference), step: attributes.step });
      appendKeys(attributes);
    };
    getWorkflowDeps().dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const out = await next(args);
        const items = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
        rec.calls.push({ command: context.commandName ?? 'unknown', items, units: unitsOf((out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity) });
        return out;
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );

    const executionArn = (reference: string) => `${process.env.STATE_MACHINE_ARN!.replace(':stateMachine:', ':execution:')}:${reference}`;
    const store = { doc, tableName: stack.tableName };

    for (const path of PATHS) {
      if (path.local) runs.push(await runPath(path, path.local));
    }

    async function runPath(path: WorkflowPath, local: NonNullable<WorkflowPath['local']>): Promise<LocalPathRun> {
      rec.steps.length = 0;
      rec.calls.length = 0;
      const started = Date.now();
      const run: LocalPathRun = { id: path.id, steps: [], httpCalls: 0, ops: { gets: 0, queries: 0, transactionItems: [], updates: 0, emails: 0, other: 0 }, writeUnits: 0, readUnits: 0, emails: 0, ms: 0 };
      try {
        const submitted = await call(stack.apiUrl, 'POST', '/api/public/submissions', { body: local.body });
        run.httpCalls++;
        if (submitted.status !== 201) throw new Error(`submission: ${submitted.status} ${JSON.stringify(submitted.json).slice(0, 200)}`);
        const reference = String(submitted.json.reference);
        run.reference = reference;
        for (const action of local.actions) {
          const { version } = await settled(store, reference);
          const res = await call(stack.apiUrl, 'POST', `/api/cases/${reference}/${action.action}`, {
            token: await stack.token(action.role, action.user ? { user: action.user } : {}),
            body: { ...action.body, expectedVersion: version },
          });
          run.httpCalls++;
          if (res.status !== 200) throw new Error(`${action.action}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
        }
        const until = Date.now() + 30_000;
        for (;;) {
          const status = (await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(reference) }))).status ?? 'UNKNOWN';
          if (status !== 'RUNNING') {
            run.status = status;
            break;
          }
          if (Date.now() > until) throw new Error('the execution is still running after 30 s');
          await sleep(25);
        }
        const c = (await doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, ConsistentRead: true }))).Item;
        run.closure = c?.closure as string | undefined;
        const mailbox = (await (await fetch(`${stack.mailboxUrl}/store`)).json()) as { emails: Array<{ subject: string }> };
        run.emails = mailbox.emails.filter((e) => e.subject.includes(reference)).length;
        run.steps = rec.steps.filter((s) => s.reference === reference).map((s) => s.step);
      } catch (error) {
        run.error = error instanceof Error ? error.message : String(error);
      }
      for (const c of rec.calls) {
        if (c.command === 'GetItemCommand') run.ops.gets++;
        else if (c.command === 'QueryCommand') run.ops.queries++;
        else if (c.command === 'TransactWriteItemsCommand') run.ops.transactionItems.push(c.items);
        else if (c.command === 'UpdateItemCommand') run.ops.updates++;
        else run.ops.other++;
        if (WRITES.has(c.command)) run.writeUnits += c.units;
        else run.readUnits += c.units;
      }
      run.ops.emails = run.emails;
      run.ms = Date.now() - started;
      return run;
    }
  } finally {
    sfn.destroy();
    await stack.stop();
  }
  console.log(`RESULT ${JSON.stringify({ workingDaySeconds: WORKING_DAY_SECONDS, runs })}`);
}

await main();
