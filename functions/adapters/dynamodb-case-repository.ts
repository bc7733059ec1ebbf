import { DynamoDBClient, type TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type ScanCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { table } from '../config/table';
import type { AuditEvent, Case } from '../domain/case';
import { ConcurrentUpdateError, StoreUnavailableError } from '../domain/errors';
import type {
  CaseRepository,
  DirectoryEvent,
  DirectoryRepository,
  LetterRecord,
  TrackingLinkRepository,
  WorkflowState,
  WorkflowStateRepository,
} from '../domain/ports';
import type { Directory } from '../domain/staff';

const CASE_SK = 'CASE';
const COUNTER_SK = 'COUNTER';
const OPEN = 'OPEN';

const caseKey = (reference: string) => ({ [table.partitionKey.name]: `CASE#${reference}`, [table.sortKey.name]: CASE_SK });
const counterKey = (year: number) => ({ [table.partitionKey.name]: `COUNTER#REFERENCE#${year}`, [table.sortKey.name]: COUNTER_SK });
const eventSortKey = (version: number) => `EVENT#${String(version).padStart(6, '0')}`;

const { byMonthReceived, openByDeadline } = table.indexes;

/** Every key attribute this adapter adds to an item, stripped again when reading. */
const KEY_ATTRIBUTES = new Set<string>([
  table.partitionKey.name,
  table.sortKey.name,
  byMonthReceived.partitionKey.name,
  byMonthReceived.sortKey.name,
  openByDeadline.partitionKey.name,
  openByDeadline.sortKey.name,
  'entity',
]);

function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}

function caseItem(c: Case): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...caseKey(c.reference),
    entity: 'case',
    [byMonthReceived.partitionKey.name]: `RECEIVED#${c.receivedOn.slice(0, 7)}`,
    [byMonthReceived.sortKey.name]: `${c.receivedAt}#${c.reference}`,
    ...c,
  };
  if (c.status === 'open' && c.nextDeadline) {
    item[openByDeadline.partitionKey.name] = OPEN;
    item[openByDeadline.sortKey.name] = `${c.nextDeadline}#${c.reference}`;
  }
  return item;
}

function eventItem(e: AuditEvent): Record<string, unknown> {
  return { [table.partitionKey.name]: `CASE#${e.reference}`, [table.sortKey.name]: eventSortKey(e.version), entity: 'event', ...e };
}

const DIRECTORY_PK = 'DIRECTORY';
const directoryKey = { [table.partitionKey.name]: DIRECTORY_PK, [table.sortKey.name]: 'DIRECTORY' };

/**
 * Writes an item only if the stored one is still at `expectedVersion` (0: none stored yet), and its
 * audit event only if that event is new, in one transaction. The caller says what a conflict means.
 */
