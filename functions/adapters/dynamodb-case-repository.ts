import { DynamoDBClient, type TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { table } from '../config/table';
import type { AuditEvent, Case } from '../domain/case';
import { ConcurrentUpdateError, StoreUnavailableError } from '../domain/errors';
import type {
  CaseListQuery,
  CasePage,
  CaseRepository,
  DirectoryEvent,
  ListPosition,
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
/** After its version's event ('#' sorts before every digit), before the next version's. */
const noteSortKey = (version: number, key: string) => `${eventSortKey(version)}#NOTE#${key}`;

const { byMonthReceived, openByDeadline, closedByReceived, byOwner, byFunction } = table.indexes;
const CLOSED = 'CLOSED';
/** Sort-key prefixes of byOwner and byFunction: open cases by deadline first, then closed ones by receipt. */
const OPEN_PREFIX = 'O#';
const CLOSED_PREFIX = 'C#';

/** Every key attribute this adapter adds to an item, stripped again when reading. */
const KEY_ATTRIBUTES = new Set<string>([
  table.partitionKey.name,
  table.sortKey.name,
  ...Object.values(table.indexes).flatMap((i) => [i.partitionKey.name, i.sortKey.name]),
  'entity',
  'positionSince',
  'positionUntil',
  table.timeToLiveAttribute,
]);

/**
 * The keys of the list indexes whose positions can move (not byMonthReceived: receipt never changes).
 * When a change moves a case in any of them, the case leaves a trace where it was: an item
 * `CASE#<ref>` / `TRACE#<at>#<version>` holding the case as it was, with those keys, `positionSince`
 * (when its keys began to hold) and `positionUntil` (the change). A listing shows, from each index,
 * the items whose keys held at the instant its first page was read (`asOf`), so a case that moves
 * while someone pages is shown once, at the place it had then, as it was then.
 */
const MOVABLE_KEYS = [openByDeadline, closedByReceived, byOwner, byFunction].flatMap((i) => [i.partitionKey.name, i.sortKey.name]);
/** Traces outlive any listing (the domain refuses a cursor older than a day); TTL removes them in AWS. */
const TRACE_SECONDS = 2 * 24 * 3600;

function strip<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}

/** A case item as the domain reads it, without the keys this adapter adds (for the report store). */
export const caseFromItem = (item: Record<string, unknown>): Case => strip<Case>(item);

/** A case as stored: its item with every index key (exported for loading cases in bulk: bench/case-list.ts). */
export function caseItem(c: Case): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...caseKey(c.reference),
    entity: 'case',
    [byMonthReceived.partitionKey.name]: `RECEIVED#${c.receivedOn.slice(0, 7)}`,
    [byMonthReceived.sortKey.name]: `${c.receivedAt}#${c.reference}`,
    ...c,
  };
  // The list's position of the case: open by deadline, closed by receipt (which never changes).
  const open = c.status === 'open' && c.nextDeadline !== null;
  const position = open ? `${c.nextDeadline}#${c.reference}` : `${c.receivedAt}#${c.reference}`;
  if (open) {
    item[openByDeadline.partitionKey.name] = OPEN;
    item[openByDeadline.sortKey.name] = position;
  } else if (c.status === 'closed') {
    item[closedByReceived.partitionKey.name] = CLOSED;
    item[closedByReceived.sortKey.name] = position;
  }
  if (open || c.status === 'closed') {
    const sortKey = `${open ? OPEN_PREFIX : CLOSED_PREFIX}${position}`;
    if (c.owner) {
      item[byOwner.partitionKey.name] = `OWNER#${c.owner}`;
      item[byOwner.sortKey.name] = sortKey;
    }
    if (c.function) {
      item[byFunction.partitionKey.name] = `FUNCTION#${c.function}`;
      item[byFunction.sortKey.name] = sortKey;
    }
  }
  return item;
}

/** The item attributes the list filters on (a case's own field names). */
type Filterable = 'kind' | 'stage' | 'channel' | 'category' | 'owner' | 'function' | 'status';

