import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/config/roles';
import { routes } from '../../functions/config/routes';
import { call } from '../support/http';
import { aComplaint, aCompliment } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { settled } from '../support/workflow';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const tokens = new Map<string, string>();

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

async function as(role: Role, user?: string): Promise<string> {
  const key = `${role}/${user ?? ''}`;
  if (!tokens.has(key)) tokens.set(key, await stack.token(role, user ? { user } : {}));
  return tokens.get(key)!;
}

const api = async (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  call(stack.apiUrl, method, path, { token, body, headers });

async function submit(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await post(`${stack.apiUrl}/api/public/submissions`, aComplaint(overrides));
  expect(res.status).toBe(201);
  // The workflow acknowledges it and starts stage 1 at once; act once it waits for the outcome.
  await settled(stack, res.json.reference);
  return res.json.reference;
}

/** Events written by staff (the workflow writes its own, as the system). */
async function eventCount(reference: string): Promise<number> {
  const out = await stack.doc.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}`, ':e': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).filter((e) => e.actor?.type !== 'system').length;
}

/** Reads the case and acts on it with the version read; asserts the change left exactly one new event. */
async function act(role: Role, reference: string, action: string, body: Record<string, unknown>, user?: string) {
  const token = await as(role, user);
  await settled(stack, reference);
  const before = await api('GET', `/api/cases/${reference}`, await as('admin-manager'));
  const events = await eventCount(reference);
  const res = await api('POST', `/api/cases/${reference}/${action}`, token, body, { 'if-match': before.headers.get('etag')! });
  if (res.status === 200) {
    expect(await eventCount(reference)).toBe(events + 1);
    expect(res.json.version).toBe(before.json.version + 1);
    await settled(stack, reference);
  } else {
    expect(await eventCount(reference)).toBe(events);
  }
  return res;
}

describe('reading cases', () => {
  it('lists the cases submitted through the public API for the Administration Manager', async () => {
    const reference = await submit();
    const res = await api('GET', '/api/cases', await as('admin-manager'));
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { reference: string }) => i.reference)).toContain(reference);
  });

  it('shows one case with contact preference, accessibility needs, stage, owner, deadline and timeline', async () => {
    const reference = await submit();
    const res = await api('GET', `/api/cases/${reference}`, await as('admin-manager'));
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${res.json.version}"`);
    expect(res.json).toMatchObject({
      reference,
      kind: 'complaint',
      status: 'open',
      stage: 1,
      owner: 'operations-head',
      deadline: res.json.stages[0].deadline,
      customer: { preferredContact: 'email', accessibilityNeeds: 'Large print letters, please' },
    });
    expect(res.json.timeline.map((e: { type: string; actor: { type: string } }) => [e.type, e.actor.type])).toEqual([
      ['received', 'public'],
      ['tracking-link-issued', 'system'],
      ['acknowledged', 'system'],
      ['owner-assigned', 'system'],
    ]);
    expect(res.json.timeline[0].at).toBe(res.json.receivedAt);
  });

  it('answers 404 for an unknown reference', async () => {
    const res = await api('GET', '/api/cases/CC-2026-99999', await as('admin-manager'));
    expect(res.status).toBe(404);
  });

  it('shows who the caller is', async () => {
    const res = await api('GET', '/api/me', await as('functional-head', 'prevention-deputy'));
    expect(res.json).toEqual({ id: 'prevention-deputy', roles: ['functional-head'] });
  });
});

