import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseItem, documentClient, DynamoDbCaseRepository, DynamoDbDirectoryRepository } from '../../functions/adapters/dynamodb-case-repository';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { receivedEvent, type Case } from '../../functions/domain/case';
import { ValidationError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import type { CaseListQuery, ListPosition } from '../../functions/domain/ports';
import { listCases } from '../../functions/domain/staff-service';
import { ensureTable, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb';
import { aStoredCase, staff } from '../support/cases';
import { freePort } from '../support/ports';

/**
 * The case list against DynamoDB Local: every page one index Query with DynamoDB's own pagination
 * (never a Scan), its cursor the index position of the last case shown. Each test has its own table,
 * so the sparse indexes' single partitions (OPEN, CLOSED) hold only its cases.
 */

let dynamodb: DynamoDbLocal;
let client: DynamoDBClient;
let doc: ReturnType<typeof documentClient>;
let tables = 0;
let TABLE: string;
let repo: DynamoDbCaseRepository;
/** What each page asked DynamoDB: the command and the index. */
let asked: Array<[string, string | undefined]> = [];

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
  client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  doc = documentClient(client);
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      asked.push([context.commandName!, (args.input as { IndexName?: string }).IndexName]);
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});
afterAll(async () => dynamodb?.stop());

beforeEach(async () => {
  TABLE = `case-list-${++tables}`;
  await ensureTable(client, TABLE);
  // Moves are stamped by the test's clock and settle at once, as its listings run on that clock;
  // 'a move that lands while a listing reads its first page' below runs on the real one.
  repo = new DynamoDbCaseRepository(doc, TABLE, { maxWaitMs: 8_000, listSettleMs: 0, clock: () => tick });
  asked = [];
});