/**
 * One stretch of the list: a Query of one index partition between two sort keys (inclusive), in
 * one direction, with what the key cannot narrow left to a FilterExpression.
 */
interface Segment {
  index: (typeof table.indexes)[keyof typeof table.indexes];
  partition: string;
  from?: string;
  to?: string;
  forward: boolean;
  equal: Partial<Record<Filterable, string | number>>;
  /** Month view only: the deadline conditions on the case's nextDeadline attribute. */
  deadline?: Pick<CaseListQuery, 'deadlineBefore' | 'deadlineFrom' | 'deadlineBy'>;
  /** The instant whose list positions are shown (not for the month view: receipt never moves). */
  asOf?: string;
}

/** Sorts after every ASCII character: the top of a sort-key range. */
const TOP = '\uffff';

/**
 * The list's plan: which index answers which part of the query, in the list's order. What each costs
 * (items read, not returned, since a FilterExpression is applied after the read):
 * - month: byMonthReceived (one month's cases); every other filter is a FilterExpression over that month.
 * - owner: byOwner (that person's cases); function: byFunction (that function's cases); with both, byOwner.
 * - neither: openByDeadline for open cases (nothing else read), then closedByReceived for closed ones.
 * - overdue, dueWithin, not overdue: a range of the deadline sort key: only the matching cases are read.
 * - kind, stage, channel, category: FilterExpressions over the chosen index: they read past cases that do not match,
 *   up to READ_BUDGET per request (a compliment filter over mostly complaints reads ~limit/share items).
 */
function plan(q: CaseListQuery): Segment[] {
  const equal: Segment['equal'] = {};
  if (q.kind) equal.kind = q.kind;
  if (q.stage !== undefined) equal.stage = q.stage;
  if (q.channel) equal.channel = q.channel;
  if (q.category) equal.category = q.category;
  if (q.month) {
    if (q.status) equal.status = q.status;
    if (q.owner) equal.owner = q.owner;
    if (q.function) equal.function = q.function;
    const deadline = { deadlineBefore: q.deadlineBefore, deadlineFrom: q.deadlineFrom, deadlineBy: q.deadlineBy };
    const anyDeadline = Object.values(deadline).some((v) => v !== undefined);
    return [{ index: byMonthReceived, partition: `RECEIVED#${q.month}`, forward: true, equal, ...(anyDeadline ? { deadline } : {}) }];
  }
  if (q.owner && q.function) equal.function = q.function;
  const [index, partition, prefix] = q.owner
    ? [byOwner, `OWNER#${q.owner}`, true]
    : q.function
      ? [byFunction, `FUNCTION#${q.function}`, true]
      : [undefined, undefined, false];
  const segments: Segment[] = [];
  if (q.status !== 'closed') {
    const before = q.deadlineBefore;
    const by = q.deadlineBy === undefined ? undefined : `${q.deadlineBy}#${TOP}`;
    const upper = before !== undefined && by !== undefined ? (before < by ? before : by) : (before ?? by);
    const p = prefix ? OPEN_PREFIX : '';
    const from = q.deadlineFrom !== undefined ? `${p}${q.deadlineFrom}` : prefix ? p : undefined;
    const to = upper !== undefined ? `${p}${upper}` : prefix ? `${p}${TOP}` : undefined;
    // An empty range (due before a time already past, say) reads nothing.
    if (from === undefined || to === undefined || from <= to) {
      segments.push({ index: index ?? openByDeadline, partition: partition ?? OPEN, from, to, forward: true, equal, asOf: q.asOf });
    }
  }
  if (q.status !== 'open' && q.deadlineBefore === undefined && q.deadlineBy === undefined) {
    segments.push(
      index
        ? { index, partition: partition!, from: CLOSED_PREFIX, to: `${CLOSED_PREFIX}${TOP}`, forward: false, equal, asOf: q.asOf }
        : { index: closedByReceived, partition: CLOSED, forward: false, equal, asOf: q.asOf },
    );
  }
  return segments;
}

