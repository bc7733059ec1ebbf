import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/config/roles';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import { call } from '../support/http';
import { mails, mailTo } from '../support/mailbox';
import { aComplaint, aCompliment } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { settled } from '../support/workflow';

/**
 * The monthly report through the real APIs on a local stack: a month of cases made through the
 * public intake and the staff API (recorded, worked, categorised, decided), the schedule of the 1st
 * fired by the local scheduler, every figure of the stored JSON checked against what was done, the
 * Strategic Support Manager's email in the mailbox, a re-run replacing the month, and the reports
 * API answering by role. The month is the current one (the schedule fired as if on the 1st of the
 * next), so that no deadline of the cases passes while the test runs.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
const tokens = new Map<string, string>();
const SSM = defaultDirectory(defaultPolicy).strategicSupportManager.email;

async function as(role: Role, user?: string): Promise<string> {
  const key = `${role}/${user ?? ''}`;
  if (!tokens.has(key)) tokens.set(key, await stack.token(role, user ? { user } : {}));
  return tokens.get(key)!;
}
const api = async (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) => call(stack.apiUrl, method, path, { token, body, headers });
const londonDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

async function submit(body: Record<string, unknown>): Promise<string> {
  const res = await post(`${stack.apiUrl}/api/public/submissions`, body);
  expect(res.status).toBe(201);
  await settled(stack, res.json.reference);
  return res.json.reference;
}

async function record(body: Record<string, unknown>): Promise<string> {
  const res = await api('POST', '/api/cases', await as('receiver'), { ...body, receivedAt: new Date(Date.now() - 60_000).toISOString() });
  expect(res.status).toBe(201);
  await settled(stack, res.json.reference);
  return res.json.reference;
}

/** A change on the case as it stands (the version read), then the workflow settled. */
async function act(role: Role, reference: string, path: string, body: Record<string, unknown>, user?: string) {
  await settled(stack, reference);
  const before = await api('GET', `/api/cases/${reference}`, await as('admin-manager'));
  const res = await api('POST', `/api/cases/${reference}${path}`, await as(role, user), body, { 'if-match': before.headers.get('etag')! });
  await settled(stack, reference);
  return res;
}

let month: string;
/** The 1st of the month after, 06:00 UTC: the schedule's run that reports on `month`. */
let run: Date;
let cases: Record<'webComplaint' | 'webCompliment' | 'phone' | 'letter' | 'email' | 'inPerson', string>;

beforeAll(async () => {
  stack = await startTestStack();
  month = londonDate(new Date()).slice(0, 7);
  const [y, m] = month.split('-').map(Number) as [number, number];
  run = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1, 6, 0, 0));
  cases = {
    webComplaint: await submit(aComplaint({ function: 'operations' })),
    webCompliment: await submit(aCompliment()),
    phone: await record({ ...aComplaint({ function: 'operations' }), channel: 'phone' }),
    letter: await record({ ...aComplaint({ function: 'operations' }), channel: 'letter' }),
    email: await record({ ...aComplaint({ function: 'prevention' }), channel: 'email' }),
    inPerson: await record({ ...aCompliment(), channel: 'in-person' }),
  };
  // Stage 1 is the Head of Operations' for three of them (the procedure's choice): each decided.
  const decide = (reference: string, decision: string, extra: Record<string, unknown> = {}) =>
    act('functional-head', reference, '/outcome', { result: 'resolved', decision, response: 'Our answer.', ...extra }, 'operations-head');
  expect((await decide(cases.webComplaint, 'upheld', { remedy: 'An apology.' })).status).toBe(200);
  expect((await decide(cases.phone, 'partly-upheld')).status).toBe(200);
  expect((await decide(cases.letter, 'not-upheld', { lessonsLearned: 'Brief crews on parking.' })).status).toBe(200);
  // Categories: the Administration Manager on a closed one, the owner on an open one.
  expect((await act('admin-manager', cases.webComplaint, '/category', { category: 'driving' })).status).toBe(200);
  expect((await act('functional-head', cases.email, '/category', { category: 'behaviour' }, 'prevention-head')).status).toBe(200);
}, 120_000);
afterAll(async () => stack?.stop());

describe('setting a complaint category through the staff API', () => {
  it('answers a category the policy does not have with the ids it has, and a compliment with why not', async () => {
    const bad = await act('admin-manager', cases.email, '/category', { category: 'weather' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([{ path: 'category', message: `expected one of the policy's categories: ${defaultPolicy.complaintCategories.map((c) => c.id).join(', ')}` }]);
    const compliment = await act('admin-manager', cases.inPerson, '/category', { category: 'driving' });
    expect(compliment.status).toBe(409);
    expect(compliment.json.message).toBe(`${cases.inPerson} is a compliment: only complaints have a category`);
    const receiver = await act('receiver', cases.email, '/category', { category: 'driving' });
    expect(receiver.status).toBe(403);
    const timeline = (await api('GET', `/api/cases/${cases.email}`, await as('admin-manager'))).json.timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'category-set')).toHaveLength(1);
  });
});