const ref = (n: number) => `CC-2026-${String(n).padStart(5, '0')}`;
const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}`;

/** Case n: received on 1 March + n hours; open with a deadline on day `deadline` of March, or closed. */
function aCase(n: number, o: Partial<Case> & { deadline?: number } = {}): Case {
  const { deadline, ...overrides } = o;
  const receivedAt = new Date(Date.UTC(2026, 1, 1, 0, 0, 0) + n * 3_600_000).toISOString();
  const nextDeadline = deadline === undefined ? `${day(20)}T23:59:59.999Z` : `${day(deadline)}T23:59:59.999Z`;
  const c: Case = { ...aStoredCase(), reference: ref(n), receivedAt, receivedOn: receivedAt.slice(0, 10), nextDeadline, function: 'operations', ...overrides };
  return c.status === 'closed' ? { ...c, nextDeadline: null, stage: null, owner: null } : c;
}

/** The test's clock: each call a second later (events' times, listings' starts). */
let tick = Date.parse('2026-03-10T10:00:00Z');
const instant = () => new Date((tick += 1000)).toISOString();

async function store(...cases: Case[]): Promise<void> {
  for (const c of cases) await repo.save(c, { ...receivedEvent(c, { type: 'public' }), at: instant() }, 0);
}

/** Stores a change to a case (a new version), as a staff change would. */
async function change(c: Case, patch: Partial<Case> & { deadline?: number }): Promise<Case> {
  const { deadline, ...rest } = patch;
  const next: Case = { ...c, ...rest, version: c.version + 1 };
  if (deadline !== undefined) next.nextDeadline = `${day(deadline)}T23:59:59.999Z`;
  if (next.status === 'closed') Object.assign(next, { nextDeadline: null, stage: null, owner: null });
  await repo.save(next, { ...receivedEvent(next, { type: 'public' }), version: next.version, at: instant() }, c.version);
  return next;
}

const everyone = () => true;

/** Every page of a listing started now, by reference, with `between` run after each page. */
async function pages(query: CaseListQuery, limit: number, between: (page: number) => Promise<void> = async () => undefined) {
  const seen: string[][] = [];
  const asOf = instant();
  let after: ListPosition | undefined;
  do {
    const page = await repo.listPage({ ...query, asOf }, { limit, after, accept: everyone });
    seen.push(page.items.map((c) => c.reference));
    after = page.next;
    await between(seen.length);
  } while (after && seen.length < 100);
  return seen;
}

describe('the case list, from the indexes', () => {
  it('gives open cases soonest deadline first, then closed ones newest first, page by page, each once', async () => {
    await store(
      aCase(1, { deadline: 5 }),
      aCase(2, { deadline: 3 }),
      aCase(3, { status: 'closed' }),
      aCase(4, { deadline: 3 }),
      aCase(5, { status: 'closed' }),
      aCase(6, { deadline: 9 }),
      aCase(7, { status: 'closed' }),
    );
    asked = [];
    expect(await pages({}, 3)).toEqual([
      [ref(2), ref(4), ref(1)],
      [ref(6), ref(7), ref(5)],
      [ref(3)],
    ]);
    expect(asked.every(([command]) => command === 'QueryCommand')).toBe(true);
    expect(new Set(asked.map(([, index]) => index))).toEqual(new Set(['openByDeadline', 'closedByReceived']));
  });

  it('ends without a cursor when the last page is full and nothing is left', async () => {
    await store(aCase(1, { deadline: 5 }), aCase(2, { deadline: 6 }), aCase(3, { status: 'closed' }));
    expect(await pages({}, 3)).toEqual([[ref(1), ref(2), ref(3)]]);
    expect(await pages({ status: 'open' }, 2)).toEqual([[ref(1), ref(2)]]);
  });

  describe('answers each filter from the index that holds it', () => {
    beforeEach(async () => {
      await store(
        aCase(1, { deadline: 2, owner: 'operations-head', stage: 1 }),
        aCase(2, { deadline: 10, owner: 'operations-head', stage: 2, channel: 'letter' }),
        aCase(3, { deadline: 12, owner: 'prevention-head', stage: 1, function: 'prevention' }),
        aCase(4, { deadline: 13, kind: 'compliment', function: 'prevention' }),
        aCase(5, { status: 'closed', function: 'prevention' }),
        aCase(6, { status: 'closed', channel: 'letter' }),
        aCase(700, { deadline: 11, function: undefined }),
      );
      asked = [];
    });

    const NOW = '2026-03-10T12:00:00.000Z';
    it.each<[string, CaseListQuery, number[], string[]]>([
      ['open cases', { status: 'open' }, [1, 2, 700, 3, 4], ['openByDeadline']],
      ['closed cases, newest first', { status: 'closed' }, [6, 5], ['closedByReceived']],
      ['overdue: a key range before now', { deadlineBefore: NOW }, [1], ['openByDeadline']],
      ['not overdue: a key range from now, then closed cases', { deadlineFrom: NOW }, [2, 700, 3, 4, 6, 5], ['openByDeadline', 'closedByReceived']],
      ['due by a date: a key range up to it', { deadlineBy: `${day(11)}T23:59:59.999Z` }, [1, 2, 700], ['openByDeadline']],
      ['due by a date and not overdue', { deadlineFrom: NOW, deadlineBy: `${day(12)}T23:59:59.999Z` }, [2, 700, 3], ['openByDeadline']],
      ['overdue by a date already past: nothing read', { deadlineFrom: NOW, deadlineBy: `${day(9)}T23:59:59.999Z` }, [], []],
      ['owner', { owner: 'operations-head' }, [1, 2], ['byOwner']],
      ['owner, overdue', { owner: 'operations-head', deadlineBefore: NOW }, [1], ['byOwner']],
      ['owner and function (filtered)', { owner: 'prevention-head', function: 'prevention' }, [3], ['byOwner']],
      ['function: open by deadline, then closed', { function: 'prevention' }, [3, 4, 5], ['byFunction']],
      ['function, closed', { function: 'prevention', status: 'closed' }, [5], ['byFunction']],
      ['function, due by a date', { function: 'operations', deadlineBy: `${day(10)}T23:59:59.999Z` }, [1, 2], ['byFunction']],
      ['month (by receipt)', { month: '2026-02' }, [1, 2, 3, 4, 5, 6], ['byMonthReceived']],
      ['month, open and overdue (filtered)', { month: '2026-02', deadlineBefore: NOW }, [1], ['byMonthReceived']],
      ['month, not overdue (filtered)', { month: '2026-02', deadlineFrom: NOW }, [2, 3, 4, 5, 6], ['byMonthReceived']],
      ['month, due by a date (filtered)', { month: '2026-02', deadlineBy: `${day(10)}T23:59:59.999Z` }, [1, 2], ['byMonthReceived']],
      ['month, closed, by owner and function (filtered)', { month: '2026-02', status: 'closed', function: 'prevention' }, [5], ['byMonthReceived']],
      ['month, by owner (filtered)', { month: '2026-02', owner: 'prevention-head' }, [3], ['byMonthReceived']],
      ['kind (filtered)', { kind: 'compliment' }, [4], ['openByDeadline', 'closedByReceived']],
      ['stage (filtered)', { stage: 2 }, [2], ['openByDeadline', 'closedByReceived']],
      ['channel (filtered)', { channel: 'letter' }, [2, 6], ['openByDeadline', 'closedByReceived']],
    ])('%s', async (_what, query, expected, indexes) => {
      expect((await pages(query, 2)).flat()).toEqual(expected.map(ref));
      expect(asked.every(([command]) => command === 'QueryCommand')).toBe(true);
      expect([...new Set(asked.map(([, index]) => index))]).toEqual(indexes);
    });
  });

  it('reads past cases that do not match only up to its budget, then answers with a cursor that goes on', async () => {
    const cases = Array.from({ length: 30 }, (_, i) => aCase(i + 1, { deadline: 2 + (i % 20), channel: i === 25 ? 'letter' : 'web' }));
    await store(...cases);
    const small = new DynamoDbCaseRepository(doc, TABLE, { maxWaitMs: 1_000, listReadBudget: 5 });
    // Filtered pages are read 200 items at a time: one read already passes a budget of 5.
    const first = await small.listPage({ channel: 'letter', deadlineBy: `${day(30)}T23:59:59.999Z` }, { limit: 10, accept: everyone });
    expect(first.items.map((c) => c.reference)).toEqual([ref(26)]);
    expect(first.next).toBeUndefined();
    // A page that does not reach its budget in one read keeps reading.
    const whole = await repo.listPage({ channel: 'letter' }, { limit: 10, accept: everyone });
    expect(whole.items.map((c) => c.reference)).toEqual([ref(26)]);
  });

  it('applies the caller\'s own filter (who may read what) without losing its place', async () => {
    await store(...Array.from({ length: 9 }, (_, i) => aCase(i + 1, { deadline: i + 1 })));
    const odd = (c: Case) => Number(c.reference.slice(-1)) % 2 === 1;
    const seen: string[] = [];
    let after: ListPosition | undefined;
    do {
      const page = await repo.listPage({}, { limit: 2, after, accept: odd });
      seen.push(...page.items.map((c) => c.reference));
      after = page.next;
    } while (after);
    expect(seen).toEqual([1, 3, 5, 7, 9].map(ref));
  });

  describe('while cases change between pages', () => {
    it('shows every case whose place does not move exactly once, whatever is added or changed around it', async () => {
      const cases = Array.from({ length: 20 }, (_, i) => aCase(i + 1, { deadline: 2 + i }));
      await store(...cases);
      let next = 100;
      const seen = await pages({}, 4, async () => {
        // New cases before and after the cursor, and a change that keeps the deadline.
        await store(aCase(next++, { deadline: 1 }), aCase(next++, { deadline: 28 }));
        const c = (await repo.get(ref(18)))!;
        await change(c, { summary: `changed ${next}` });
      });
      const shown = seen.flat();
      expect(new Set(shown).size).toBe(shown.length);
      for (const c of cases) expect(shown.filter((r) => r === c.reference)).toHaveLength(1);
    });

    it('shows a case whose deadline moves once, where and as it stood when the listing started', async () => {
      await store(...Array.from({ length: 6 }, (_, i) => aCase(i + 1, { deadline: 2 + i })));
      const asOf = instant();
      const first = await repo.listPage({ status: 'open', asOf }, { limit: 2, accept: everyone });
      // Case 1, already shown, is extended past the cursor; case 5, not yet shown, becomes due first.
      await change((await repo.get(ref(1)))!, { deadline: 6 });
      await change((await repo.get(ref(5)))!, { deadline: 1 });
      const second = await repo.listPage({ status: 'open', asOf }, { limit: 2, after: first.next, accept: everyone });
      const third = await repo.listPage({ status: 'open', asOf }, { limit: 2, after: second.next, accept: everyone });
      expect([first, second, third].map((p) => p.items.map((c) => c.reference))).toEqual([[ref(1), ref(2)], [ref(3), ref(4)], [ref(5), ref(6)]]);
      expect(third.items[0]).toMatchObject({ nextDeadline: `${day(6)}T23:59:59.999Z`, version: 1 });
      expect(third.next).toBeUndefined();
      // A listing started now sees them where they are now, once each.
      expect((await pages({ status: 'open' }, 10)).flat()).toEqual([5, 2, 3, 4, 1, 6].map(ref));
      expect((await repo.listOpen()).map((c) => c.reference).sort()).toEqual([1, 2, 3, 4, 5, 6].map(ref));
    });

    it('keeps where a moved case stood as a trace with what a row shows, no details or contact details, expiring in two days', async () => {
      await store(aCase(1, { deadline: 2, owner: 'ops' }));
      await change((await repo.get(ref(1)))!, { deadline: 9 });
      const out = await doc.send(
        new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)', ExpressionAttributeValues: { ':pk': `CASE#${ref(1)}`, ':t': 'TRACE#' } }),
      );
      expect(out.Items).toHaveLength(1);
      const trace = out.Items![0]!;
      expect(trace).toMatchObject({ entity: 'trace', gsi2pk: 'OPEN', gsi2sk: `${day(2)}T23:59:59.999Z#${ref(1)}`, gsi4pk: 'OWNER#ops', version: 1 });
      expect(trace.customer).toEqual({ name: 'Ann Example', anonymous: false });
      for (const field of ['details', 'location', 'incidentDate', 'gsi1pk']) expect(trace, field).not.toHaveProperty(field);
      expect(trace.expiration).toBe(Math.floor(Date.parse(trace.positionUntil) / 1000) + 2 * 24 * 3600);
      expect((await repo.timeline(ref(1))).map((e) => e.version)).toEqual([1, 2]);
    });

    it('shows a case closed while paging once, among the open ones where it stood, and a case recorded meanwhile in the next listing', async () => {
      await store(...Array.from({ length: 4 }, (_, i) => aCase(i + 1, { deadline: 2 + i })), aCase(9, { status: 'closed' }));
      const seen = await pages({}, 2, async (page) => {
        if (page !== 1) return;
        await change((await repo.get(ref(4)))!, { status: 'closed', closedAt: '2026-03-10T10:00:00.000Z' });
        await store(aCase(20, { deadline: 1 }));
      });
      expect(seen).toEqual([[ref(1), ref(2)], [ref(3), ref(4)], [ref(9)]]);
      expect((await pages({}, 10)).flat()).toEqual([ref(20), ref(1), ref(2), ref(3), ref(9), ref(4)]);
    });

    it('shows a case passed to another owner while paging their lists once, in the list it was in', async () => {
      await store(aCase(1, { deadline: 2, owner: 'ops' }), aCase(2, { deadline: 3, owner: 'ops' }), aCase(3, { deadline: 4, owner: 'ops' }));
      const asOf = instant();
      const first = await repo.listPage({ owner: 'ops', asOf }, { limit: 1, accept: everyone });
      await change((await repo.get(ref(2)))!, { owner: 'fleet' });
      const rest = await repo.listPage({ owner: 'ops', asOf }, { limit: 5, after: first.next, accept: everyone });
      expect([...first.items, ...rest.items].map((c) => c.reference)).toEqual([ref(1), ref(2), ref(3)]);
      expect((await repo.listPage({ owner: 'fleet', asOf }, { limit: 5, accept: everyone })).items).toEqual([]);
      expect((await repo.listPage({ owner: 'fleet', asOf: instant() }, { limit: 5, accept: everyone })).items.map((c) => c.reference)).toEqual([ref(2)]);
    });

    // The race a fake clock cannot show: the move is stamped, then its write reaches DynamoDB only
    // after a listing has started and read its first page (a slow network, a busy table, an index
    // that lags the table in AWS). DynamoDB Local cannot be made slow, so the client holds the write.
    it.each([
      ['settles after the write lands: shown once, where it stood', 400, 1],
      ['settles at once (what this guards against): shown twice', 0, 2],
    ])('a move that lands while a listing reads its first page %s', async (_what, listSettleMs, times) => {
      // A client of its own: document clients share their base client's middleware.
      const slow = documentClient(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
      let holding: Promise<void> = Promise.resolve();
      let held!: () => void;
      const reached = new Promise<void>((resolve) => (held = resolve));
      slow.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'TransactWriteItemsCommand') {
            held();
            await holding;
          }
          return next(args);
        },
        { step: 'initialize', name: 'holdWrites' },
      );
      const moving = new DynamoDbCaseRepository(slow, TABLE, { maxWaitMs: 8_000, listSettleMs });
      await store(...Array.from({ length: 4 }, (_, i) => aCase(i + 1, { deadline: 2 + i })));
      let release!: () => void;
      holding = new Promise((resolve) => (release = resolve));
      // Case 1, first in the list, is extended to last; its write waits in the client.
      const c = (await repo.get(ref(1)))!;
      const next: Case = { ...c, nextDeadline: `${day(9)}T23:59:59.999Z`, version: 2 };
      const saving = moving.save(next, { ...receivedEvent(next, { type: 'public' }), version: 2, at: new Date().toISOString() }, 1);
      // The listing starts once the write is on its way (stamped and sent), however slow the machine.
      await reached;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const asOf = new Date().toISOString();
      const first = await repo.listPage({ status: 'open', asOf }, { limit: 2, accept: everyone });
      release();
      await saving;
      const rest = await repo.listPage({ status: 'open', asOf }, { limit: 10, after: first.next, accept: everyone });
      const shown = [...first.items, ...rest.items].map((x) => x.reference);
      expect(shown.filter((r) => r === ref(1))).toHaveLength(times);
      expect(shown.slice(0, 4)).toEqual([1, 2, 3, 4].map(ref));
    });

    it('answers a moving change only once the move has taken effect, so a listing started after it shows the new place', async () => {
      const settling = new DynamoDbCaseRepository(doc, TABLE, { maxWaitMs: 8_000, listSettleMs: 300 });
      await store(aCase(1, { deadline: 2 }), aCase(2, { deadline: 3 }));
      const c = (await repo.get(ref(1)))!;
      const next: Case = { ...c, nextDeadline: `${day(9)}T23:59:59.999Z`, version: 2 };
      await settling.save(next, { ...receivedEvent(next, { type: 'public' }), version: 2, at: new Date().toISOString() }, 1);
      const listed = await repo.listPage({ status: 'open', asOf: new Date().toISOString() }, { limit: 10, accept: everyone });
      expect(listed.items.map((x) => x.reference)).toEqual([ref(2), ref(1)]);
    });

    it('answers only once its own clock has reached the move, even when that clock runs behind the timers', async () => {
      // A clock at half the timers' speed: a timer set for the time left wakes before the clock gets there.
      const start = Date.now();
      const slow = () => start + (Date.now() - start) / 2;
      const settling = new DynamoDbCaseRepository(doc, TABLE, { maxWaitMs: 8_000, listSettleMs: 200, clock: slow });
      await store(aCase(1, { deadline: 2 }));
      const c = (await repo.get(ref(1)))!;
      const next: Case = { ...c, nextDeadline: `${day(9)}T23:59:59.999Z`, version: 2 };
      await settling.save(next, { ...receivedEvent(next, { type: 'public' }), version: 2, at: new Date().toISOString() }, 1);
      const answeredAt = slow();
      const stored = await doc.send(new GetCommand({ TableName: TABLE, Key: { pk: `CASE#${ref(1)}`, sk: 'CASE' }, ConsistentRead: true }));
      expect(Date.parse(stored.Item!.positionSince as string)).toBeLessThanOrEqual(answeredAt);
    });

    it('keeps closed cases by receipt, a place that never moves: closing others while paging skips and repeats none', async () => {
      const closed = Array.from({ length: 12 }, (_, i) => aCase(i + 1, { status: 'closed' }));
      const open = Array.from({ length: 6 }, (_, i) => aCase(i + 50, { deadline: 2 + i }));
      await store(...closed, ...open);
      let closing = 0;
      const seen = await pages({ status: 'closed' }, 3, async () => {
        const c = open[closing++];
        if (c) await change((await repo.get(c.reference))!, { status: 'closed', closedAt: '2026-03-10T10:00:00.000Z' });
      });
      const shown = seen.flat();
      for (const c of closed) expect(shown.filter((r) => r === c.reference)).toHaveLength(1);
      expect(new Set(shown).size).toBe(shown.length);
    });
  });
});