function segmentQuery(tableName: string, s: Segment): QueryCommandInput {
  const names: Record<string, string> = { '#pk': s.index.partitionKey.name };
  const values: Record<string, unknown> = { ':pk': s.partition };
  let key = '#pk = :pk';
  if (s.from !== undefined || s.to !== undefined) names['#sk'] = s.index.sortKey.name;
  if (s.from !== undefined && s.to !== undefined) {
    key += ' AND #sk BETWEEN :from AND :to';
    Object.assign(values, { ':from': s.from, ':to': s.to });
  } else if (s.from !== undefined) {
    key += ' AND #sk >= :from';
    values[':from'] = s.from;
  } else if (s.to !== undefined) {
    key += ' AND #sk <= :to';
    values[':to'] = s.to;
  }
  const filters: string[] = [];
  for (const [field, value] of Object.entries(s.equal)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`#${field} = :${field}`);
  }
  const d = s.deadline;
  if (d && (d.deadlineBefore !== undefined || d.deadlineBy !== undefined || d.deadlineFrom !== undefined)) {
    // A closed case's nextDeadline is NULL, which compares as neither before nor after a date.
    names['#deadline'] = 'nextDeadline';
    if (d.deadlineBefore !== undefined) {
      values[':before'] = d.deadlineBefore;
      filters.push('#deadline < :before');
    }
    if (d.deadlineBy !== undefined) {
      values[':by'] = d.deadlineBy;
      filters.push('#deadline <= :by');
    }
    if (d.deadlineFrom !== undefined) {
      names['#status'] = 'status';
      Object.assign(values, { ':from': d.deadlineFrom, ':closed': 'closed' });
      filters.push('(#deadline >= :from OR #status = :closed)');
    }
  }
  if (s.asOf !== undefined) {
    // Only what held at asOf: a case moved since is shown by its trace, where it stood then.
    Object.assign(names, { '#since': 'positionSince', '#until': 'positionUntil' });
    values[':asOf'] = s.asOf;
    filters.push('(attribute_not_exists(#since) OR #since <= :asOf) AND (attribute_not_exists(#until) OR #until > :asOf)');
  } else if (s.index !== byMonthReceived) {
    names['#until'] = 'positionUntil';
    filters.push('attribute_not_exists(#until)');
  }
  return {
    TableName: tableName,
    IndexName: s.index.indexName,
    KeyConditionExpression: key,
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: s.forward,
  };
}

/** The position of an item in an index: the table's key and the index's key, as LastEvaluatedKey gives it. */
function positionOf(s: Segment, item: Record<string, unknown>): Record<string, string> {
  const names = [table.partitionKey.name, table.sortKey.name, s.index.partitionKey.name, s.index.sortKey.name];
  return Object.fromEntries(names.map((n) => [n, String(item[n])]));
}

/**
 * Items one request may read for a page before it answers with what it found and a cursor (a page
 * may then hold fewer than `limit` cases; the next one goes on from there). Bounds a filter that
 * matches little: at about 1 KB per case, 2,000 items are at most 2 MB, some 250 read units.
 */
export const READ_BUDGET = 2_000;
/** Items read per Query once a page needs more than its first read. */
const STEP = 200;

/** A timeline event as stored beside its case (exported for the retention store). */
export function eventItem(e: AuditEvent): Record<string, unknown> {
  return { [table.partitionKey.name]: `CASE#${e.reference}`, [table.sortKey.name]: eventSortKey(e.version), entity: 'event', ...e };
}

/**
 * What a trace keeps of the case: what a list row shows and who may read it (access.canReadCase), and
 * of the customer only the name; never the details, contact details or outcome.
 */
const TRACE_FIELDS: ReadonlyArray<keyof Case> = [
  'reference', 'kind', 'status', 'stage', 'owner', 'channel', 'receivedAt', 'receivedOn', 'recordedBy', 'acknowledgeBy',
  'nextDeadline', 'summary', 'function', 'category', 'urgent', 'stages', 'closedAt', 'consultation', 'version',
];