describe('the monthly report, made by the schedule of the 1st', () => {
  it('counts every figure of the month as the cases were worked', async () => {
    const result = await stack.scheduler.fire('FirstOfMonthReport', run);
    expect(result).toEqual({ month, complaints: 4, compliments: 2, email: 'sent' });
    const res = await api('GET', `/api/reports/${month}`, await as('ssm'));
    expect(res.status).toBe(200);
    const r = res.json;
    expect(r.month).toBe(month);
    expect(r.received.complaints).toBe(4);
    expect(r.received.compliments).toBe(2);
    const byKey = (rows: Array<{ key: string | null; complaints: number; compliments: number }>) => Object.fromEntries(rows.filter((x) => x.complaints || x.compliments).map((x) => [x.key ?? 'none', [x.complaints, x.compliments]]));
    expect(byKey(r.received.byChannel)).toEqual({ web: [1, 1], phone: [1, 0], letter: [1, 0], email: [1, 0], 'in-person': [0, 1] });
    expect(byKey(r.received.byFunction)).toEqual({ operations: [3, 0], prevention: [1, 0], none: [0, 2] });
    expect(byKey(r.received.byCategory)).toEqual({ driving: [1, 0], behaviour: [1, 0], none: [2, 0] });
    // Every complaint gave an email address and prefers email: acknowledged at once.
    expect(r.acknowledgements).toMatchObject({ onTime: 4, late: 0, percentOnTime: 100 });
    expect(r.outcomes).toMatchObject({ upheld: 1, partlyUpheld: 1, notUpheld: 1, withRemedy: 1 });
    expect(r.closed).toMatchObject({ total: 3, withinDeadline: 3, percentWithinDeadline: 100 });
    expect(r.closed.byStage[0]).toMatchObject({ stage: 1, closed: 3, resolved: 3 });
    // The prevention complaint is open, well within its deadline; the compliments were thanked and closed.
    expect(r.open).toMatchObject({ total: 1, overdue: 0, complaints: 1, compliments: 0 });
    expect(r.timeToClose).toMatchObject({ closed: 3, averageWorkingDays: 0, percentile90WorkingDays: 0 });
    expect(r.lessons).toEqual([{ reference: cases.letter, stage: 1, decision: 'not-upheld', text: 'Brief crews on parking.' }]);
    expect(r.ombudsman).toMatchObject({ referred: 0, enquiries: 0 });
    expect(r.trend).toHaveLength(12);
    expect(r.trend.at(-1)).toMatchObject({ month, data: true, complaints: 4, compliments: 2, closed: 3 });
  });

  it("emails the Strategic Support Manager the key figures and the report's address in the console", async () => {
    const [y, m] = month.split('-');
    const mail = await mailTo(stack.mailboxUrl, { subject: `the monthly report for ${Number(m)}/${y}`, to: SSM });
    expect(mail.text).toContain('Complaints received: 4\n');
    expect(mail.text).toContain('Compliments received: 2\n');
    expect(mail.text).toContain('Outcomes: 1 upheld, 1 partly upheld, 1 not upheld\n');
    expect(mail.text).toContain('Open now: 1 (0 overdue)\n');
    expect(mail.text).toContain(`${stack.apiUrl}/staff/reports/${month}`);
  });

  it('replaces the month when it runs again, and sends no second email for a retry of the same run', async () => {
    const subject = `the monthly report for ${Number(month.slice(5))}/${month.slice(0, 4)}`;
    const before = (await api('GET', `/api/reports/${month}`, await as('ssm'))).json;
    expect(await stack.scheduler.fire('FirstOfMonthReport', run)).toMatchObject({ email: 'already-sent' });
    expect((await mails(stack.mailboxUrl)).filter((x) => x.subject.includes(subject))).toHaveLength(1);
    // A case more, and a run of its own: the month holds the new figures, once.
    await submit(aComplaint({ function: 'fleet' }));
    expect(await stack.scheduler.fire('FirstOfMonthReport', new Date(run.getTime() + 60_000))).toMatchObject({ complaints: 5, email: 'sent' });
    const list = await api('GET', '/api/reports', await as('ssm'));
    expect(list.json.items.filter((i: { month: string }) => i.month === month)).toHaveLength(1);
    const after = (await api('GET', `/api/reports/${month}`, await as('ssm'))).json;
    expect(after.received.complaints).toBe(5);
    expect(after.generatedAt > before.generatedAt).toBe(true);
    expect((await mails(stack.mailboxUrl)).filter((x) => x.subject.includes(subject))).toHaveLength(2);
  });
});

