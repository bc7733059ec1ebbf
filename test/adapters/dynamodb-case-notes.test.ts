import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, DynamoDbCaseRepository } from '../../functions/adapters/dynamodb-case-repository';
import { formatReference, newCase, receivedEvent, type AuditEvent, type Case } from '../../functions/domain/case';
import { StoreUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { parseSubmission } from '../../functions/domain/submission';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { aComplaint } from '../support/mothers';
import { freePort } from '../support/ports';

/*
 * Notes on a case's timeline (CaseRepository.note) against DynamoDB Local: an event item that
 * changes nothing about the case, sorted after the event of the version it annotates, written once.
 */

const TABLE = 'notes-test';
let dynamodb: DynamoDbLocal;
let doc: ReturnType<typeof documentClient>;
let repo: DynamoDbCaseRepository;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, TABLE);
  doc = documentClient(client);
  repo = new DynamoDbCaseRepository(doc, TABLE, { maxWaitMs: 8_000, listSettleMs: 0 });
});
afterAll(async () => dynamodb?.stop());

const { submission } = parseSubmission(aComplaint(), defaultPolicy, '2026-06-01');
let year = 2040;

/** A new case, stored with its received event (version 1), in a year of its own. */
async function aCase(): Promise<Case> {
  const y = year++;
  return repo.createWithNextReference(y, (sequence) => {
    const c = newCase(submission, {
      reference: formatReference('CC', y, sequence),
      receivedAt: new Date('2026-06-01T09:00:00Z'),
      receivedOn: '2026-06-01',
      acknowledgeBy: new Date('2026-06-10T22:59:59.999Z'),
      channel: 'web',
    });
    return { case: c, event: receivedEvent(c, { type: 'public' }) };
  });
}

const reminder = (c: Case, version: number, at: string, to = 'operations-head'): AuditEvent => ({
  reference: c.reference,
  at,
  type: 'reminder-sent',
  actor: { type: 'system' },
  version,
  data: { to, as: 'stage-owner', what: 'stage', stage: 1, deadline: '2026-06-15T22:59:59.999Z', workingDaysLeft: 1 },
});

/** A change by staff: version `version`, read at `version - 1`. */
async function change(c: Case, version: number, summary: string): Promise<Case> {
  const next = { ...c, summary, version };
  const event: AuditEvent = { reference: c.reference, at: `2026-06-0${version}T10:00:00.000Z`, type: 'details-updated', actor: { type: 'staff', id: 'admin-manager' }, version, data: { changes: { summary: { from: c.summary, to: summary } } } };
  await repo.save(next, event, version - 1);
  return next;
}

const rawCase = async (reference: string) =>
  (await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, ConsistentRead: true }))).Item;

const eventKeys = async (reference: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `CASE#${reference}`, ':event': 'EVENT#' },
        ConsistentRead: true,
      }),
    )
  ).Items!.map((i) => i.sk as string);

describe('DynamoDbCaseRepository.note', () => {
  it('leaves the case item, its list keys and its version untouched', async () => {
    const c = await aCase();
    const before = await rawCase(c.reference);
    await repo.note(reminder(c, 1, '2026-06-02T07:00:00.000Z'), '2026-06-02#operations-head#stage-1');
    expect(await rawCase(c.reference)).toEqual(before);
    expect((await repo.get(c.reference))!.version).toBe(1);
  });

  it("sorts after the event of the version it annotates and before the next version's, notes of a version by key", async () => {
    const c = await aCase();
    await repo.note(reminder(c, 1, '2026-06-02T07:00:01.000Z', 'operations-head'), '2026-06-02#operations-head#stage-1');
    await repo.note(reminder(c, 1, '2026-06-02T07:00:00.000Z', 'admin-manager'), '2026-06-02#admin-manager#stage-1');
    const v2 = await change(c, 2, 'Changed once');
    await change(v2, 3, 'Changed twice');
    // Written after version 3 (a run that read version 2 before the change): still in its place.
    await repo.note(reminder(c, 2, '2026-06-03T07:00:00.000Z'), '2026-06-03#operations-head#stage-1');
    expect(await eventKeys(c.reference)).toEqual([
      'EVENT#000001',
      'EVENT#000001#NOTE#2026-06-02#admin-manager#stage-1',
      'EVENT#000001#NOTE#2026-06-02#operations-head#stage-1',
      'EVENT#000002',
      'EVENT#000002#NOTE#2026-06-03#operations-head#stage-1',
      'EVENT#000003',
    ]);
    const timeline = await repo.timeline(c.reference);
    expect(timeline.map((e) => [e.type, e.version, e.data.to ?? null])).toEqual([
      ['received', 1, null],
      ['reminder-sent', 1, 'admin-manager'],
      ['reminder-sent', 1, 'operations-head'],
      ['details-updated', 2, null],
      ['reminder-sent', 2, 'operations-head'],
      ['details-updated', 3, null],
    ]);
    // Read back as the domain wrote it, without the adapter's keys.
    expect(timeline[1]).toEqual(reminder(c, 1, '2026-06-02T07:00:00.000Z', 'admin-manager'));
  });

  it('is written once when noted twice with the same key: the first stands, the second succeeds', async () => {
    const c = await aCase();
    const key = '2026-06-02#operations-head#stage-1';
    await repo.note(reminder(c, 1, '2026-06-02T07:00:00.000Z'), key);
    await expect(repo.note(reminder(c, 1, '2026-06-02T07:10:00.000Z'), key)).resolves.toBeUndefined();
    expect(await eventKeys(c.reference)).toEqual(['EVENT#000001', `EVENT#000001#NOTE#${key}`]);
    expect((await repo.timeline(c.reference))[1]!.at).toBe('2026-06-02T07:00:00.000Z');
  });

  it('does not stop a change made with the version read before the note', async () => {
    const c = await aCase();
    await repo.note(reminder(c, 1, '2026-06-02T07:00:00.000Z'), '2026-06-02#operations-head#stage-1');
    await change(c, 2, 'Changed after the reminder');
    expect(await repo.get(c.reference)).toMatchObject({ summary: 'Changed after the reminder', version: 2 });
  });

  it('reports an unreachable store as StoreUnavailableError', async () => {
    const dead = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const c = await aCase();
    await expect(new DynamoDbCaseRepository(documentClient(dead), TABLE).note(reminder(c, 1, '2026-06-02T07:00:00.000Z'), 'k')).rejects.toThrow(
      new StoreUnavailableError('Could not store the note'),
    );
  });
});
