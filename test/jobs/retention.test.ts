import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCaseRepository } from '../../functions/adapters/dynamodb-case-repository';
import { DynamoDbReportRepository } from '../../functions/adapters/dynamodb-report-repository';
import { DynamoDbRetentionStore } from '../../functions/adapters/dynamodb-retention-store';
import { schedules } from '../../functions/config/schedules';
import { fromLondonWallClock, londonDate } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { ConcurrentUpdateError } from '../../functions/domain/errors';
import type { RetentionResult } from '../../functions/domain/remove-personal-data';
import { addCalendarMonths, anonymiseEvent, removePersonalData } from '../../functions/domain/retention';
import { ruleContext, staff } from '../support/cases';
import { call } from '../support/http';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { finished, settled } from '../support/workflow';

/*
 * The retention job against the local stack: complaints made through the public API, changed and
 * closed through the staff API (the workflow acknowledges, assigns and sends the closing letter),
 * the job run by the local scheduler at a time the test chooses, and every item of each case then
 * read straight from DynamoDB Local. In the `bundles` project it runs the job's deployed bundle.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let adminToken: string;

/** What one person wrote and gave, unique to this file so a search of the table finds only theirs. */
const person = (tag: string) => ({
  name: `Rita ${tag} Keeper`,
  email: `rita.${tag.toLowerCase()}@example.com`,
  phone: `01234 ${tag === 'Due' ? '111222' : tag === 'Race' ? '333444' : '555666'}`,
  address: `7 ${tag} Row\nBedford\nMK40 9ZZ`,
  summary: `${tag} hose left across my lawn`,
  details: `The crew left a hose across my lawn in ${tag} Close for a day.`,
  location: `${tag} Close, Bedford`,
  accessibilityNeeds: `${tag}: braille letters`,
});
const PERSONAL = (tag: string) => [...Object.values(person(tag)).flatMap((v) => v.split('\n')), `Rita ${tag}`, `07700 9${tag === 'Due' ? '00777' : '00888'}`, `${tag} photos`, `${tag} apology`];

const getCase = async (reference: string) => (await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: adminToken })).json;