async function writeVersioned(
  doc: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  event: Record<string, unknown>,
  expectedVersion: number,
  errors: { conflict: (cause: unknown) => Error; unavailable: (cause: unknown) => Error },
): Promise<void> {
  const first = expectedVersion === 0;
  try {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: item,
              ConditionExpression: first ? 'attribute_not_exists(#key)' : '#key = :expected',
              ExpressionAttributeNames: { '#key': first ? table.partitionKey.name : 'version' },
              ...(first ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: event,
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': table.partitionKey.name },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const reasons = cancellation(error);
    if (reasons?.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict')) throw errors.conflict(error);
    throw errors.unavailable(error);
  }
}

/** The names of a transaction's failed conditions, by item position, if it was cancelled. */
function cancellation(error: unknown): Array<string | undefined> | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
}

export interface RetryOptions {
  /** Give up taking a reference number after this long under contention. */
  maxWaitMs: number;
}

export function documentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export class DynamoDbCaseRepository implements CaseRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retry: RetryOptions = { maxWaitMs: 8_000 },
  ) {}

  /** Per year, the tail of this process's queue of reference-taking writes. */
  private readonly queues = new Map<number, Promise<unknown>>();

  /**
   * Optimistic and gap-free: read the year's counter, then in ONE transaction advance it on the
   * condition that nobody advanced it since, and write the case and its event. A number is used
   * only if its case is stored. Writers in the same process queue up (the local gateway serves many
   * requests in one process; a Lambda instance serves one at a time), so only writers in different
   * processes ever contend, and they retry with jitter.
   */
  async createWithNextReference(year: number, build: (sequence: number) => { case: Case; event: AuditEvent }): Promise<Case> {
    const previous = this.queues.get(year) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.takeNextReference(year, build));
    this.queues.set(year, mine);
    try {
      return await mine;
    } finally {
      if (this.queues.get(year) === mine) this.queues.delete(year);
    }
  }

  private async takeNextReference(year: number, build: (sequence: number) => { case: Case; event: AuditEvent }): Promise<Case> {
    const started = Date.now();
    let last = await this.lastSequence(year);
    for (let attempt = 0; ; attempt++) {
      const { case: c, event } = build(last + 1);
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: counterKey(year),
                  UpdateExpression: 'SET #last = :next',
                  ConditionExpression: last === 0 ? 'attribute_not_exists(#last)' : '#last = :last',
                  ExpressionAttributeNames: { '#last': 'last' },
                  ExpressionAttributeValues: last === 0 ? { ':next': 1 } : { ':next': last + 1, ':last': last },
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: caseItem(c),
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': table.partitionKey.name },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: eventItem(event),
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': table.partitionKey.name },
                },
              },
            ],
          }),
        );
        return c;
      } catch (error) {
        const contention = counterContention(error);
        if (!contention) throw new StoreUnavailableError('Could not store the case', { cause: error });
        if (Date.now() - started > this.retry.maxWaitMs) {
          throw new StoreUnavailableError('Too many submissions at once; try again', { cause: error });
        }
        // Full jitter, growing to at most 100 ms between tries.
        await sleep(Math.random() * Math.min(100, 5 * 2 ** Math.min(attempt, 5)));
        last = contention.current ?? (await this.lastSequence(year));
      }
    }
  }

  async save(next: Case, event: AuditEvent, expectedVersion: number): Promise<void> {
    await writeVersioned(this.doc, this.tableName, caseItem(next), eventItem(event), expectedVersion, {
      conflict: (cause) =>
        new ConcurrentUpdateError(`${next.reference} changed since you read it (you read version ${expectedVersion}); read it again`, { cause }),
      unavailable: (cause) => new StoreUnavailableError('Could not store the change', { cause }),
    });
  }

  listOpen(): Promise<Case[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: openByDeadline.indexName,
      KeyConditionExpression: '#pk = :open',
      ExpressionAttributeNames: { '#pk': openByDeadline.partitionKey.name },
      ExpressionAttributeValues: { ':open': OPEN },
    });
  }

  listReceivedIn(month: string): Promise<Case[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: byMonthReceived.indexName,
      KeyConditionExpression: '#pk = :month',
      ExpressionAttributeNames: { '#pk': byMonthReceived.partitionKey.name },
      ExpressionAttributeValues: { ':month': `RECEIVED#${month}` },
    });
  }

  async listAll(): Promise<Case[]> {
    const input: ScanCommandInput = {
      TableName: this.tableName,
      FilterExpression: '#entity = :case',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':case': 'case' },
      ConsistentRead: true,
    };
    const cases: Case[] = [];
    do {
      const out = await this.call(() => this.doc.send(new ScanCommand(input)));
      for (const item of out.Items ?? []) cases.push(strip<Case>(item));
      input.ExclusiveStartKey = out.LastEvaluatedKey;
    } while (input.ExclusiveStartKey);
    return cases;
  }

  private async queryAll(input: QueryCommandInput): Promise<Case[]> {
    const cases: Case[] = [];
    do {
      const out = await this.call(() => this.doc.send(new QueryCommand(input)));
      for (const item of out.Items ?? []) cases.push(strip<Case>(item));
      input.ExclusiveStartKey = out.LastEvaluatedKey;
    } while (input.ExclusiveStartKey);
    return cases;
  }

  async get(reference: string): Promise<Case | undefined> {
    const out = await this.call(() => this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(reference), ConsistentRead: true })));
    return out.Item ? strip<Case>(out.Item) : undefined;
  }

  async timeline(reference: string): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await this.call(() =>
        this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :event)',
            ExpressionAttributeNames: { '#pk': table.partitionKey.name, '#sk': table.sortKey.name },
            ExpressionAttributeValues: { ':pk': `CASE#${reference}`, ':event': 'EVENT#' },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        ),
      );
      for (const item of out.Items ?? []) events.push(strip<AuditEvent>(item));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return events;
  }

  async ping(): Promise<void> {
    await this.call(() => this.doc.send(new GetCommand({ TableName: this.tableName, Key: counterKey(0) })));
  }

  private async lastSequence(year: number): Promise<number> {
    const out = await this.call(() =>
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: counterKey(year), ConsistentRead: true })),
    );
    return (out.Item?.last as number | undefined) ?? 0;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StoreUnavailableError('The case store did not answer', { cause: error });
    }
  }
}