describe('listCases over DynamoDB', () => {
  const KEY = 'a-key-for-the-tests-that-is-long-enough-0123456789';
  const deps = () => ({
    policy: defaultPolicy,
    calendar: WorkingDayCalendar.fromPolicy(defaultPolicy),
    cases: repo,
    directory: new DynamoDbDirectoryRepository(doc, TABLE),
    now: () => new Date('2026-03-10T12:00:00Z'),
    cursorKey: KEY,
  });

  it('pages with signed cursors, and refuses one tampered with or taken to another query', async () => {
    await store(...Array.from({ length: 5 }, (_, i) => aCase(i + 1, { deadline: 11 + i })));
    const first = await listCases(staff.admin, { limit: '2' }, deps());
    expect(first.items.map((s) => s.reference)).toEqual([ref(1), ref(2)]);
    const second = await listCases(staff.admin, { limit: '2', cursor: first.nextCursor }, deps());
    expect(second.items.map((s) => s.reference)).toEqual([ref(3), ref(4)]);

    const [body, mac] = first.nextCursor!.split('.');
    const content = JSON.parse(Buffer.from(body!, 'base64url').toString());
    content.p.key.gsi2sk = `2026-03-01T00:00:00.000Z#${ref(1)}`;
    const tampered = `${Buffer.from(JSON.stringify(content)).toString('base64url')}.${mac}`;
    for (const [query, cursor] of [
      [{ limit: '2' }, tampered],
      [{ limit: '2', status: 'open' }, first.nextCursor!],
      [{ limit: '2', function: 'operations' }, first.nextCursor!],
    ] as const) {
      const error = await listCases(staff.admin, { ...query, cursor }, deps()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ path: 'cursor', message: 'not a cursor this API gave for this query' }]);
    }
  });

  it('writes the list position into the index item as the cursor names it', async () => {
    await store(aCase(1, { deadline: 11, owner: 'operations-head' }));
    const out = await doc.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'byOwner', KeyConditionExpression: 'gsi4pk = :o', ExpressionAttributeValues: { ':o': 'OWNER#operations-head' } }),
    );
    expect(out.Items?.map((i) => [i.gsi4sk, i.gsi5pk, i.gsi5sk])).toEqual([
      [`O#${day(11)}T23:59:59.999Z#${ref(1)}`, 'FUNCTION#operations', `O#${day(11)}T23:59:59.999Z#${ref(1)}`],
    ]);
    expect(await repo.get(ref(1))).not.toHaveProperty('gsi4pk');
  });
});

