import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { documentClient, DynamoDbCaseRepository, DynamoDbDirectoryRepository } from '../../functions/adapters/dynamodb-case-repository';
import { table } from '../../functions/config/table';
import { complaintWorkflow } from '../../functions/config/workflow';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { defaultPolicy } from '../../functions/domain/policy';
import { receiveSubmission } from '../../functions/domain/receive-submission';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { lambdaContext } from '../../local/gateway';
import { aComplaint } from '../support/mothers';
import { freePort } from '../support/ports';

/**
 * The state machine retries and catches the steps function's errors by name. In AWS the name is what
 * the bundle's error says it is, so this runs the very bundle CDK uploads (the `bundles` project
 * synthesizes the app) and makes it throw each name the ASL matches, with real faults: SES
 * unreachable, DynamoDB unreachable, and a real competing write landing between read and save.
 */

const STATE_MACHINES = join(import.meta.dirname, '../../statemachines');
const STEPS_PLACEHOLDER = `\${${Object.keys(complaintWorkflow.substitutions)[0]}}`;

interface AslState {
  Type?: string;
  Resource?: string;
  Parameters?: { FunctionName?: string };
  Retry?: Array<{ ErrorEquals: string[] }>;
  Catch?: Array<{ ErrorEquals: string[] }>;
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
}
interface AslMachine {
  States: Record<string, AslState>;
}

/** Every Task of every machine, nested ones included. */
function tasks(machine: AslMachine): AslState[] {
  return Object.values(machine.States).flatMap((s) => [
    ...(s.Type === 'Task' ? [s] : []),
    ...(s.Branches ?? []).flatMap(tasks),
    ...[s.ItemProcessor, s.Iterator].filter((m): m is AslMachine => m !== undefined).flatMap(tasks),
  ]);
}

const machines = readdirSync(STATE_MACHINES)
  .filter((f) => f.endsWith('.asl.json'))
  .map((f) => ({ file: f, machine: JSON.parse(readFileSync(join(STATE_MACHINES, f), 'utf8')) as AslMachine }));

/** Names the ASL matches that our code must throw (the service's own States.* and Lambda.* excluded). */
const matchedNames = [
  ...new Set(
    machines.flatMap(({ machine }) =>
      tasks(machine).flatMap((t) => [...(t.Retry ?? []), ...(t.Catch ?? [])].flatMap((r) => r.ErrorEquals)),
    ),
  ),
]
  .filter((name) => !name.startsWith('States.') && !name.startsWith('Lambda.'))
  .sort();

/** A TCP port nobody listens on: the service there is down. */
const closedPort = async () => `http://127.0.0.1:${await freePort()}`;

let dynamodb: DynamoDbLocal;
let proxy: Server;
let proxyUrl = '';
/** Set by a scenario: runs before the proxy forwards a TransactWriteItems, then clears itself. */
let beforeNextTransaction: (() => Promise<void>) | undefined;
const tableName = 'fire-complaints';
const doc = () => documentClient(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

/** A complaint stored as the public API stores it, whose workflow has not run (nothing acknowledged). */
async function storedComplaint(): Promise<string> {
  const d = doc();
  const receipt = await receiveSubmission(aComplaint({ function: 'operations' }), {
    policy: defaultPolicy,
    calendar: WorkingDayCalendar.fromPolicy(defaultPolicy),
    cases: new DynamoDbCaseRepository(d, tableName),
    directory: new DynamoDbDirectoryRepository(d, tableName),
    workflow: { start: async () => undefined, signal: async () => false },
    now: () => new Date(),
  });
  return receipt.reference;
}

/**
 * A fresh instance of the bundled steps handler (the query string makes a new module), with the
 * endpoints it reads at cold start.
 */
let instance = 0;
async function bundledSteps(endpoints: { dynamodb: string; ses: string }) {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SFN: await closedPort(),
    AWS_MAX_ATTEMPTS: '1',
    TABLE_NAME: tableName,
    STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:123456789012:stateMachine:ComplaintWorkflow',
  });
  const file = inject('bundles')![complaintWorkflow.stepsFunction.name];
  const mod = (await import(`${pathToFileURL(file).href}?instance=${++instance}`)) as {
    handler: (event: unknown, context: unknown) => Promise<unknown>;
  };
  return (event: unknown) => mod.handler(event, lambdaContext(complaintWorkflow.stepsFunction.name, 30_000));
}

/** How to make the bundled steps function throw each name, with a real fault. */
const scenarios: Record<string, () => Promise<unknown>> = {
  async MailerUnavailableError() {
    const reference = await storedComplaint();
    const steps = await bundledSteps({ dynamodb: dynamodb.endpoint, ses: await closedPort() });
    return steps({ step: 'acknowledge', reference });
  },
  async StoreUnavailableError() {
    const reference = await storedComplaint();
    const steps = await bundledSteps({ dynamodb: await closedPort(), ses: await closedPort() });
    return steps({ step: 'acknowledge', reference });
  },
  async ConcurrentUpdateError() {
    // A complaint whose person prefers a call: acknowledging it saves a task on the case. A member of
    // staff changes the case between the step's read and its save.
    const d = doc();
    const reference = await storedComplaint();
    await d.send(
      new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({
        TableName: tableName,
        Key: { [table.partitionKey.name]: `CASE#${reference}`, [table.sortKey.name]: 'CASE' },
        UpdateExpression: 'SET customer.preferredContact = :phone, customer.phone = :number',
        ExpressionAttributeValues: { ':phone': 'phone', ':number': '01234 567890' },
      }),
    );
    beforeNextTransaction = async () => {
      await d.send(
        new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({
          TableName: tableName,
          Key: { [table.partitionKey.name]: `CASE#${reference}`, [table.sortKey.name]: 'CASE' },
          UpdateExpression: 'SET #v = #v + :one',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    };
    const steps = await bundledSteps({ dynamodb: proxyUrl, ses: await closedPort() });
    return steps({ step: 'acknowledge', reference });
  },
};

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, tableName);
  // DynamoDB Local behind a pass-through proxy that lets a scenario write first (a competing writer).
  const target = new URL(dynamodb.endpoint);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (String(req.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems') && beforeNextTransaction) {
        const write = beforeNextTransaction;
        beforeNextTransaction = undefined;
        await write();
      }
      const forward = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await dynamodb?.stop();
});

describe('error names in the deployed bundle', () => {
  it('finds the names the state machines match, on tasks that all invoke the steps function', () => {
    expect(matchedNames.length).toBeGreaterThan(0);
    for (const { machine } of machines) {
      for (const task of tasks(machine).filter((t) => t.Resource?.startsWith('arn:aws:states:::lambda:invoke'))) {
        expect(task.Parameters?.FunctionName).toBe(STEPS_PLACEHOLDER);
      }
    }
  });

  it('has a real fault for every name the state machines match', () => {
    expect(Object.keys(scenarios).sort()).toEqual(matchedNames);
  });

  it.each(Object.keys(scenarios))('the bundled steps function throws %s by that name', async (name) => {
    await expect(scenarios[name]!()).rejects.toMatchObject({ name });
  });
});