/**
 * Another writer took the number first (the counter's condition failed; DynamoDB hands back the
 * counter as it is now) or touched it at the same moment (TransactionConflict). Anything else is
 * not contention.
 */
function counterContention(error: unknown): { current?: number } | undefined {
  if (cancellation(error) === undefined) return undefined;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  const counter = reasons[0];
  if (counter?.Code === 'ConditionalCheckFailed') {
    const value = counter.Item?.last as { N?: string } | number | undefined;
    const current = typeof value === 'number' ? value : value?.N ? Number(value.N) : undefined;
    return { current };
  }
  if (reasons.some((r) => r.Code === 'TransactionConflict')) return {};
  return undefined;
}

/** The staff directory: one item, versioned, with its audit events beside it. */
export class DynamoDbDirectoryRepository implements DirectoryRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<Directory | undefined> {
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: directoryKey, ConsistentRead: true }));
      return out.Item ? strip<Directory>(out.Item) : undefined;
    } catch (error) {
      throw new StoreUnavailableError('The staff directory could not be read', { cause: error });
    }
  }

  async save(next: Directory, event: DirectoryEvent, expectedVersion: number): Promise<void> {
    const eventItem = { [table.partitionKey.name]: DIRECTORY_PK, [table.sortKey.name]: eventSortKey(event.version), entity: 'event', ...event };
    await writeVersioned(this.doc, this.tableName, { ...directoryKey, entity: 'directory', ...next }, eventItem, expectedVersion, {
      conflict: (cause) => new ConcurrentUpdateError('The staff directory changed since you read it; read it again', { cause }),
      unavailable: (cause) => new StoreUnavailableError('Could not store the staff directory', { cause }),
    });
  }
}

/** Each letter's claim is an attribute of the workflow item named by this prefix and the letter's id. */
const LETTER_PREFIX = 'letter:';

/**
 * The workflow's notes on a case (task token, who was told, which letters went out), one item
 * beside the case but outside its history. Every write is an UpdateItem on that one item.
 */
