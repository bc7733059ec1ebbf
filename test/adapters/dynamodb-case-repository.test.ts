import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, DynamoDbCaseRepository, DynamoDbTrackingLinkRepository } from '../../functions/adapters/dynamodb-case-repository';
import { formatReference, newCase, receivedEvent } from '../../functions/domain/case';
import { StoreUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { aComplaint } from '../support/mothers';
import { freePort } from '../support/ports';

const TABLE = 'repository-test';
let dynamodb: DynamoDbLocal;
let client: DynamoDBClient;
let doc: ReturnType<typeof documentClient>;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  doc = documentClient(client);
});
afterAll(async () => dynamodb?.stop());

const { submission } = parseSubmission(aComplaint(), defaultPolicy, '2026-06-01');
const receivedAt = new Date('2026-06-01T09:00:00Z');

function builder(year: number, tweak: (c: ReturnType<typeof newCase>) => void = () => undefined) {
  return (sequence: number) => {
    const c = newCase(submission, {
      reference: formatReference('CC', year, sequence),
      receivedAt,
      receivedOn: '2026-06-01',
      acknowledgeBy: new Date('2026-06-10T22:59:59.999Z'),
      channel: 'web',
    });
    tweak(c);
    return { case: c, event: receivedEvent(c, { type: 'public' }) };
  };
}

async function counter(year: number) {
  const out = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `COUNTER#REFERENCE#${year}`, sk: 'COUNTER' }, ConsistentRead: true }));
  return out.Item?.last as number | undefined;
}

describe('DynamoDbCaseRepository', () => {
  it('stores the case and its received event, and reads both back', async () => {
    const repo = new DynamoDbCaseRepository(doc, TABLE);
    const stored = await repo.createWithNextReference(2030, builder(2030));
    expect(stored.reference).toBe('CC-2030-00001');
    expect(await repo.get('CC-2030-00001')).toEqual(stored);
    expect(await repo.timeline('CC-2030-00001')).toEqual([receivedEvent(stored, { type: 'public' })]);
    expect(await repo.get('CC-2030-99999')).toBeUndefined();
  });

  it('indexes an open case by month of receipt and by next deadline', async () => {
    const repo = new DynamoDbCaseRepository(doc, TABLE);
    const stored = await repo.createWithNextReference(2031, builder(2031));
    const byMonth = await doc.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'byMonthReceived', KeyConditionExpression: 'gsi1pk = :m', ExpressionAttributeValues: { ':m': 'RECEIVED#2026-06' } }),
    );
    expect(byMonth.Items?.map((i) => i.reference)).toContain(stored.reference);
    const open = await doc.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'openByDeadline', KeyConditionExpression: 'gsi2pk = :o', ExpressionAttributeValues: { ':o': 'OPEN' } }),
    );
    expect(open.Items?.find((i) => i.reference === stored.reference)?.gsi2sk).toBe(`${stored.nextDeadline}#${stored.reference}`);
  });

  it('keeps numbers gap-free when writers in different processes race for them', async () => {
    // Two repositories share nothing in memory, like two Lambda instances: only DynamoDB's
    // conditions keep them apart.
    const writers = Array.from({ length: 4 }, () => new DynamoDbCaseRepository(documentClient(client), TABLE, { maxWaitMs: 60_000 }));
    const made = await Promise.all(Array.from({ length: 40 }, (_, i) => writers[i % 4]!.createWithNextReference(2032, builder(2032))));
    const numbers = made.map((c) => Number(c.reference.slice(-5))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await counter(2032)).toBe(40);
  });

  it('leaves neither case nor event, and uses no number, when the write fails', async () => {
    const repo = new DynamoDbCaseRepository(doc, TABLE);
    await repo.createWithNextReference(2033, builder(2033));
    // A real failure DynamoDB produces itself: an item over its 400 KB limit fails the whole transaction.
    const tooBig = builder(2033, (c) => (c.details = 'x'.repeat(410 * 1024)));
    await expect(repo.createWithNextReference(2033, tooBig)).rejects.toThrow(StoreUnavailableError);
    expect(await repo.get('CC-2033-00002')).toBeUndefined();
    expect(await repo.timeline('CC-2033-00002')).toEqual([]);
    expect(await counter(2033)).toBe(1);
    // The number was not burnt: the next case takes it.
    expect((await repo.createWithNextReference(2033, builder(2033))).reference).toBe('CC-2033-00002');
  });

  it('reports an unreachable store as StoreUnavailableError', async () => {
    const dead = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const repo = new DynamoDbCaseRepository(documentClient(dead), TABLE);
    await expect(repo.get('CC-2026-00001')).rejects.toThrow(StoreUnavailableError);
    await expect(repo.createWithNextReference(2034, builder(2034))).rejects.toThrow(StoreUnavailableError);
  });
});

describe('DynamoDbTrackingLinkRepository', () => {
  const HASH = 'd4'.repeat(32);

  it('keeps each hash under its own key, with the case it opens and when it was issued', async () => {
    const links = new DynamoDbTrackingLinkRepository(doc, TABLE);
    await links.put(HASH, 'CC-2035-00001', '2035-01-02T10:00:00.000Z');
    expect(await links.referenceOf(HASH)).toBe('CC-2035-00001');
    const item = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `TRACK#${HASH}`, sk: 'TRACK' }, ConsistentRead: true }));
    expect(item.Item).toEqual({ pk: `TRACK#${HASH}`, sk: 'TRACK', entity: 'tracking-link', reference: 'CC-2035-00001', issuedAt: '2035-01-02T10:00:00.000Z' });
  });

  it('knows no hash it was not given', async () => {
    expect(await new DynamoDbTrackingLinkRepository(doc, TABLE).referenceOf('e5'.repeat(32))).toBeUndefined();
  });

  it('never lets a hash be given to another case', async () => {
    const links = new DynamoDbTrackingLinkRepository(doc, TABLE);
    await links.put('f6'.repeat(32), 'CC-2035-00002', '2035-01-02T10:00:00.000Z');
    await expect(links.put('f6'.repeat(32), 'CC-2035-00003', '2035-01-03T10:00:00.000Z')).rejects.toThrow(
      new StoreUnavailableError('The tracking link could not be stored'),
    );
    expect(await links.referenceOf('f6'.repeat(32))).toBe('CC-2035-00002');
  });

  it('is not a case: the case list does not find it', async () => {
    const links = new DynamoDbTrackingLinkRepository(doc, TABLE);
    await links.put('a7'.repeat(32), 'CC-2035-00004', '2035-01-02T10:00:00.000Z');
    const all = await new DynamoDbCaseRepository(doc, TABLE).listPage({}, { limit: 100, accept: () => true });
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.map((c) => c.reference)).not.toContain('CC-2035-00004');
  });

  it('reports an unreachable store as StoreUnavailableError', async () => {
    const dead = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const links = new DynamoDbTrackingLinkRepository(documentClient(dead), TABLE);
    await expect(links.referenceOf(HASH)).rejects.toThrow(new StoreUnavailableError('The tracking link could not be read'));
    await expect(links.put(HASH, 'CC-2035-00001', '2035-01-02T10:00:00.000Z')).rejects.toThrow(new StoreUnavailableError('The tracking link could not be stored'));
  });
});