/** Where a case stood in the lists until `event` moved it at `until` (see MOVABLE_KEYS). */
function traceOf(before: Record<string, unknown>, event: AuditEvent, until: string): Record<string, unknown> {
  const kept = [...TRACE_FIELDS, ...MOVABLE_KEYS, 'positionSince'].filter((k) => before[k] !== undefined);
  const customer = before.customer as Case['customer'] | undefined;
  return {
    ...Object.fromEntries(kept.map((k) => [k, before[k]])),
    customer: { name: customer?.name, anonymous: customer?.anonymous ?? true },
    [table.partitionKey.name]: `CASE#${event.reference}`,
    [table.sortKey.name]: `TRACE#${event.at}#${String(event.version).padStart(6, '0')}`,
    entity: 'trace',
    positionUntil: until,
    [table.timeToLiveAttribute]: Math.floor(Date.parse(until) / 1000) + TRACE_SECONDS,
  };
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
  extra: Array<Record<string, unknown>> = [],
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
          ...[event, ...extra].map((Item) => ({
            Put: {
              TableName: tableName,
              Item,
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': table.partitionKey.name },
            },
          })),
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
export function cancellation(error: unknown): Array<string | undefined> | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return ((error as TransactionCanceledException).CancellationReasons ?? []).map((r) => r.Code);
}