export class DynamoDbWorkflowStateRepository implements WorkflowStateRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(reference: string) {
    return { [table.partitionKey.name]: `CASE#${reference}`, [table.sortKey.name]: 'WORKFLOW' };
  }

  async get(reference: string): Promise<WorkflowState & { letters: Record<string, LetterRecord> }> {
    let item: Record<string, unknown> | undefined;
    try {
      item = (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(reference), ConsistentRead: true }))).Item;
    } catch (error) {
      throw new StoreUnavailableError('The workflow state could not be read', { cause: error });
    }
    const state: Record<string, unknown> = {};
    const letters: Record<string, LetterRecord> = {};
    for (const [name, value] of Object.entries(item ? strip<Record<string, unknown>>(item) : {})) {
      if (name.startsWith(LETTER_PREFIX)) letters[name.slice(LETTER_PREFIX.length)] = value as LetterRecord;
      else state[name] = value;
    }
    return { ...(state as WorkflowState), letters };
  }

  async update(reference: string, patch: WorkflowState): Promise<void> {
    const sets: string[] = [];
    const removes: string[] = [];
    const names: Record<string, string> = { '#entity': 'entity' };
    const values: Record<string, unknown> = { ':entity': 'workflow' };
    Object.entries(patch).forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      if (value === undefined) removes.push(`#f${i}`);
      else {
        sets.push(`#f${i} = :v${i}`);
        values[`:v${i}`] = value;
      }
    });
    const expression = [`SET #entity = :entity${sets.length ? `, ${sets.join(', ')}` : ''}`, removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim();
    await this.write({ Key: this.key(reference), UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values });
  }

  async claimLetter(reference: string, letter: string, at: string): Promise<LetterRecord | undefined> {
    const claim: LetterRecord = { state: 'sending', at };
    const claimed = await this.write(
      {
        Key: this.key(reference),
        UpdateExpression: 'SET #entity = :entity, #letter = :claim',
        ConditionExpression: 'attribute_not_exists(#letter)',
        ExpressionAttributeNames: { '#entity': 'entity', '#letter': `${LETTER_PREFIX}${letter}` },
        ExpressionAttributeValues: { ':entity': 'workflow', ':claim': claim },
      },
      { conditional: true },
    );
    if (claimed) return undefined;
    // Someone claimed it first: say how that claim stands. (Released in between: try again.)
    return (await this.get(reference)).letters[letter] ?? this.claimLetter(reference, letter, at);
  }

  async settleLetter(reference: string, letter: string, record: LetterRecord): Promise<void> {
    await this.write({
      Key: this.key(reference),
      UpdateExpression: 'SET #entity = :entity, #letter = :record',
      ExpressionAttributeNames: { '#entity': 'entity', '#letter': `${LETTER_PREFIX}${letter}` },
      ExpressionAttributeValues: { ':entity': 'workflow', ':record': record },
    });
  }

  async releaseLetter(reference: string, letter: string): Promise<void> {
    // Only a claim still being sent is given back; a letter recorded as sent stays sent.
    await this.write(
      {
        Key: this.key(reference),
        UpdateExpression: 'REMOVE #letter',
        ConditionExpression: '#letter.#state = :sending',
        ExpressionAttributeNames: { '#letter': `${LETTER_PREFIX}${letter}`, '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending' },
      },
      { conditional: true },
    );
  }

  /** One UpdateItem on the workflow item; with `conditional`, resolves false when its condition failed. */
  private async write(input: Omit<UpdateCommandInput, 'TableName'>, options: { conditional?: boolean } = {}): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (options.conditional && (error as Error).name === 'ConditionalCheckFailedException') return false;
      throw new StoreUnavailableError('The workflow state could not be stored', { cause: error });
    }
  }
}

/**
 * The private tracking links: one item per token hash (`TRACK#<hash>`), naming the case it opens.
 * Written once (a hash already there is refused, never overwritten), read by key.
 */
export class DynamoDbTrackingLinkRepository implements TrackingLinkRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(hash: string) {
    return { [table.partitionKey.name]: `TRACK#${hash}`, [table.sortKey.name]: 'TRACK' };
  }

  async put(hash: string, reference: string, issuedAt: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(hash), entity: 'tracking-link', reference, issuedAt },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': table.partitionKey.name },
        }),
      );
    } catch (error) {
      throw new StoreUnavailableError('The tracking link could not be stored', { cause: error });
    }
  }

  async referenceOf(hash: string): Promise<string | undefined> {
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.key(hash), ConsistentRead: true }));
      return out.Item?.reference as string | undefined;
    } catch (error) {
      throw new StoreUnavailableError('The tracking link could not be read', { cause: error });
    }
  }
}
