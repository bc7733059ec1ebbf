import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-case-repository';
import { DynamoDbSendMarkers } from '../../functions/adapters/dynamodb-send-markers';
import { StoreUnavailableError } from '../../functions/domain/errors';
import type { SendMarker } from '../../functions/domain/ports';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../support/ports';

/*
 * The scheduled jobs' send markers against DynamoDB Local: the first claim wins (one conditional
 * write), a release gives back only a claim still being sent, a settled one stays, and each marker
 * is an item of its day's partition that expires 40 days after the day.
 */

const TABLE = 'send-markers-test';
let dynamodb: DynamoDbLocal;
let doc: ReturnType<typeof documentClient>;
let markers: DynamoDbSendMarkers;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  doc = documentClient(client);
  markers = new DynamoDbSendMarkers(doc, TABLE);
});
afterAll(async () => dynamodb?.stop());

let n = 0;
const aMarker = (): SendMarker => ({ job: 'timescale-monitor', day: '2026-11-30', key: `CC-2026-${String(++n).padStart(5, '0')}#operations-head` });
const item = async (m: SendMarker) => (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `MARK#${m.job}#${m.day}`, sk: m.key }, ConsistentRead: true }))).Item;

describe('send markers', () => {
  it('are claimed once: the first claim wins, the next learns how it stands', async () => {
    const m = aMarker();
    await expect(markers.claim(m, '2026-11-30T07:00:01.000Z')).resolves.toBeUndefined();
    await expect(markers.claim(m, '2026-11-30T07:00:02.000Z')).resolves.toEqual({ state: 'sending', at: '2026-11-30T07:00:01.000Z' });
    expect(await item(m)).toEqual({
      pk: 'MARK#timescale-monitor#2026-11-30',
      sk: m.key,
      entity: 'send-marker',
      state: 'sending',
      at: '2026-11-30T07:00:01.000Z',
      expiration: Date.parse('2026-11-30T00:00:00Z') / 1000 + 40 * 24 * 60 * 60,
    });
  });

  it('of claims made at once, exactly one wins', async () => {
    const m = aMarker();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => markers.claim(m, `2026-11-30T07:00:0${i}.000Z`)));
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
  });

  it('once settled as sent, stay sent: a release does not give them back', async () => {
    const m = aMarker();
    await markers.claim(m, '2026-11-30T07:00:01.000Z');
    await markers.settle(m, { state: 'sent', at: '2026-11-30T07:00:02.000Z' });
    await markers.release(m);
    await expect(markers.claim(m, '2026-11-30T07:05:00.000Z')).resolves.toEqual({ state: 'sent', at: '2026-11-30T07:00:02.000Z' });
  });

  it('given back while still being sent, may be claimed again', async () => {
    const m = aMarker();
    await markers.claim(m, '2026-11-30T07:00:01.000Z');
    await markers.release(m);
    expect((await item(m))?.state).toBeUndefined();
    await expect(markers.claim(m, '2026-11-30T07:05:00.000Z')).resolves.toBeUndefined();
    expect((await item(m))?.state).toBe('sending');
  });

  it('are per day: the same key on another day is another marker', async () => {
    const m = aMarker();
    await markers.claim(m, '2026-11-30T07:00:01.000Z');
    await expect(markers.claim({ ...m, day: '2026-12-01' }, '2026-12-01T07:00:01.000Z')).resolves.toBeUndefined();
  });

  it('say StoreUnavailableError when the table cannot be reached', async () => {
    const broken = new DynamoDbSendMarkers(doc, 'no-such-table');
    await expect(broken.claim(aMarker(), '2026-11-30T07:00:01.000Z')).rejects.toThrow(StoreUnavailableError);
    await expect(broken.settle(aMarker(), { state: 'sent', at: '2026-11-30T07:00:01.000Z' })).rejects.toThrow(StoreUnavailableError);
  });
});