export interface RetryOptions {
  /** Give up taking a reference number after this long under contention. */
  maxWaitMs: number;
  /** Items a page of the case list may read before it answers (READ_BUDGET). */
  listReadBudget?: number;
  /** How long after a moving write is sent it takes effect in the lists (table.listSettleMs). */
  listSettleMs?: number;
  /** The clock moves are stamped by (milliseconds): tests whose listings run on a fake clock give theirs. */
  clock?: () => number;
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
                  Item: { ...caseItem(c), positionSince: event.at },
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
    // The stored item, to see whether the change moves the case in a list (the write's own version
    // condition makes sure it is still this item when the change lands).
    const before = expectedVersion === 0 ? undefined : await this.item(next.reference);
    const item = caseItem(next);
    const moved = !before || MOVABLE_KEYS.some((k) => before[k] !== item[k]);
    // A move takes effect a settling time after this write is sent (table.listSettleMs): never
    // while the write, or the indexes' copy of it, may still be landing. A new case needs none: a
    // listing may meet it on a later page, never twice.
    const clock = this.retry.clock ?? Date.now;
    const effective = before && moved ? clock() + (this.retry.listSettleMs ?? table.listSettleMs) : undefined;
    const since = effective !== undefined ? new Date(effective).toISOString() : moved ? event.at : before!.positionSince;
    if (since !== undefined) item.positionSince = since;
    const traces =
      before && moved && MOVABLE_KEYS.some((k) => before[k] !== undefined) ? [traceOf(before, event, since as string)] : [];
    await writeVersioned(
      this.doc,
      this.tableName,
      item,
      eventItem(event),
      expectedVersion,
      {
        conflict: (cause) =>
          new ConcurrentUpdateError(`${next.reference} changed since you read it (you read version ${expectedVersion}); read it again`, { cause }),
        unavailable: (cause) => new StoreUnavailableError('Could not store the change', { cause }),
      },
      traces,
    );
    // Whoever hears of the change from here on lists the case at its new place. By the clock the
    // stamp was made with: a timer may wake a millisecond before that clock reaches it, so look again.
    if (effective !== undefined) {
      for (let wait = effective - clock(); wait > 0; wait = effective - clock()) await sleep(wait);
    }
  }

  async note(event: AuditEvent, key: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...eventItem(event), [table.sortKey.name]: noteSortKey(event.version, key) },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': table.partitionKey.name },
        }),
      );
    } catch (error) {
      // Noted before (a retried run): the note stands as first written.
      if ((error as Error).name === 'ConditionalCheckFailedException') return;
      throw new StoreUnavailableError('Could not store the note', { cause: error });
    }
  }

  private async item(reference: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.call(() => this.doc.send(new GetCommand({ TableName: this.tableName, Key: caseKey(reference), ConsistentRead: true })));
    return out.Item;
  }

  listOpen(): Promise<Case[]> {
    return this.queryAll({
      TableName: this.tableName,
      IndexName: openByDeadline.indexName,
      KeyConditionExpression: '#pk = :open',
      FilterExpression: 'attribute_not_exists(#until)',
      ExpressionAttributeNames: { '#pk': openByDeadline.partitionKey.name, '#until': 'positionUntil' },
      ExpressionAttributeValues: { ':open': OPEN },
    });
  }

  async listPage(query: CaseListQuery, page: { limit: number; after?: ListPosition; accept: (c: Case) => boolean }): Promise<CasePage> {
    const segments = plan(query);
    const items: Case[] = [];
    let last: { segment: number; key: Record<string, string> } | undefined;
    let read = 0;
    for (let segment = page.after?.segment ?? 0; segment < segments.length; segment++) {
      const s = segments[segment]!;
      const input = segmentQuery(this.tableName, s);
      const startingToken = segment === page.after?.segment ? page.after.key : undefined;
      // Without a filter that narrows, limit + 1 items (and a few traces) tell whether there is more;
      // with one, or when the caller's own filter turns rows away, read on in larger steps.
      const narrows = Object.keys(s.equal).length > 0 || s.deadline !== undefined;
      try {
        for await (const out of this.readSegment(input, narrows ? STEP : page.limit + 1, startingToken)) {
          read += out.ScannedCount ?? 0;
          for (const raw of out.Items ?? []) {
            const c = strip<Case>(raw);
            if (!page.accept(c)) continue;
            // One more than the page holds: the list goes on after the last case shown.
            if (items.length === page.limit) return { items, next: last };
            items.push(c);
            last = { segment, key: positionOf(s, raw) };
          }
          if (read >= (this.retry.listReadBudget ?? READ_BUDGET) && out.LastEvaluatedKey) {
            return { items, next: { segment, key: out.LastEvaluatedKey as Record<string, string> } };
          }
        }
      } catch (error) {
        throw new StoreUnavailableError('The case store did not answer', { cause: error });
      }
    }
    return { items };
  }

  /** A segment's pages: the first of `first` items, the rest of STEP each, with the SDK's paginator. */
  private async *readSegment(input: QueryCommandInput, first: number, startingToken?: Record<string, unknown>) {
    const out = await this.doc.send(new QueryCommand({ ...input, Limit: first, ExclusiveStartKey: startingToken }));
    yield out;
    if (!out.LastEvaluatedKey) return;
    yield* paginateQuery({ client: this.doc, pageSize: STEP, startingToken: out.LastEvaluatedKey }, input);
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
 * One UpdateItem. With `conditional`, resolves false when its condition failed (someone else's
 * claim, a token already replaced); any other failure is a StoreUnavailableError saying `failure`.
 */
export async function updateItem(
  doc: DynamoDBDocumentClient,
  tableName: string,
  input: Omit<UpdateCommandInput, 'TableName'>,
  options: { conditional?: boolean; failure: string },
): Promise<boolean> {
  try {
    await doc.send(new UpdateCommand({ TableName: tableName, ...input }));
    return true;
  } catch (error) {
    if (options.conditional && (error as Error).name === 'ConditionalCheckFailedException') return false;
    throw new StoreUnavailableError(options.failure, { cause: error });
  }
}

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

  async forgetTaskToken(reference: string, taskToken: string): Promise<void> {
    // A newer token (the workflow's next wait) is not this one: it stays.
    await this.write(
      {
        Key: this.key(reference),
        UpdateExpression: 'REMOVE #token',
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#token': 'taskToken' },
        ExpressionAttributeValues: { ':token': taskToken },
      },
      { conditional: true },
    );
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
  private write(input: Omit<UpdateCommandInput, 'TableName'>, options: { conditional?: boolean } = {}): Promise<boolean> {
    return updateItem(this.doc, this.tableName, input, { ...options, failure: 'The workflow state could not be stored' });
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