async function act(role: 'functional-head' | 'admin-manager', user: string | undefined, reference: string, action: string, body: Record<string, unknown>) {
  const token = await stack.token(role, user ? { user } : {});
  await settled(stack, reference);
  const before = await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: adminToken });
  const res = await call(stack.apiUrl, 'POST', `/api/cases/${reference}/${action}`, { token, body, headers: { 'if-match': before.headers.get('etag')! } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json;
}

/** A complaint with every personal field, its phone changed by staff, extended with a reason, resolved with a response and remedy; its tracking link. */
async function aFinishedComplaint(tag: string): Promise<{ reference: string; link: string; closedAt: string }> {
  const p = person(tag);
  const res = await post(`${stack.apiUrl}/api/public/submissions`, aComplaint(p));
  expect(res.status).toBe(201);
  const reference = res.json.reference as string;
  const ack = await mailTo(stack.mailboxUrl, { subject: `We have received your complaint: reference ${reference}`, to: p.email });
  const link = new RegExp(`${stack.apiUrl.replace(/[.:/]/g, '\\$&')}/track/[A-Za-z0-9_-]{43}`).exec(ack.text)![0];
  await settled(stack, reference);
  const v = (await getCase(reference)).version;
  const patched = await call(stack.apiUrl, 'PATCH', `/api/cases/${reference}`, { token: adminToken, body: { expectedVersion: v, phone: `07700 9${tag === 'Due' ? '00777' : '00888'}` } });
  expect(patched.status).toBe(200);
  const owner = (await getCase(reference)).owner as string;
  await act('functional-head', owner, reference, 'extension', { workingDays: 2, reason: `Waiting for Rita's ${tag} photos` });
  await act('functional-head', owner, reference, 'outcome', {
    result: 'resolved',
    decision: 'upheld',
    response: `Dear Rita ${tag} Keeper, we are sorry.`,
    remedy: `A written ${tag} apology`,
    lessonsLearned: 'Crews roll hoses up before leaving',
  });
  await finished(stack, reference);
  const closed = await getCase(reference);
  expect(closed.status).toBe('closed');
  return { reference, link, closedAt: closed.closedAt };
}

/** Every item stored under the case's key: the case, its events and notes, its workflow item, its list traces. */
async function itemsOf(reference: string): Promise<Array<Record<string, unknown>>> {
  const out = await stack.doc.send(new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${reference}` }, ConsistentRead: true }));
  return out.Items ?? [];
}

const retention = (at: Date) => stack.scheduler.fire('DailyRetention', at) as Promise<RetentionResult>;
/** 03:00 London time on the day the retention of a case closed at `closedAt` ends (12 months on, the default policy), plus `days`. */
const dueRun = (closedAt: string, days = 0) => {
  const on = addCalendarMonths(londonDate(new Date(closedAt)), 12);
  return new Date(fromLondonWallClock(on, 3).getTime() + days * 24 * 3600 * 1000);
};

/** 06:00 London time on the 1st of the month after the one `date` (YYYY-MM-DD) is in: when that month's report is made. */
const firstOfNextMonth = (date: string) => fromLondonWallClock(addCalendarMonths(`${date.slice(0, 7)}-01`, 1), 6);
const storedReport = async (reference: string) => {
  const month = (await getCase(reference)).receivedOn.slice(0, 7);
  return (await new DynamoDbReportRepository(stack.doc, stack.tableName).getMonth(month))!;
};

let due: Awaited<ReturnType<typeof aFinishedComplaint>>;
let open: string;

beforeAll(async () => {
  stack = await startTestStack();
  adminToken = await stack.token('admin-manager');
  due = await aFinishedComplaint('Due');
  // The monthly report of the month it was received in, made as the schedule makes it: it copies the extension's reason.
  await stack.scheduler.fire('FirstOfMonthReport', firstOfNextMonth(londonDate(new Date((await getCase(due.reference)).receivedAt))));
  const res = await post(`${stack.apiUrl}/api/public/submissions`, aComplaint(person('Open')));
  open = res.json.reference;
  await settled(stack, open);
}, 120_000);
afterAll(async () => stack?.stop());

describe('the retention job on the local stack', () => {
  it('is scheduled daily at 03:00 London time and does not fire on its own in tests', () => {
    expect(schedules.DailyRetention).toMatchObject({ job: 'Retention', cron: { minute: '0', hour: '3' }, timeZone: 'Europe/London' });
    expect(stack.scheduler.running).toBe(false);
    const runs = stack.scheduler.nextRuns('DailyRetention', 2, new Date('2026-10-24T12:00:00Z')).map((d) => d.toISOString());
    // 03:00 BST, then 03:00 GMT after the clocks go back.
    expect(runs).toEqual(['2026-10-25T03:00:00.000Z', '2026-10-26T03:00:00.000Z']);
  });

  it('the day before the retention ends, reads no case received since the cutoff and removes nothing', async () => {
    const before = await itemsOf(due.reference);
    const result = await retention(dueRun(due.closedAt, -1));
    // The index's key condition stops before the case: received (and closed) on the day after the cutoff.
    expect(result).toMatchObject({ read: 0, anonymised: 0, conflicts: 0 });
    expect(Date.parse(result.cutoff)).toBeLessThanOrEqual(Date.parse((await getCase(due.reference)).receivedAt));
    expect(await itemsOf(due.reference)).toEqual(before);
    expect((await fetch(due.link)).status).toBe(200);
  });

  it('on the day, leaves no name, contact detail or free text in any item of the case', async () => {
    // The values are there before the run, in the case and in the timeline (the old phone number, the extension's reason).
    const stored = JSON.stringify(await itemsOf(due.reference));
    for (const value of PERSONAL('Due')) expect(stored, value).toContain(value);
    expect(JSON.stringify(await storedReport(due.reference))).toContain("Waiting for Rita's Due photos");

    const result = await retention(dueRun(due.closedAt));
    expect(result).toMatchObject({ anonymised: 1, conflicts: 0 });
    expect(result.itemsCleared).toBeGreaterThanOrEqual(2);

    const items = await itemsOf(due.reference);
    // The list traces too: the case moved in the lists when extended and when closed.
    expect(items.map((i) => i.entity)).toEqual(expect.arrayContaining(['case', 'event', 'workflow', 'trace']));
    for (const item of items) {
      const text = JSON.stringify(item);
      for (const value of PERSONAL('Due')) expect(text, `${value} in ${String(item.sk)}`).not.toContain(value);
    }
  });

  it('keeps the anonymised case for reports and learning, says when its personal data was removed, and audits it', async () => {
    const c = await getCase(due.reference);
    expect(c).toMatchObject({ status: 'closed', kind: 'complaint', channel: 'web', function: 'operations', summary: '', details: '', closure: 'resolved' });
    expect(c.customer).toEqual({ preferredContact: 'email', anonymous: false });
    expect(c.outcome).toMatchObject({ decision: 'upheld', response: '', remedy: '', lessonsLearned: 'Crews roll hoses up before leaving' });
    expect(c.stages[0].extensions).toEqual([expect.objectContaining({ workingDays: 2, reason: '' })]);
    expect(Date.parse(c.anonymisedAt)).not.toBeNaN();
    const removal = c.timeline.at(-1);
    expect(removal).toMatchObject({ type: 'personal-data-removed', actor: { type: 'system' }, data: { retentionMonths: 12, trackingLinkRevoked: true } });
    expect(c.trackingLink.revokedAt).toBe(c.anonymisedAt);
  });

  it("removes the case's free text from its month's stored report too, keeping the figures and the lesson", async () => {
    const report = await storedReport(due.reference);
    const text = JSON.stringify(report);
    for (const value of PERSONAL('Due')) expect(text, value).not.toContain(value);
    expect(report.extensions.list.filter((e) => e.reference === due.reference)).toEqual([expect.objectContaining({ workingDays: 2, reason: '' })]);
    expect(report.extensions.stagesExtended).toBeGreaterThanOrEqual(1);
    expect(report.lessons).toContainEqual(expect.objectContaining({ reference: due.reference, text: 'Crews roll hoses up before leaving' }));
  });

  it('revokes the tracking link: the page is a 404', async () => {
    const page = await fetch(due.link);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Due hose');
  });

  it('leaves an open case as it is', async () => {
    const c = await getCase(open);
    expect(c.customer.name).toBe('Rita Open Keeper');
    expect(c.anonymisedAt).toBeUndefined();
  });

  it('run again (a retry, or the next day), changes nothing', async () => {
    const before = await itemsOf(due.reference);
    const again = await retention(dueRun(due.closedAt, 1));
    expect(again).toMatchObject({ read: 0, anonymised: 0, itemsCleared: 0 });
    expect(await itemsOf(due.reference)).toEqual(before);
  });

  it('staff who read the case before the run cannot write over it: their change is refused as stale', async () => {
    const c = await getCase(due.reference);
    const stale = await call(stack.apiUrl, 'PATCH', `/api/cases/${due.reference}`, { token: adminToken, body: { expectedVersion: c.version - 1, phone: '01234 999999' } });
    expect(stale.status).toBe(409);
    expect((await getCase(due.reference)).customer.phone).toBeUndefined();
  });
});

describe('a staff change racing the retention job', () => {
  let race: Awaited<ReturnType<typeof aFinishedComplaint>>;
  let cases: DynamoDbCaseRepository;
  let store: DynamoDbRetentionStore;

  beforeAll(async () => {
    race = await aFinishedComplaint('Race');
    cases = new DynamoDbCaseRepository(stack.doc, stack.tableName, { maxWaitMs: 8_000, listSettleMs: 0 });
    store = new DynamoDbRetentionStore(stack.doc, stack.tableName);
  }, 120_000);

  const staffChange = (c: Case) => rules.setCategory(c, { category: c.category === 'driving' ? 'behaviour' : 'driving' }, ruleContext(staff.admin, new Date()));
  const jobChange = (c: Case) => removePersonalData(c, { personalDataRetentionMonths: 12 }, new Date())!;

  it('when the staff change lands first, the job writes nothing of its own (not even the timeline clearing)', async () => {
    const read = (await cases.get(race.reference))!;
    const before = await itemsOf(race.reference);
    const s = staffChange(read);
    await cases.save(s.case, s.event, read.version);
    const j = jobChange(read);
    await expect(store.anonymise(j.case, j.event, read.version, anonymiseEvent)).rejects.toThrow(ConcurrentUpdateError);
    const after = await itemsOf(race.reference);
    // Only the staff change's own items are new; every item there before is as it was.
    for (const item of before.filter((i) => i.entity !== 'case')) expect(after).toContainEqual(item);
    expect(after.filter((i) => i.type === 'personal-data-removed')).toEqual([]);
    expect(JSON.stringify(after)).toContain('Rita Race Keeper');
    expect(JSON.stringify(after)).toContain("Waiting for Rita's Race photos");
  });

  it('when both go at once, exactly one wins and the other is refused whole', async () => {
    const read = (await cases.get(race.reference))!;
    const s = staffChange(read);
    const j = jobChange(read);
    const [staffWrite, jobWrite] = await Promise.allSettled([cases.save(s.case, s.event, read.version), store.anonymise(j.case, j.event, read.version, anonymiseEvent)]);
    expect([staffWrite.status, jobWrite.status].sort()).toEqual(['fulfilled', 'rejected']);
    const loser = (staffWrite.status === 'rejected' ? staffWrite : jobWrite) as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(ConcurrentUpdateError);
    const items = await itemsOf(race.reference);
    const stored = items.find((i) => i.entity === 'case')!;
    const text = JSON.stringify(items);
    if (jobWrite.status === 'fulfilled') {
      expect(stored).toMatchObject({ version: read.version + 1, anonymisedAt: j.case.anonymisedAt, category: read.category });
      for (const value of PERSONAL('Race')) expect(text, value).not.toContain(value);
      expect(items.filter((i) => i.type === 'category-set' && i.version === read.version + 1)).toEqual([]);
    } else {
      expect(stored).toMatchObject({ version: read.version + 1, category: s.case.category });
      expect(stored.anonymisedAt).toBeUndefined();
      expect(items.filter((i) => i.type === 'personal-data-removed')).toEqual([]);
      expect(text).toContain("Waiting for Rita's Race photos");
      // The job's next run finishes the work.
      const result = await retention(dueRun(race.closedAt));
      expect(result).toMatchObject({ anonymised: 1 });
      const after = JSON.stringify(await itemsOf(race.reference));
      for (const value of PERSONAL('Race')) expect(after, value).not.toContain(value);
    }
  });
});

describe('a case with more to clear than one transaction holds', () => {
  it('clears the earliest items first, then writes the case with the rest: no personal value remains', { timeout: 120_000 }, async () => {
    const many = await aFinishedComplaint('Many');
    const cases = new DynamoDbCaseRepository(stack.doc, stack.tableName, { maxWaitMs: 8_000, listSettleMs: 0 });
    let c = (await cases.get(many.reference))!;
    // 110 telephone numbers, each kept in the timeline when the next replaces it (events marked personal).
    const phones = Array.from({ length: 110 }, (_, i) => `01234 7${String(i).padStart(5, '0')}`);
    for (const phone of phones) {
      const change = rules.updateDetails(c, { phone }, ruleContext(staff.admin, new Date()));
      await cases.save(change.case, change.event, c.version);
      c = change.case;
    }
    expect(JSON.stringify(await itemsOf(many.reference))).toContain(phones[0]);
    const result = await retention(dueRun(many.closedAt));
    expect(result.anonymised).toBeGreaterThanOrEqual(1);
    expect(result.itemsCleared).toBeGreaterThan(110);
    const items = await itemsOf(many.reference);
    const text = JSON.stringify(items);
    for (const value of [...PERSONAL('Many'), ...phones]) expect(text, value).not.toContain(value);
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ version: c.version + 1 });
    expect(items.filter((i) => i.type === 'personal-data-removed')).toHaveLength(1);
  });
});
