import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseItem, documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { DynamoDbReportRepository } from '../../functions/adapters/dynamodb-report-repository';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import { StoreUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { collateMonth, type MonthlyReport } from '../../functions/domain/reports/monthly';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { aNewComplaint } from '../support/case-mothers';
import { freePort } from '../support/ports';

/**
 * The report store against DynamoDB Local: a month's cases through the month-of-receipt index,
 * Query page after Query page (never a Scan); one report per month, replaced when made again;
 * the months newest first; the email claim of a run.
 */

const TABLE = 'report-repository-test';
const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
let dynamodb: DynamoDbLocal;
let client: DynamoDBClient;
let doc: ReturnType<typeof documentClient>;
/** The commands this test's client sent, by name. */
const sent: string[] = [];

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  doc = documentClient(client);
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
});
afterAll(async () => dynamodb?.stop());

async function load(cases: Case[]): Promise<void> {
  for (let i = 0; i < cases.length; i += 25) {
    let items = cases.slice(i, i + 25).map((c) => ({ PutRequest: { Item: caseItem(c) } }));
    while (items.length) {
      const out: BatchWriteCommandOutput = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
      items = (out.UnprocessedItems?.[TABLE] ?? []) as typeof items;
    }
  }
}

/** Case i of a month: received on day 1 + i % 28, one minute apart. */
const inMonth = (month: string, i: number): Case => {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const receivedAt = new Date(Date.parse(`${month}-${day}T10:00:00Z`) + i * 60_000).toISOString();
  return aNewComplaint({ reference: `CC-${month.slice(0, 4)}-${String(i + 1).padStart(5, '0')}${month.slice(5)}`.slice(0, 16), receivedAt, receivedOn: `${month}-${day}` });
};

const reportOf = (month: string, cases: Case[], now = new Date('2026-12-01T06:00:00Z')): MonthlyReport =>
  collateMonth({ month, now, cases, open: [], earlier: [], policy: defaultPolicy, calendar });

describe('DynamoDbReportRepository', () => {
  it("reads every case of a month, and only that month's, through the index page by page", async () => {
    const repo = new DynamoDbReportRepository(doc, TABLE);
    const november = Array.from({ length: 2_300 }, (_, i) => ({ ...inMonth('2026-11', i), reference: `CC-2026-${String(i + 1).padStart(6, '0')}` }));
    const october = Array.from({ length: 40 }, (_, i) => ({ ...inMonth('2026-10', i), reference: `CC-2026-${String(900_000 + i).padStart(6, '0')}` }));
    await load([...november, ...october]);
    sent.length = 0;
    const read = await repo.casesReceivedIn('2026-11');
    expect(read).toHaveLength(2_300);
    expect(new Set(read.map((c) => c.reference))).toEqual(new Set(november.map((c) => c.reference)));
    // As the domain stored it: no key of the table.
    expect(read.find((c) => c.reference === november[7]!.reference)).toEqual(november[7]);
    // 1,000 a page: three Queries, no Scan.
    expect(sent).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand']);
    expect(await repo.casesReceivedIn('2026-10')).toHaveLength(40);
    expect(await repo.casesReceivedIn('2026-09')).toEqual([]);
  });

  it('stores one report a month: made again, it replaces the one before; months newest first', async () => {
    const repo = new DynamoDbReportRepository(doc, TABLE);
    const first = reportOf('2025-03', [inMonth('2025-03', 0)]);
    await repo.saveMonth(first);
    await repo.saveMonth(reportOf('2025-01', []));
    await repo.saveMonth(reportOf('2025-02', [inMonth('2025-02', 0), inMonth('2025-02', 1)]));
    expect(await repo.getMonth('2025-03')).toEqual(first);
    const again = reportOf('2025-03', [inMonth('2025-03', 0), inMonth('2025-03', 1), inMonth('2025-03', 2)], new Date('2026-12-02T09:00:00Z'));
    await repo.saveMonth(again);
    expect(await repo.getMonth('2025-03')).toEqual(again);
    const months = (await repo.months()).filter((m) => m.month.startsWith('2025-'));
    expect(months).toEqual([
      { month: '2025-03', generatedAt: '2026-12-02T09:00:00.000Z', complaints: 3, compliments: 0, openOverdue: 0 },
      { month: '2025-02', generatedAt: '2026-12-01T06:00:00.000Z', complaints: 2, compliments: 0, openOverdue: 0 },
      { month: '2025-01', generatedAt: '2026-12-01T06:00:00.000Z', complaints: 0, compliments: 0, openOverdue: 0 },
    ]);
    expect(await repo.getMonth('2024-12')).toBeUndefined();
  });

  it('keeps the report compressed, so a month with long lessons fits an item', async () => {
    const repo = new DynamoDbReportRepository(doc, TABLE);
    const report = reportOf('2024-06', []);
    const lessons = Array.from({ length: 150 }, (_, i) => ({ reference: `CC-2024-${String(i).padStart(5, '0')}`, stage: 1, decision: 'upheld' as const, text: `Lesson ${i}: `.padEnd(5_000, 'we will brief every watch. ') }));
    await repo.saveMonth({ ...report, lessons });
    expect((await repo.getMonth('2024-06'))?.lessons).toEqual(lessons);
    const item = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'REPORT#2024-06', sk: 'REPORT' } }));
    expect((item.Item?.body as Uint8Array).byteLength).toBeLessThan(400_000);
  });

  it('lets one attempt of a run hold its email claim; a release lets the next take it; a settled one stays', async () => {
    const repo = new DynamoDbReportRepository(doc, TABLE);
    expect(await repo.claimEmail('2026-11', 'run-1', '2026-12-01T06:00:01.000Z')).toBeUndefined();
    expect(await repo.claimEmail('2026-11', 'run-1', '2026-12-01T06:05:00.000Z')).toEqual({ state: 'sending', at: '2026-12-01T06:00:01.000Z' });
    await repo.releaseEmail('2026-11', 'run-1');
    expect(await repo.claimEmail('2026-11', 'run-1', '2026-12-01T06:10:00.000Z')).toBeUndefined();
    await repo.settleEmail('2026-11', 'run-1', { state: 'sent', at: '2026-12-01T06:10:01.000Z' });
    expect(await repo.claimEmail('2026-11', 'run-1', '2026-12-01T07:00:00.000Z')).toEqual({ state: 'sent', at: '2026-12-01T06:10:01.000Z' });
    // Another run of the month is another claim.
    expect(await repo.claimEmail('2026-11', 'run-2', '2026-12-02T09:00:00.000Z')).toBeUndefined();
  });

  it('turns a store that does not answer into StoreUnavailableError', async () => {
    const repo = new DynamoDbReportRepository(doc, 'no-such-table');
    await expect(repo.casesReceivedIn('2026-11')).rejects.toThrow(StoreUnavailableError);
    await expect(repo.getMonth('2026-11')).rejects.toThrow(StoreUnavailableError);
    await expect(repo.months()).rejects.toThrow(StoreUnavailableError);
    await expect(repo.saveMonth(reportOf('2026-11', []))).rejects.toThrow(StoreUnavailableError);
    await expect(repo.claimEmail('2026-11', 'r', '2026-12-01T06:00:00.000Z')).rejects.toThrow(StoreUnavailableError);
  });
});