describe('a table kept from before the list indexes (npm start with an old data directory)', () => {
  // A DynamoDB Local of its own, holding one table as `npm start`'s does: in the one above, after
  // its thirty-odd tables, an index added to a table stayed CREATING for over 30 s in our runs.
  let own: DynamoDbLocal;
  let client: DynamoDBClient;
  let doc: ReturnType<typeof documentClient>;
  beforeAll(async () => {
    own = await startDynamoDbLocal({ port: await freePort(), dataDir: null });
    client = new DynamoDBClient({ endpoint: own.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    doc = documentClient(client);
  });
  afterAll(async () => own?.stop());

  it('gets the missing indexes, and its cases the keys of them', async () => {
    const name = 'case-list-old';
    const key = (n: string) => ({ AttributeName: n, AttributeType: 'S' as const });
    const gsi = (indexName: string, pk: string, sk: string) => ({
      IndexName: indexName,
      KeySchema: [
        { AttributeName: pk, KeyType: 'HASH' as const },
        { AttributeName: sk, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    });
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map(key),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [gsi('byMonthReceived', 'gsi1pk', 'gsi1sk'), gsi('openByDeadline', 'gsi2pk', 'gsi2sk')],
      }),
    );
    // As the adapter wrote them then: no keys of the indexes to come.
    const old = (c: Case) => Object.fromEntries(Object.entries(caseItem(c)).filter(([k]) => !/^gsi[345]/.test(k)));
    await doc.send(new PutCommand({ TableName: name, Item: old(aCase(1, { status: 'closed' })) }));
    await doc.send(new PutCommand({ TableName: name, Item: old(aCase(2, { deadline: 12, owner: 'operations-head' })) }));
    await ensureTable(client, name);
    const indexes = (await client.send(new DescribeTableCommand({ TableName: name }))).Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort();
    expect(indexes).toEqual(['byFunction', 'byMonthReceived', 'byOwner', 'closedByReceived', 'openByDeadline']);
    const repo = new DynamoDbCaseRepository(doc, name);
    expect((await repo.listPage({ status: 'closed' }, { limit: 5, accept: everyone })).items.map((c) => c.reference)).toEqual([ref(1)]);
    expect((await repo.listPage({ owner: 'operations-head' }, { limit: 5, accept: everyone })).items.map((c) => c.reference)).toEqual([ref(2)]);
    expect((await repo.listPage({ function: 'operations' }, { limit: 5, accept: everyone })).items.map((c) => c.reference)).toEqual([ref(2), ref(1)]);
    await ensureTable(client, name); // and again: nothing left to add
  });
});
