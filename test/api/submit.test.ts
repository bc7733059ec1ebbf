import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { post, startTestStack } from '../support/stack';
import { aComplaint, aCompliment } from '../support/mothers';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let submissions: string;

beforeAll(async () => {
  stack = await startTestStack();
  submissions = `${stack.apiUrl}/api/public/submissions`;
});
afterAll(async () => stack?.stop());

/** Every case item in the table (not events, workflow notes or idempotency records). */
async function caseItems() {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await stack.doc.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(out.Items ?? []).filter((i) => i.sk === 'CASE'));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items as Array<Record<string, any>>;
}

async function itemsOf(reference: string) {
  const out = await stack.doc.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('GET /api/health', () => {
  it('answers 200 when the system is ready', async () => {
    const res = await fetch(`${stack.apiUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('POST /api/public/submissions', () => {
  it('logs a complaint at once with a reference, an acknowledgement deadline and an audit event', async () => {
    const res = await post(submissions, aComplaint());
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      reference: expect.stringMatching(/^CC-\d{4}-\d{5}$/),
      kind: 'complaint',
      receivedAt: expect.any(String),
      acknowledgeBy: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/api/cases/${res.json.reference}`);
    expect(new Date(res.json.acknowledgeBy).getTime()).toBeGreaterThan(new Date(res.json.receivedAt).getTime());

    const items = await itemsOf(res.json.reference);
    const stored = items.find((i) => i.sk === 'CASE');
    // Its first event is the receipt (the workflow adds its own after it).
    const events = items.filter((i) => String(i.sk).startsWith('EVENT#') && i.type === 'received');
    expect(stored).toMatchObject({
      reference: res.json.reference,
      kind: 'complaint',
      status: 'open',
      channel: 'web',
      receivedAt: res.json.receivedAt,
      acknowledgeBy: res.json.acknowledgeBy,
      customer: { name: 'Ann Example', email: 'ann@example.com', preferredContact: 'email', accessibilityNeeds: 'Large print letters, please' },
      function: 'operations',
    });
    expect(events[0]!.sk).toBe('EVENT#000001');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'received', actor: { type: 'public' }, at: res.json.receivedAt });
    // The audit event records what happened, not who the customer is.
    expect(JSON.stringify(events[0])).not.toMatch(/Ann Example|ann@example\.com/);
  });

  it('logs an anonymous compliment', async () => {
    const res = await post(submissions, aCompliment());
    expect(res.status).toBe(201);
    expect(res.json.kind).toBe('compliment');
    const [stored] = (await itemsOf(res.json.reference)).filter((i) => i.sk === 'CASE');
    expect(stored?.customer).toEqual({ preferredContact: 'none', anonymous: true });
    expect(stored?.kind).toBe('compliment');
  });

  it('stores markup and script as text, exactly as sent', async () => {
    const details = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"';
    const res = await post(submissions, aComplaint({ details, name: '<b>Robert</b>' }));
    expect(res.status).toBe(201);
    const [stored] = (await itemsOf(res.json.reference)).filter((i) => i.sk === 'CASE');
    expect(stored?.details).toBe(details);
    expect(stored?.customer.name).toBe('<b>Robert</b>');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  describe('refusing bad input, storing nothing', () => {
    let before: number;
    beforeEach(async () => {
      before = (await caseItems()).length;
    });
    const nothingStored = async () => expect((await caseItems()).length).toBe(before);

    it('answers 400 naming every bad field', async () => {
      const res = await post(submissions, { kind: 'complaint', summary: '', details: 7, email: 'x', function: 'catering', surprise: 1 });
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('validation');
      expect(res.json.issues.map((i: { path: string }) => i.path)).toEqual(
        expect.arrayContaining(['summary', 'details', 'email', 'function', 'surprise']),
      );
      for (const issue of res.json.issues) expect(issue.message).toEqual(expect.any(String));
      await nothingStored();
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await post(submissions, '{"kind": "complaint",');
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'validation', issues: [{ path: '', message: 'the body is not valid JSON' }] });
      await nothingStored();
    });

    it.each(['[]', 'null', '"text"', '42', ''])('answers 400 for a body that is not an object (%s)', async (body) => {
      const res = await post(submissions, body);
      expect(res.status).toBe(400);
      await nothingStored();
    });

    it('answers 413 for a body over 64 KiB', async () => {
      const res = await post(submissions, aComplaint({ details: 'x'.repeat(70 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.json.error).toBe('payload-too-large');
      await nothingStored();
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'answers 415 for content type %s',
      async (type) => {
        const res = await post(submissions, JSON.stringify(aComplaint()), { 'content-type': type });
        expect(res.status).toBe(415);
        await nothingStored();
      },
    );

    it('accepts JSON with a charset parameter', async () => {
      const res = await post(submissions, aComplaint(), { 'content-type': 'application/json; charset=utf-8' });
      expect(res.status).toBe(201);
    });

    it('answers 400 for a malformed Idempotency-Key', async () => {
      const res = await post(submissions, aComplaint(), { 'idempotency-key': 'x'.repeat(256) });
      expect(res.status).toBe(400);
      expect(res.json.issues[0].path).toBe('Idempotency-Key');
      await nothingStored();
    });
  });

  it('never answers 5xx, whatever the input', async () => {
    const values = [null, true, 0, -1, 1e308, '', ' ', 'x'.repeat(300), '\u0000', '\ud800', {}, [], ['complaint'], { $ne: 1 }, '2026-02-30', '../../etc/passwd', "'; DROP TABLE cases;--"];
    const fields = ['kind', 'name', 'email', 'phone', 'address', 'preferredContact', 'summary', 'details', 'function', 'incidentDate', 'location', 'urgent', 'accessibilityNeeds', 'website', '__proto__', 'constructor'];
    const statuses = new Set<number>();
    for (const field of fields) {
      for (const value of values) {
        const body = JSON.stringify({ ...aComplaint(), [field]: value });
        const res = await post(submissions, field === '__proto__' ? body.replace('"__proto__"', '"__proto__"') : body);
        statuses.add(res.status);
        expect(res.status, `${field}=${JSON.stringify(value)}`).toBeLessThan(500);
      }
    }
    expect([...statuses].every((s) => s === 201 || s === 400)).toBe(true);
  });

  it('answers a filled honeypot like a real submission but stores nothing', async () => {
    const before = (await caseItems()).length;
    const res = await post(submissions, aComplaint({ website: 'http://cheap-pills.example' }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.json).sort()).toEqual(['acknowledgeBy', 'kind', 'receivedAt', 'reference']);
    expect(res.json.reference).toMatch(/^CC-\d{4}-\d{5}$/);
    expect((await caseItems()).length).toBe(before);
    expect(await itemsOf(res.json.reference)).toEqual([]);
  });

  describe('Idempotency-Key', () => {
    it('gives the same answer to a retried submission and creates one case', async () => {
      const key = `retry-${Date.now()}`;
      const first = await post(submissions, aComplaint(), { 'idempotency-key': key });
      const second = await post(submissions, aComplaint(), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.json).toEqual(first.json);
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      const all = await caseItems();
      expect(all.filter((i) => i.reference === first.json.reference)).toHaveLength(1);
      expect(all.filter((i) => i.receivedAt === first.json.receivedAt)).toHaveLength(1);
    });

    it('refuses the same key with a different body with 422 and stores nothing', async () => {
      const key = `reuse-${Date.now()}`;
      const first = await post(submissions, aComplaint(), { 'idempotency-key': key });
      const before = (await caseItems()).length;
      const second = await post(submissions, aComplaint({ summary: 'Something else entirely' }), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(second.status).toBe(422);
      expect(second.json.error).toBe('idempotency-key-reused');
      expect((await caseItems()).length).toBe(before);
      // The refusal did not disturb the original: retrying it still gives the original answer.
      const third = await post(submissions, aComplaint(), { 'idempotency-key': key });
      expect(third.status).toBe(201);
      expect(third.json).toEqual(first.json);
      expect((await caseItems()).length).toBe(before);
    });

    it('creates one case when the same submission arrives many times at once', async () => {
      const key = `burst-${Date.now()}`;
      const before = (await caseItems()).length;
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(submissions, aComplaint(), { 'idempotency-key': key })));
      const created = answers.filter((a) => a.status === 201);
      // Requests that overlap the first one's processing are told to retry (409), never given a second case.
      expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
      expect(new Set(created.map((a) => a.json.reference)).size).toBe(1);
      expect((await caseItems()).length).toBe(before + 1);
    });

    it('does not remember a refused submission: the key can be used again once the body is fixed', async () => {
      const key = `fix-${Date.now()}`;
      const bad = await post(submissions, aComplaint({ email: 'broken' }), { 'idempotency-key': key });
      const good = await post(submissions, aComplaint({ email: 'fixed@example.com' }), { 'idempotency-key': key });
      expect(bad.status).toBe(400);
      expect(good.status).toBe(201);
    });
  });

  it('gives 100 parallel submissions 100 distinct, gap-free references', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => post(submissions, aComplaint({ summary: `Parallel ${i}` }))));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(201));
    const numbers = answers.map((a) => Number(a.json.reference.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(100);
    // Gap-free for the year: every number from 1 to the highest is a stored case.
    const year = answers[0]!.json.reference.split('-')[1];
    const stored = (await caseItems())
      .filter((i) => String(i.reference).startsWith(`CC-${year}-`))
      .map((i) => Number(String(i.reference).split('-')[2]))
      .sort((a, b) => a - b);
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    expect(stored.at(-1)).toBe(numbers.at(-1));
  });
});