describe('recording a case received by staff', () => {
  it('logs a phone complaint with its real date of receipt; a receiver may record but not list', async () => {
    const res = await api('POST', '/api/cases', await as('receiver'), {
      ...aComplaint({ email: undefined, preferredContact: 'phone', incidentDate: '2026-01-02' }),
      channel: 'phone',
      receivedAt: '2026-01-05',
      details: 'Written summary of the call: the caller says the crew blocked her drive.',
    });
    expect(res.status).toBe(201);
    // Received Monday 5 January 2026: 7 working days later is Wednesday 14 January.
    expect(res.json.acknowledgeBy).toBe('2026-01-14T23:59:59.999Z');
    expect(res.json.reference).toMatch(/^CC-2026-\d{5}$/);
    const stored = await api('GET', `/api/cases/${res.json.reference}`, await as('admin-manager'));
    expect(stored.json).toMatchObject({ channel: 'phone', recordedBy: 'receiver', receivedOn: '2026-01-05' });
    expect(stored.json.timeline[0]).toMatchObject({ type: 'received', actor: { type: 'staff', id: 'receiver' } });
    expect((await api('GET', '/api/cases', await as('receiver'))).status).toBe(403);
  });

  it('refuses a date of receipt in the future and a bad channel, naming them', async () => {
    const res = await api('POST', '/api/cases', await as('admin-manager'), { ...aComplaint(), channel: 'pigeon', receivedAt: '2999-01-01' });
    expect(res.status).toBe(400);
    expect(res.json.issues.map((i: { path: string }) => i.path)).toContain('channel');
    const future = await api('POST', '/api/cases', await as('admin-manager'), { ...aComplaint(), channel: 'letter', receivedAt: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.json.issues).toEqual([{ path: 'receivedAt', message: 'cannot be in the future' }]);
  });

  it('refuses a date of receipt before working days can be counted (400, not a 500 from the calendar)', async () => {
    const old = await api('POST', '/api/cases', await as('admin-manager'), { ...aComplaint(), channel: 'letter', receivedAt: '1999-06-01' });
    expect(old.status).toBe(400);
    expect(old.json.issues).toEqual([{ path: 'receivedAt', message: expect.stringMatching(/cannot be before 2013/) }]);
  });

  it('refuses the SSM, who changes nothing', async () => {
    const res = await api('POST', '/api/cases', await as('ssm'), { ...aComplaint(), channel: 'letter', receivedAt: '2026-01-05' });
    expect(res.status).toBe(403);
    expect(res.json.message).toMatch(/Strategic Support Manager/);
  });
});

describe('the procedure through the API', () => {
  it('runs stage 1, stage 2 with another Functional Head, the referral to the CRO and the outcome, each audited', async () => {
    const reference = await submit({ function: 'operations' });
    // Step 4, by the workflow: stage 1 to the Head of Operations.
    expect((await api('GET', `/api/cases/${reference}`, await as('admin-manager'))).json).toMatchObject({ stage: 1, owner: 'operations-head' });
    // The Head passes it to the Deputy and back: transfers within the stage.
    expect((await act('functional-head', reference, 'owner', { owner: 'operations-deputy', reason: 'On leave' })).json.owner).toBe('operations-deputy');
    expect((await act('functional-head', reference, 'owner', { owner: 'operations-head', reason: 'Back' }, 'operations-deputy')).json.owner).toBe('operations-head');
    expect((await act('functional-head', reference, 'extension', { workingDays: 3, reason: 'Waiting for the crew to return' })).status).toBe(200);
    expect((await act('functional-head', reference, 'draft-findings', { findings: 'We think the crew should have parked elsewhere.' })).status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect((await act('admin-manager', reference, 'draft-findings/comments', { comments: 'The customer agrees', receivedOn: today })).status).toBe(200);

    const stage2 = await act('functional-head', reference, 'outcome', { result: 'further-action', reason: 'Fleet must look at this', transferTo: 'fleet-head' });
    expect(stage2.json).toMatchObject({ stage: 2, owner: 'fleet-head' });
    // The stage 1 owner cannot take stage 2 back.
    const back = await act('admin-manager', reference, 'owner', { owner: 'operations-head' });
    expect(back.status).toBe(400);
    expect(back.json.issues[0].message).toMatch(/another Functional Head/);

    const asked = await act('functional-head', reference, 'outcome', { result: 'further-action', reason: 'Unresolved' }, 'fleet-head');
    expect(asked.json.referralRequested).toMatchObject({ by: 'fleet-head' });
    const referred = await act('admin-manager', reference, 'referral', { reason: 'As the Head of Fleet advised' });
    expect(referred.json).toMatchObject({ stage: 3, owner: 'cro' });

    const closed = await act('cro', reference, 'outcome', { result: 'resolved', decision: 'upheld', response: 'We apologise.', remedy: 'Apology and repair', lessonsLearned: 'Brief crews on parking' });
    expect(closed.json).toMatchObject({ status: 'closed', stage: null, closure: 'resolved', outcome: { decision: 'upheld', stage: 3 } });

    const ombudsman = await act('cro', reference, 'ombudsman', { enquiryReceivedOn: today, ombudsmanReference: 'LGSCO-26-0042' });
    expect(ombudsman.json.ombudsman).toMatchObject({ ombudsmanReference: 'LGSCO-26-0042' });

    const view = await api('GET', `/api/cases/${reference}`, await as('ssm'));
    const byStaff = view.json.timeline.filter((e: { actor: { type: string } }) => e.actor.type !== 'system');
    expect(byStaff.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'owner-transferred',
      'owner-transferred',
      'deadline-extended',
      'draft-findings-shared',
      'draft-comments-recorded',
      'outcome-recorded',
      'referral-requested',
      'referred-to-cro',
      'outcome-recorded',
      'ombudsman-recorded',
    ]);
    expect(byStaff.map((e: { actor: { id?: string } }) => e.actor.id ?? 'public')).toEqual([
      'public',
      'operations-head',
      'operations-deputy',
      'operations-head',
      'operations-head',
      'admin-manager',
      'operations-head',
      'fleet-head',
      'admin-manager',
      'cro',
      'cro',
    ]);
  });

  it('refuses actions by anyone but the owner, and actions that do not fit the case, leaving no event', async () => {
    // No function: the workflow starts stage 1 with nobody yet, and tasks the Administration Manager.
    const unowned = await submit({ function: undefined });
    const waiting = await api('GET', `/api/cases/${unowned}`, await as('admin-manager'));
    expect(waiting.json).toMatchObject({ stage: 1, owner: null, tasks: [expect.objectContaining({ type: 'assign-owner' })] });
    expect((await act('functional-head', unowned, 'outcome', { result: 'resolved', decision: 'upheld', response: 'x' })).status).toBe(403);
    expect((await act('functional-head', unowned, 'owner', { owner: 'operations-head' })).status).toBe(403);
    expect((await act('admin-manager', unowned, 'owner', { owner: 'operations-head' })).json.owner).toBe('operations-head');

    const reference = await submit({ function: 'operations' });
    const notOwner = await act('functional-head', reference, 'outcome', { result: 'resolved', decision: 'upheld', response: 'x' }, 'prevention-head');
    expect(notOwner.status).toBe(403);
    expect(notOwner.json.message).toMatch(/owner of the current stage/);
    // The refusal says what is needed, never who has it.
    expect(notOwner.json.message).not.toMatch(/operations-(head|deputy)|duty-officer/);
    expect((await act('duty-officer', reference, 'extension', { workingDays: 1, reason: 'x' })).status).toBe(403);
    expect((await act('ssm', reference, 'outcome', { result: 'resolved', decision: 'upheld', response: 'x' })).status).toBe(403);
    expect((await act('admin-manager', reference, 'ombudsman', { enquiryReceivedOn: '2026-01-01', ombudsmanReference: 'x' })).status).toBe(403);
    const tooLong = await act('functional-head', reference, 'extension', { workingDays: 11, reason: 'x' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.issues[0].path).toBe('workingDays');
    const compliment = (await post(`${stack.apiUrl}/api/public/submissions`, aCompliment())).json.reference;
    expect((await act('admin-manager', compliment, 'owner', {})).status).toBe(409);
  });

  it('lets the Administration Manager update details, keeping what they were', async () => {
    const reference = await submit();
    const res = await act('admin-manager', reference, '', {});
    expect(res.status).toBe(404); // POST /api/cases/{ref}/ is no route
    const before = await api('GET', `/api/cases/${reference}`, await as('admin-manager'));
    const patched = await api('PATCH', `/api/cases/${reference}`, await as('admin-manager'), { expectedVersion: before.json.version, phone: '07700 900123' });
    expect(patched.status).toBe(200);
    expect(patched.json.customer.phone).toBe('07700 900123');
    expect(patched.json.timeline.at(-1)).toMatchObject({ type: 'details-updated', data: { changes: { phone: { from: '01234 567890', to: '07700 900123' } } } });
    const byHead = await api('PATCH', `/api/cases/${reference}`, await as('functional-head'), { expectedVersion: patched.json.version, phone: '01234 000000' });
    expect(byHead.status).toBe(403);
  });
});

describe('concurrency', () => {
  it('refuses a change based on a stale version with 409 and changes nothing', async () => {
    const reference = await submit();
    const admin = await as('admin-manager');
    const { version } = await settled(stack, reference);
    const first = await api('PATCH', `/api/cases/${reference}`, admin, { expectedVersion: version, location: 'Kempston' });
    expect(first.status).toBe(200);
    const events = await eventCount(reference);
    const stale = await api('PATCH', `/api/cases/${reference}`, admin, { expectedVersion: version, location: 'Luton' });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toBe('version-conflict');
    expect(await eventCount(reference)).toBe(events);
    expect((await api('GET', `/api/cases/${reference}`, admin)).json.location).toBe('Kempston');
  });

  it('lets exactly one of two simultaneous changes from the same version win', async () => {
    const reference = await submit();
    const admin = await as('admin-manager');
    const { version } = await settled(stack, reference);
    const events = await eventCount(reference);
    const answers = await Promise.all(
      ['Ampthill', 'Biggleswade'].map((location) => api('PATCH', `/api/cases/${reference}`, admin, { location }, { 'if-match': `"${version}"` })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await eventCount(reference)).toBe(events + 1);
  });

  it('asks for the version with 428 when a change carries none', async () => {
    const reference = await submit();
    const events = await eventCount(reference);
    const res = await api('PATCH', `/api/cases/${reference}`, await as('admin-manager'), { location: 'Luton' });
    expect(res.status).toBe(428);
    expect(await eventCount(reference)).toBe(events);
  });
});

describe('listing and filtering', () => {
  it('filters by kind, status, stage, owner, function, month, overdue and due-within, sorted by next deadline, paged', async () => {
    const admin = await as('admin-manager');
    const refs = [await submit({ function: 'prevention' }), await submit({ function: 'prevention' }), await submit({ function: 'prevention' })];
    await act('functional-head', refs[0]!, 'owner', { owner: 'prevention-deputy' }, 'prevention-head');
    const byStage = await api('GET', '/api/cases?stage=1&function=prevention', admin);
    expect(byStage.json.items.map((i: { reference: string }) => i.reference).sort()).toEqual([...refs].sort());
    const byOwner = await api('GET', '/api/cases?owner=prevention-deputy', admin);
    expect(byOwner.json.items.map((i: { reference: string }) => i.reference)).toEqual([refs[0]]);
    const month = new Date().toISOString().slice(0, 7);
    const byMonth = await api('GET', `/api/cases?month=${month}&function=prevention&kind=complaint`, admin);
    expect(byMonth.json.items).toHaveLength(3);
    expect((await api('GET', '/api/cases?status=closed&function=prevention', admin)).json.items).toHaveLength(0);
    expect((await api('GET', '/api/cases?overdue=true&function=prevention', admin)).json.items).toHaveLength(0);
    expect((await api('GET', '/api/cases?dueWithin=0&function=prevention', admin)).json.items).toHaveLength(0);
    expect((await api('GET', '/api/cases?dueWithin=20&function=prevention', admin)).json.items).toHaveLength(3);

    // Open cases soonest deadline first, then closed ones newest first.
    const all = (await api('GET', '/api/cases?limit=100', admin)).json.items as Array<{ deadline: string | null; reference: string; receivedAt: string }>;
    const open = all.filter((i) => i.deadline !== null).map((i) => `${i.deadline}#${i.reference}`);
    const closed = all.filter((i) => i.deadline === null).map((i) => `${i.receivedAt}#${i.reference}`);
    expect(open).toEqual([...open].sort());
    expect(closed).toEqual([...closed].sort().reverse());
    expect(all.slice(open.length).every((i) => i.deadline === null)).toBe(true);

    const page1 = await api('GET', '/api/cases?function=prevention&limit=2', admin);
    expect(page1.json.nextCursor, JSON.stringify(page1.json)).toEqual(expect.any(String));
    expect(page1.json.items).toHaveLength(2);
    const page2 = await api('GET', `/api/cases?function=prevention&limit=2&cursor=${page1.json.nextCursor}`, admin);
    expect(page2.json.items).toHaveLength(1);
    expect(page2.json.nextCursor).toBeUndefined();
    expect(new Set([...page1.json.items, ...page2.json.items].map((i: { reference: string }) => i.reference))).toEqual(new Set(refs));
  });

  it('pages through the cases while their workflows move their deadlines, showing each once', async () => {
    const admin = await as('admin-manager');
    const refs = await Promise.all(
      Array.from({ length: 20 }, async () => (await post(`${stack.apiUrl}/api/public/submissions`, aComplaint({ function: 'protection' }))).json.reference as string),
    );
    // Paged at once: the workflows acknowledge and start stage 1 (a new deadline) meanwhile.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api('GET', `/api/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`, admin);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((i: { reference: string }) => i.reference));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(new Set(seen).size);
    for (const reference of refs) expect(seen).toContain(reference);
    await Promise.all(refs.map((reference) => settled(stack, reference)));
  });

  it('answers 400 for a bad filter, naming it', async () => {
    const res = await api('GET', '/api/cases?stage=9&month=2026-13&colour=red', await as('admin-manager'));
    expect(res.status).toBe(400);
    expect(res.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['colour', 'month', 'stage']);
  });

  it('answers 400 naming the allowed range of limit, stage and dueWithin', async () => {
    const admin = await as('admin-manager');
    for (const [query, path, message] of [
      ['limit=0', 'limit', 'expected a number from 1 to 100'],
      ['limit=101', 'limit', 'expected a number from 1 to 100'],
      ['stage=0', 'stage', 'expected a stage from 1 to 3'],
      ['dueWithin=251', 'dueWithin', 'expected a number of working days from 0 to 250'],
    ] as const) {
      const res = await api('GET', `/api/cases?${query}`, admin);
      expect(res.status, query).toBe(400);
      expect(res.json.issues).toEqual([{ path, message }]);
    }
  });

  // zod's own English words (functions/domain/zod.ts configures them for zod/mini; that a bundle
  // does so by itself is shown in a process of its own: test/bundles/cold-start.test.ts).
  it("answers a filter that has no words of its own in zod's English", async () => {
    const res = await api('GET', '/api/cases?status=pending&channel=fax', await as('admin-manager'));
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([
      { path: 'status', message: 'Invalid option: expected one of "open"|"closed"' },
      { path: 'channel', message: 'Invalid option: expected one of "web"|"phone"|"letter"|"email"|"in-person"|"consultation"' },
    ]);
  });

  it('answers 400 naming the cursor for one it did not give, or gave for another query', async () => {
    const admin = await as('admin-manager');
    await submit({ function: 'fleet' });
    await submit({ function: 'fleet' });
    const page1 = await api('GET', '/api/cases?function=fleet&limit=1', admin);
    expect(page1.json.nextCursor).toEqual(expect.any(String));
    for (const query of ['cursor=garbage', `status=open&limit=1&cursor=${page1.json.nextCursor}`, `function=fleet&limit=1&cursor=${page1.json.nextCursor}x`]) {
      const res = await api('GET', `/api/cases?${query}`, admin);
      expect(res.status, query).toBe(400);
      expect(res.json.issues).toEqual([{ path: 'cursor', message: 'not a cursor this API gave for this query' }]);
    }
    expect((await api('GET', `/api/cases?function=fleet&limit=1&cursor=${page1.json.nextCursor}`, admin)).status).toBe(200);
  });

  it('shows a Functional Head only the cases of their function or that they owned', async () => {
    const mine = await submit({ function: 'protection' });
    const theirs = await submit({ function: 'finance' });
    const head = await as('functional-head', 'protection-head');
    const list = (await api('GET', '/api/cases?limit=100', head)).json.items.map((i: { reference: string }) => i.reference);
    expect(list).toContain(mine);
    expect(list).not.toContain(theirs);
    const refused = await api('GET', `/api/cases/${theirs}`, head);
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/a function they lead and the cases they have owned/);
    expect(refused.json.message).not.toMatch(/finance-(head|deputy)|duty-officer/);
  });
});

describe('the staff directory', () => {
  it('starts from the policy and, when a Head and Deputy are unavailable, stage 1 goes to the Duty Officer', async () => {
    const admin = await as('admin-manager');
    const dir = await api('GET', '/api/directory', await as('receiver'));
    expect(dir.status).toBe(200);
    const { version, updatedAt: _u, updatedBy: _b, ...directory } = dir.json;
    const people = directory.functions.find((f: { id: string }) => f.id === 'people');
    people.head.available = false;
    people.deputy.available = false;
    const saved = await api('PUT', '/api/directory', admin, { expectedVersion: version, directory });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBe(version + 1);
    expect((await api('PUT', '/api/directory', admin, { expectedVersion: version, directory })).status).toBe(409);
    expect((await api('PUT', '/api/directory', await as('ssm'), { expectedVersion: saved.json.version, directory })).status).toBe(403);

    const reference = await submit({ function: 'people' });
    expect((await api('GET', `/api/cases/${reference}`, admin)).json.owner).toBe('duty-officer');
  });

  it('refuses a directory naming a function the policy does not have', async () => {
    const admin = await as('admin-manager');
    const dir = (await api('GET', '/api/directory', admin)).json;
    const { version, updatedAt: _u, updatedBy: _b, ...directory } = dir;
    directory.functions[0].id = 'catering';
    const res = await api('PUT', '/api/directory', admin, { expectedVersion: version, directory });
    expect(res.status).toBe(400);
    expect(res.json.issues[0].path).toBe('directory.functions.0.id');
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every route, with the staff routes secured', async () => {
    const res = await call(stack.apiUrl, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    // The public pages are HTML for people, not part of the API's description.
    expect(routes.filter((r) => r.page).every((r) => !r.path.startsWith('/api/') && res.json.paths[r.path] === undefined)).toBe(true);
    for (const route of routes.filter((r) => !r.page)) {
      const op = res.json.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.operation);
      expect(op.security).toEqual(route.auth === 'staff' ? [{ staffToken: [] }] : []);
    }
    const outcome = res.json.paths['/api/cases/{reference}/outcome'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(outcome)).toContain('partly-upheld');
  });
});
