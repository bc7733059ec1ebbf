import { GetCommand, paginateQuery, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { table } from '../config/table';
import type { Case } from '../domain/case';
import { StoreUnavailableError } from '../domain/errors';
import type { LetterRecord, ReportRepository, StoredMonth } from '../domain/ports';
import type { MonthlyReport } from '../domain/reports/monthly-schema';
import { caseFromItem } from './dynamodb-case-repository';

/**
 * The monthly reports and what they read (functions/config/table.ts):
 *   report        pk REPORT#<YYYY-MM>  sk REPORT         the collated JSON, gzipped (one per month: re-running replaces it)
 *   report index  pk REPORTS           sk MONTH#<YYYY-MM> the month, when it was made and its key figures (listing without a scan)
 *   report email  pk REPORT#<YYYY-MM>  sk EMAIL#<run>     the email of one run, claimed before it is sent
 * A month's cases come from the byMonthReceived index, one Query page after another: the cost is
 * the month's cases, never the table's.
 */

const { byMonthReceived } = table.indexes;
const PK = table.partitionKey.name;
const SK = table.sortKey.name;
export const reportKey = (month: string) => ({ [PK]: `REPORT#${month}`, [SK]: 'REPORT' });
/** The stored form of a month's report: its JSON, gzipped. */
export const reportBody = (report: MonthlyReport): Uint8Array => gzipSync(JSON.stringify(report));
export const reportFromBody = (body: Uint8Array): MonthlyReport => JSON.parse(gunzipSync(body).toString('utf8')) as MonthlyReport;
const indexKey = (month: string) => ({ [PK]: 'REPORTS', [SK]: `MONTH#${month}` });
const emailKey = (month: string, run: string) => ({ [PK]: `REPORT#${month}`, [SK]: `EMAIL#${run}` });
/** The state of an email claim given back: the next attempt may take it. */
const RELEASED = 'released';
/** Items per Query page of a month's cases (DynamoDB also stops a page at 1 MB). */
const PAGE = 1_000;

export class DynamoDbReportRepository implements ReportRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async casesReceivedIn(month: string): Promise<Case[]> {
    const cases: Case[] = [];
    await this.call(async () => {
      const pages = paginateQuery(
        { client: this.doc, pageSize: PAGE },
        {
          TableName: this.tableName,
          IndexName: byMonthReceived.indexName,
          KeyConditionExpression: '#pk = :month',
          ExpressionAttributeNames: { '#pk': byMonthReceived.partitionKey.name },
          ExpressionAttributeValues: { ':month': `RECEIVED#${month}` },
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) cases.push(caseFromItem(item));
    });
    return cases;
  }

  async saveMonth(report: MonthlyReport): Promise<void> {
    const body = reportBody(report);
    const summary = { complaints: report.received.complaints, compliments: report.received.compliments, openOverdue: report.open.overdue };
    await this.call(() =>
      this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...reportKey(report.month), entity: 'report', month: report.month, generatedAt: report.generatedAt, body } } },
            { Put: { TableName: this.tableName, Item: { ...indexKey(report.month), entity: 'report-index', month: report.month, generatedAt: report.generatedAt, ...summary } } },
          ],
        }),
      ),
    );
  }

  async getMonth(month: string): Promise<MonthlyReport | undefined> {
    const out = await this.call(() => this.doc.send(new GetCommand({ TableName: this.tableName, Key: reportKey(month), ConsistentRead: true })));
    const body = out.Item?.body as Uint8Array | undefined;
    return body ? reportFromBody(body) : undefined;
  }

  async months(): Promise<StoredMonth[]> {
    const months: StoredMonth[] = [];
    await this.call(async () => {
      const pages = paginateQuery(
        { client: this.doc, pageSize: PAGE },
        {
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :reports AND begins_with(#sk, :month)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':reports': 'REPORTS', ':month': 'MONTH#' },
          ScanIndexForward: false,
          ConsistentRead: true,
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          months.push({ month: item.month, generatedAt: item.generatedAt, complaints: item.complaints, compliments: item.compliments, openOverdue: item.openOverdue });
        }
      }
    });
    return months;
  }

  async claimEmail(month: string, run: string, at: string): Promise<LetterRecord | undefined> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: emailKey(month, run),
          UpdateExpression: 'SET #state = :sending, #at = :at',
          // Free, or given back by an attempt that knew it had not sent it.
          ConditionExpression: 'attribute_not_exists(#pk) OR #state = :released',
          ExpressionAttributeNames: { '#pk': PK, '#state': 'state', '#at': 'at' },
          ExpressionAttributeValues: { ':sending': 'sending', ':at': at, ':released': RELEASED },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        const item = (error as { Item?: Record<string, unknown> }).Item;
        // The document client leaves the item of a failed condition in DynamoDB's own form.
        const value = (name: string) => {
          const v = item?.[name] as { S?: string } | string | undefined;
          return typeof v === 'string' ? v : v?.S;
        };
        return { state: (value('state') ?? 'sending') as LetterRecord['state'], at: value('at') ?? at };
      }
      throw new StoreUnavailableError('The report store did not answer', { cause: error });
    }
  }

  async settleEmail(month: string, run: string, record: LetterRecord): Promise<void> {
    await this.setState(month, run, record.state, record.at);
  }

  async releaseEmail(month: string, run: string): Promise<void> {
    // Marked, not deleted: the functions hold no DeleteItem (infra/constructs/cases-table.ts).
    await this.setState(month, run, RELEASED, new Date(0).toISOString());
  }

  private async setState(month: string, run: string, state: string, at: string): Promise<void> {
    await this.call(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: emailKey(month, run),
          UpdateExpression: 'SET #state = :state, #at = :at, entity = :entity',
          ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
          ExpressionAttributeValues: { ':state': state, ':at': at, ':entity': 'report-email' },
        }),
      ),
    );
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StoreUnavailableError('The report store did not answer', { cause: error });
    }
  }
}
