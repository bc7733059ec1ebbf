import { GetCommand, paginateQuery, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { table } from '../config/table';
import type { AuditEvent, Case, StageRecord } from '../domain/case';
import { ConcurrentUpdateError, StoreUnavailableError } from '../domain/errors';
import type { RetentionStore } from '../domain/ports';
import { anonymiseStages, REMOVED, reportWithoutPersonalText } from '../domain/retention';
import { cancellation, caseFromItem, caseItem, eventItem } from './dynamodb-case-repository';
import { reportBody, reportFromBody, reportKey } from './dynamodb-report-repository';

const { partitionKey: PK, sortKey: SK } = table;
const { closedByReceived } = table.indexes;
const casePk = (reference: string) => `CASE#${reference}`;

/** Items one TransactWriteItems may hold (DynamoDB's limit). */
export const TRANSACTION_ITEMS = 100;
/** Items read per page of the closed cases. */
const PAGE = 100;

/**
 * A list trace (functions/adapters/dynamodb-case-repository.ts traceOf) keeps the case as it stood
 * then: its summary, the customer's name and its stages (with extension reasons). Anonymised, it
 * keeps where the case stood, without them.
 */
const anonymisedTrace = (trace: Record<string, unknown>) => ({
  summary: REMOVED,
  customer: { anonymous: (trace.customer as { anonymous?: boolean } | undefined)?.anonymous ?? true },
  stages: anonymiseStages((trace.stages ?? []) as StageRecord[]),
});

/**
 * The retention job's store (functions/domain/remove-personal-data.ts), on the cases table: the
 * closed cases from their index, and the anonymised case written with its event and the clearing of
 * every other item of the case (timeline events and notes, list traces) in one versioned transaction.
 * No item is deleted: DynamoDB TTL is best-effort and DynamoDB Local never expires (DESIGN.md §6).
 */
export class DynamoDbRetentionStore implements RetentionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The index of closed cases sorts by receipt (`<receivedAt>#<ref>`): a key condition reads only
   * those received before the cutoff. Already anonymised cases and list traces are filtered out.
   */
  async *closedReceivedBefore(receivedBefore: string): AsyncIterable<Case[]> {
    const pages = paginateQuery(
      { client: this.doc, pageSize: PAGE },
      {
        TableName: this.tableName,
        IndexName: closedByReceived.indexName,
        KeyConditionExpression: '#pk = :closed AND #sk < :before',
        FilterExpression: 'attribute_not_exists(#anonymised) AND attribute_not_exists(#until)',
        ExpressionAttributeNames: { '#pk': closedByReceived.partitionKey.name, '#sk': closedByReceived.sortKey.name, '#anonymised': 'anonymisedAt', '#until': 'positionUntil' },
        ExpressionAttributeValues: { ':closed': 'CLOSED', ':before': receivedBefore },
      },
    );
    try {
      for await (const page of pages) yield (page.Items ?? []).map(caseFromItem);
    } catch (error) {
      throw new StoreUnavailableError('The closed cases could not be read', { cause: error });
    }
  }

  async get(reference: string): Promise<Case | undefined> {
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { [PK.name]: casePk(reference), [SK.name]: 'CASE' }, ConsistentRead: true }));
      return out.Item ? caseFromItem(out.Item) : undefined;
    } catch (error) {
      throw new StoreUnavailableError('The case store did not answer', { cause: error });
    }
  }

  async anonymise(next: Case, event: AuditEvent, expectedVersion: number, clear: (e: AuditEvent) => AuditEvent | undefined): Promise<{ cleared: number }> {
    const items = await this.itemsOf(next.reference);
    const stored = items.find((i) => i.entity === 'case');
    const clears: Array<Record<string, unknown>> = [];
    for (const item of items) {
      const key = { [PK.name]: item[PK.name], [SK.name]: item[SK.name] };
      if (item.entity === 'event') {
        const cleared = clear(caseFromItem(item) as unknown as AuditEvent);
        if (cleared) clears.push(this.update(key, { data: cleared.data }));
      } else if (item.entity === 'trace') {
        const fields = anonymisedTrace(item);
        const now = { summary: item.summary, customer: item.customer, stages: item.stages ?? [] };
        if (JSON.stringify(now) !== JSON.stringify(fields)) clears.push(this.update(key, fields));
      }
    }
    const caseWrite = {
      Put: {
        TableName: this.tableName,
        // The case does not move in any list (closed, by receipt): its list position stands.
        Item: { ...caseItem(next), ...(stored?.positionSince !== undefined ? { positionSince: stored.positionSince } : {}) },
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    };
    const eventWrite = {
      Put: { TableName: this.tableName, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK.name } },
    };
    const reportWrite = await this.reportWithout(next);
    const own = [caseWrite, eventWrite, ...(reportWrite ? [reportWrite] : [])];
    // What does not fit beside the case goes first (the earliest events); a re-run clears it again harmlessly.
    const room = TRANSACTION_ITEMS - own.length;
    const first = clears.slice(0, Math.max(0, clears.length - room));
    for (let i = 0; i < first.length; i += TRANSACTION_ITEMS) await this.transact(first.slice(i, i + TRANSACTION_ITEMS), next.reference, expectedVersion);
    await this.transact([...own, ...clears.slice(first.length)], next.reference, expectedVersion);
    return { cleared: clears.length + (reportWrite ? 1 : 0) };
  }

  /**
   * The stored report of the month the case was received in (the month whose cohort it is), rewritten
   * without the case's free text (retention.ts reportWithoutPersonalText), only if it is still the
   * report that was read: a report made again meanwhile is a conflict, and the job tries again.
   * Undefined when no report of that month is stored or it holds none of the case's text.
   */
  private async reportWithout(c: Case): Promise<Record<string, unknown> | undefined> {
    const month = c.receivedOn.slice(0, 7);
    let item: Record<string, unknown> | undefined;
    try {
      item = (await this.doc.send(new GetCommand({ TableName: this.tableName, Key: reportKey(month), ConsistentRead: true }))).Item;
    } catch (error) {
      throw new StoreUnavailableError('The report store did not answer', { cause: error });
    }
    if (!item?.body) return undefined;
    const scrubbed = reportWithoutPersonalText(reportFromBody(item.body as Uint8Array), c.reference);
    if (!scrubbed) return undefined;
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...item, body: reportBody(scrubbed) },
        ConditionExpression: '#generatedAt = :read',
        ExpressionAttributeNames: { '#generatedAt': 'generatedAt' },
        ExpressionAttributeValues: { ':read': item.generatedAt },
      },
    };
  }

  /** Every item under the case's key (the case, its events and notes, its workflow item, its list traces). */
  private async itemsOf(reference: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    try {
      const pages = paginateQuery(
        { client: this.doc, pageSize: PAGE },
        {
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK.name },
          ExpressionAttributeValues: { ':pk': casePk(reference) },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) items.push(...(page.Items ?? []));
    } catch (error) {
      throw new StoreUnavailableError('The case store did not answer', { cause: error });
    }
    return items;
  }

  /** An UpdateItem setting `fields` on an item that must still be there. */
  private update(key: Record<string, unknown>, fields: Record<string, unknown>) {
    const names: Record<string, string> = { '#pk': PK.name };
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields).map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      return `#f${i} = :v${i}`;
    });
    return {
      Update: { TableName: this.tableName, Key: key, UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: names, ExpressionAttributeValues: values },
    };
  }

  private async transact(TransactItems: Array<Record<string, unknown>>, reference: string, expectedVersion: number): Promise<void> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: TransactItems as never }));
    } catch (error) {
      const reasons = cancellation(error);
      if (reasons?.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict')) {
        throw new ConcurrentUpdateError(`${reference}, or its month's report, changed since the retention job read it (version ${expectedVersion})`, { cause: error });
      }
      throw new StoreUnavailableError('Could not remove the personal data of a case', { cause: error });
    }
  }
}
