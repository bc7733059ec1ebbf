import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, DynamoDbCaseRepository } from '../../functions/adapters/dynamodb-case-repository';
import { receivedEvent, type AuditEvent, type Case } from '../../functions/domain/case';
import type { CaseListQuery } from '../../functions/domain/ports';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { aNewComplaint, aNewCompliment } from '../support/case-mothers';
import { freePort } from '../support/ports';

/**
 * The case list filtered by complaint category against DynamoDB Local: a FilterExpression over the
 * index the other filters choose (the month's, the open and closed cases', a person's), and a case
 * that moves while a listing pages is still found under its category where it stood (its list trace
 * keeps the category).
 */

const TABLE = 'category-list-test';
let dynamodb: DynamoDbLocal;
let client: DynamoDBClient;
let repo: DynamoDbCaseRepository;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  repo = new DynamoDbCaseRepository(documentClient(client), TABLE, { maxWaitMs: 8_000, listSettleMs: 0 });
});
afterAll(async () => dynamodb?.stop());

let n = 0;
async function stored(overrides: Partial<Case>): Promise<Case> {
  n++;
  const c = (overrides.kind === 'compliment' ? aNewCompliment : aNewComplaint)({ reference: `CC-2026-${String(n).padStart(5, '0')}`, ...overrides });
  await repo.createWithNextReference(3000 + n, () => ({ case: c, event: receivedEvent(c, { type: 'public' }) }));
  return c;
}

const all = async (query: CaseListQuery) => (await repo.listPage(query, { limit: 100, accept: () => true })).items.map((c) => c.reference).sort();

describe('the case list by category', () => {
  it('lists the complaints of one category, in every view, and nothing else', async () => {
    const driving = await stored({ category: 'driving' });
    const drivingOther = await stored({ category: 'driving', receivedAt: '2026-04-02T10:00:00.000Z', receivedOn: '2026-04-02' });
    const behaviour = await stored({ category: 'behaviour' });
    await stored({});
    await stored({ kind: 'compliment' });
    expect(await all({ category: 'driving' })).toEqual([driving.reference, drivingOther.reference]);
    expect(await all({ category: 'driving', month: '2026-03' })).toEqual([driving.reference]);
    expect(await all({ category: 'behaviour', status: 'open' })).toEqual([behaviour.reference]);
    expect(await all({ category: 'behaviour', status: 'closed' })).toEqual([]);
    expect(await all({ category: 'other' })).toEqual([]);
  });

  it('finds a case that moved after the listing began where it stood, under its category', async () => {
    const c = await stored({ category: 'work-process', receivedAt: '2026-05-04T10:00:00.000Z', receivedOn: '2026-05-04' });
    const asOf = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const closed: Case = { ...c, status: 'closed', nextDeadline: null, closedAt: new Date().toISOString(), version: 2 };
    const event: AuditEvent = { reference: c.reference, at: new Date().toISOString(), type: 'details-updated', actor: { type: 'system' }, version: 2, data: {} };
    await repo.save(closed, event, 1);
    const listed = (await repo.listPage({ category: 'work-process', asOf }, { limit: 10, accept: () => true })).items;
    expect(listed.map((x) => [x.reference, x.status, x.category])).toEqual([[c.reference, 'open', 'work-process']]);
    expect(await all({ category: 'work-process' })).toEqual([c.reference]);
  });
});