describe('months recorded after the fact, as a member of staff records a letter that reached the service then', () => {
  /** A complaint by letter with its real date of receipt, through the staff API; the workflow acknowledges it at once. */
  async function received(at: string): Promise<{ reference: string; acknowledgeBy: string }> {
    const res = await api('POST', '/api/cases', await as('receiver'), { ...aComplaint({ function: 'people' }), channel: 'letter', receivedAt: at });
    expect(res.status).toBe(201);
    await settled(stack, res.json.reference);
    return res.json;
  }

  it('puts each case in the month of its London date across the clock changes, and counts a bank holiday as no working day', async () => {
    // 23:30 UTC on 30 September is 00:30 on 1 October in London (summer time): October's.
    const firstOfOctober = await received('2026-09-30T23:30:00.000Z');
    // 00:30 UTC on 25 October, the night the clocks go back, is 01:30 summer time: October's.
    const clockChange = await received('2026-10-25T00:30:00.000Z');
    // 23:30 UTC on 31 October is 23:30 in London (winter time): October's, not November's.
    const lastOfOctober = await received('2026-10-31T23:30:00.000Z');
    // 00:30 UTC on 1 November: November's.
    const november = await received('2026-11-01T00:30:00.000Z');
    // Monday 31 August 2026 is the summer bank holiday: day 1 is Tuesday 1 September, day 7 Wednesday 9 September.
    const bankHoliday = await received('2026-08-31T10:00:00.000Z');
    expect(bankHoliday.acknowledgeBy).toBe('2026-09-09T22:59:59.999Z');

    const runs = {
      '2026-08': new Date('2026-09-01T05:00:00.000Z'),
      '2026-09': new Date('2026-10-01T05:00:00.000Z'),
      '2026-10': new Date('2026-11-01T06:00:00.000Z'),
      '2026-11': new Date('2026-12-01T06:00:00.000Z'),
    };
    const reports: Record<string, { received: { complaints: number }; acknowledgements: Record<string, number> }> = {};
    for (const [m, at] of Object.entries(runs)) {
      expect(((await stack.scheduler.fire('FirstOfMonthReport', at)) as { month: string }).month).toBe(m);
      reports[m] = (await api('GET', `/api/reports/${m}`, await as('ssm'))).json;
    }
    expect(Object.fromEntries(Object.entries(reports).map(([m, r]) => [m, r.received.complaints]))).toEqual({ '2026-08': 1, '2026-09': 0, '2026-10': 3, '2026-11': 1 });
    // Recorded now, acknowledged now: long after each deadline, so each is counted late.
    expect(reports['2026-10']!.acknowledgements).toMatchObject({ onTime: 0, late: 3 });
    expect(reports['2026-08']!.acknowledgements).toMatchObject({ onTime: 0, late: 1 });
    expect(new Set([firstOfOctober, clockChange, lastOfOctober, november, bankHoliday].map((c) => c.reference)).size).toBe(5);
  });
});

describe('the reports API', () => {
  it.each([['ssm'], ['admin-manager'], ['cro']] as Array<[Role]>)('lets the %s list the months and read one as JSON, CSV and HTML', async (role) => {
    const token = await as(role);
    const list = await api('GET', '/api/reports', token);
    expect(list.status).toBe(200);
    expect(list.json.items[0]).toMatchObject({ month, complaints: expect.any(Number), compliments: expect.any(Number) });
    const json = await api('GET', `/api/reports/${month}?format=json`, token);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const csv = await fetch(`${stack.apiUrl}/api/reports/${month}?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="complaints-and-compliments-${month}.csv"`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('\r\n');
    const html = await fetch(`${stack.apiUrl}/api/reports/${month}?format=html`, { headers: { authorization: `Bearer ${token}` } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-disposition')).toBe(`attachment; filename="complaints-and-compliments-${month}.html"`);
    expect(html.headers.get('content-security-policy')).toContain('sandbox');
    expect(await html.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it.each([['receiver'], ['functional-head'], ['duty-officer'], ['legal-governance']] as Array<[Role]>)('refuses the %s', async (role) => {
    const token = await as(role);
    expect((await api('GET', '/api/reports', token)).status).toBe(403);
    expect((await api('GET', `/api/reports/${month}`, token)).status).toBe(403);
  });

  it('answers a month with no report 404, a malformed month or format 400 naming YYYY-MM, and no token 401', async () => {
    const token = await as('ssm');
    const none = await api('GET', '/api/reports/2001-01', token);
    expect(none.status).toBe(404);
    expect(none.json.message).toMatch(/No report is stored for 2001-01/);
    const bad = await api('GET', '/api/reports/2026-13?format=pdf', token);
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([
      { path: 'month', message: 'expected a month as YYYY-MM' },
      { path: 'format', message: 'expected one of: json, csv, html' },
    ]);
    expect((await call(stack.apiUrl, 'GET', '/api/reports')).status).toBe(401);
  });
});
