import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import {
  ConcurrentUpdateError,
  ForbiddenError,
  InvalidStateError,
  NotFoundError,
  PreconditionRequiredError,
  ValidationError,
  WorkflowUnavailableError,
} from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import {
  assignOwner,
  completeTask,
  decideInformationReview,
  extendDeadline,
  extendInformationReview,
  getCase,
  getDirectory,
  listCases,
  recordAcknowledgement,
  recordCase,
  recordDraftComments,
  recordOmbudsman,
  recordOutcome,
  referInformationReview,
  referToCro,
  revokeTrackingLink,
  setCategory,
  shareDraftFindings,
  updateCase,
  updateDirectory,
  type StaffDeps,
} from '../../functions/domain/staff-service';
import { defaultDirectory, type Directory, type Staff } from '../../functions/domain/staff';
import { aStoredCase, staff } from '../support/cases';
import { memoryPorts, MemoryCases, MemoryDirectory, MemoryState, MemoryWorkflow } from '../support/memory-ports';
import { aComplaint, aCompliment } from '../support/mothers';

/**
 * The staff use cases (DESIGN.md §2): recording what reached a member of staff (step 1), listing and
 * reading cases, every change to a case (who may make it, on which version, and the workflow told),
 * and the staff directory. The stores and the workflow are in-memory doubles.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
/** Tuesday 10 March 2026, mid-morning (GMT). */
const NOW = new Date('2026-03-10T10:00:00Z');

let cases: MemoryCases;
let directory: MemoryDirectory;
let state: MemoryState;
let workflow: MemoryWorkflow;
let clock: Date;
let d: StaffDeps & { cursorKey: string };
const CURSOR_KEY = 'a-key-for-the-tests-that-is-long-enough-0123456789';

beforeEach(() => {
  ({ cases, directory, state, workflow } = memoryPorts());
  clock = NOW;
  d = { policy: defaultPolicy, calendar, cases, directory, workflow, now: () => clock, cursorKey: CURSOR_KEY };
});

const issuesOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => [i.path, i.message]);
};

/** A staff recording of a complaint taken by phone, with overrides. */
const aRecording = (overrides: Record<string, unknown> = {}) => ({ ...aComplaint(), channel: 'phone', receivedAt: '2026-03-09T15:30:00Z', ...overrides });

/** A stored case with its own reference (the mother's is CC-2026-00001). */
function stored(reference: string, overrides: Record<string, unknown> = {}, receivedAt = new Date('2026-03-02T10:00:00Z'), change?: (c: Case) => Case): Case {
  const c = { ...aStoredCase(overrides, receivedAt), reference };
  return cases.put(change ? change(c) : c);
}

/** The stored complaint CC-2026-00001 moved into stage 1 by the workflow (owned by the Head of Operations). */
async function inStageOne(overrides: Record<string, unknown> = {}): Promise<Case> {
  const c = stored('CC-2026-00001', overrides);
  const { case: next, event } = rules.startStageOne(c, { staff: rules.SYSTEM, actor: { type: 'system' }, now: clock, policy: defaultPolicy, calendar, directory: defaultDirectory(defaultPolicy) });
  await cases.save(next, event, c.version);
  return next;
}

describe('step 1: a member of staff records what reached them', () => {
  it('logs it with the next reference, the acknowledgement deadline counted from receipt, and starts its workflow', async () => {
    const receipt = await recordCase(staff.receiver, aRecording(), d);
    expect(receipt).toEqual({ reference: 'CC-2026-00001', kind: 'complaint', receivedAt: '2026-03-09T15:30:00.000Z', acknowledgeBy: '2026-03-18T23:59:59.999Z' });
    const c = (await cases.get('CC-2026-00001'))!;
    expect(c).toMatchObject({ channel: 'phone', recordedBy: 'receiver', receivedOn: '2026-03-09', status: 'open', version: 1 });
    expect(await cases.timeline('CC-2026-00001')).toEqual([
      expect.objectContaining({ type: 'received', actor: { type: 'staff', id: 'receiver' }, at: NOW.toISOString(), version: 1 }),
    ]);
    expect(workflow.started).toEqual(['CC-2026-00001']);
    expect((await recordCase(staff.receiver, aRecording(), d)).reference).toBe('CC-2026-00002');
  });

  it.each([
    // received, as recorded; the instant the timescales count from; the acknowledgement deadline
    ['a day in winter: its start in London', '2026-03-09', '2026-03-09T00:00:00.000Z', '2026-03-18T23:59:59.999Z'],
    ['a day in summer: its start in London (BST)', '2025-06-02', '2025-06-01T23:00:00.000Z', '2025-06-11T22:59:59.999Z'],
    ['an instant: as it is', '2026-03-09T15:30:00+01:00', '2026-03-09T14:30:00.000Z', '2026-03-18T23:59:59.999Z'],
    ['this very moment', NOW.toISOString(), NOW.toISOString(), '2026-03-19T23:59:59.999Z'],
  ])('takes the date of receipt as given: %s', async (_what, receivedAt, instant, acknowledgeBy) => {
    const receipt = await recordCase(staff.receiver, aRecording({ receivedAt, incidentDate: '2025-05-31' }), d);
    expect(receipt).toMatchObject({ receivedAt: instant, acknowledgeBy });
  });

  it('numbers a case in the year it was received, not the year it was recorded', async () => {
    clock = new Date('2026-01-05T09:00:00Z');
    const receipt = await recordCase(staff.receiver, aRecording({ receivedAt: '2025-12-31', incidentDate: '2025-12-30' }), d);
    expect(receipt.reference).toBe('CC-2025-00001');
    expect((await cases.get('CC-2025-00001'))?.receivedOn).toBe('2025-12-31');
  });

  it.each([
    ['a moment from now', { receivedAt: '2026-03-10T10:00:01Z' }, [['receivedAt', 'cannot be in the future']]],
    ['tomorrow', { receivedAt: '2026-03-11' }, [['receivedAt', 'cannot be in the future']]],
    ['before working days are known', { receivedAt: '2012-12-31', incidentDate: '2012-12-01' }, [['receivedAt', 'cannot be before 2013: working days are counted from then on']]],
    ['an incident after its receipt', { receivedAt: '2026-03-09', incidentDate: '2026-03-10' }, [['incidentDate', 'cannot be after the date of receipt']]],
  ])('refuses a recording received %s', async (_what, overrides, issues) => {
    expect(await issuesOf(recordCase(staff.receiver, aRecording(overrides), d))).toEqual(issues);
    expect(await cases.listAll()).toEqual([]);
  });

  it.each([
    ['on the first day working days are known', { receivedAt: '2013-01-01', incidentDate: '2012-12-31' }, 'CC-2013-00001'],
    ['with an incident on the day of receipt', { receivedAt: '2026-03-09', incidentDate: '2026-03-09' }, 'CC-2026-00001'],
  ])('accepts a recording %s', async (_what, overrides, reference) => {
    expect((await recordCase(staff.receiver, aRecording(overrides), d)).reference).toBe(reference);
  });

  it('keeps who took it when that was someone else', async () => {
    await recordCase(staff.admin, aRecording({ receivedBy: 'watch-manager.jones' }), d);
    expect((await cases.get('CC-2026-00001'))?.recordedBy).toBe('watch-manager.jones');
  });

  it.each([
    ['email, phone and address, no choice: by email', {}, 'email', false],
    ['a phone number only: by phone', { email: undefined, address: undefined, preferredContact: undefined }, 'phone', false],
    ['an address only: by letter', { email: undefined, phone: undefined, preferredContact: undefined }, 'letter', false],
    ['a choice of letter: by letter', { preferredContact: 'letter' }, 'letter', false],
  ])('settles how to reply to a person who gave %s', async (_what, overrides, preferredContact, anonymous) => {
    await recordCase(staff.receiver, aRecording({ preferredContact: undefined, ...overrides }), d);
    expect((await cases.get('CC-2026-00001'))?.customer).toMatchObject({ preferredContact, anonymous });
  });

  it.each([
    ['nothing about themselves', {}, true],
    ['only a name', { name: 'Ann Example' }, false],
    ['only an email', { email: 'ann@example.com' }, false],
    ['only a phone number', { phone: '01234 567890' }, false],
    ['only an address', { address: '1 High Street' }, false],
  ])('records a compliment from a person who gave %s as anonymous: %s', async (_what, overrides, anonymous) => {
    await recordCase(staff.receiver, { ...aCompliment(overrides), channel: 'letter', receivedAt: '2026-03-09' }, d);
    expect((await cases.get('CC-2026-00001'))?.customer.anonymous).toBe(anonymous);
  });

  it.each([
    ['the Consultation and Partnership Officer', { id: 'cpo', roles: ['consultation-officer'] } as Staff],
    ['the Administration Manager', staff.admin],
  ])('takes consultation comments forwarded by %s', async (_who, by) => {
    expect((await recordCase(by, aRecording({ channel: 'consultation', consultationType: 'Service Improvement Plan' }), d)).reference).toBe('CC-2026-00001');
  });

  it.each([
    ['consultation comments from anyone else', staff.receiver, { channel: 'consultation', consultationType: 'Service Improvement Plan' }, 'Consultation comments are forwarded by the Consultation and Partnership Officer'],
    ['anything from the Strategic Support Manager', staff.ssm, {}, 'The Strategic Support Manager reads cases for scrutiny and audit but changes nothing'],
  ])('refuses %s', async (_what, by, overrides, message) => {
    await expect(recordCase(by, aRecording(overrides), d)).rejects.toThrow(new ForbiddenError(message));
    expect(workflow.started).toEqual([]);
  });

  it('refuses a recording that says nothing of how it came', async () => {
    expect((await issuesOf(recordCase(staff.receiver, aRecording({ channel: undefined }), d))).map(([path]) => path)).toEqual(['channel']);
  });

  it('keeps the case, with a task for the Administration Manager, when the workflow cannot be started', async () => {
    workflow.failStartOnce(new WorkflowUnavailableError('Step Functions is not answering'));
    const receipt = await recordCase(staff.receiver, aRecording(), d);
    const c = (await cases.get(receipt.reference))!;
    expect(c.tasks).toEqual([
      { type: 'workflow-stopped', due: receipt.acknowledgeBy, createdAt: NOW.toISOString(), note: 'The workflow did not start: acknowledge and assign by hand' },
    ]);
  });
});

describe('reading: listCases and getCase', () => {
  /** Five cases: two open in stage 1 (Operations, Prevention), one awaiting its owner, one closed, one compliment; received on different days. */
  async function fiveCases(): Promise<void> {
    const stage = (deadline: string, owner: string) => (c: Case): Case => ({
      ...c,
      stage: 1,
      owner,
      nextDeadline: deadline,
      stages: [{ number: 1, owner, owners: [owner], startedAt: c.receivedAt, deadline, extendedBy: 0 }],
    });
    stored('CC-2026-00001', { function: 'operations' }, new Date('2026-02-16T10:00:00Z'), stage('2026-03-02T23:59:59.999Z', 'operations-head'));
    stored('CC-2026-00002', { function: 'prevention' }, new Date('2026-03-02T10:00:00Z'), stage('2026-03-16T23:59:59.999Z', 'prevention-head'));
    stored('CC-2026-00003', { function: 'operations' }, new Date('2026-03-09T10:00:00Z'));
    stored('CC-2026-00004', { function: 'operations' }, new Date('2026-01-12T10:00:00Z'), (c) => ({
      ...c,
      status: 'closed',
      closure: 'resolved',
      nextDeadline: null,
      channel: 'letter',
    }));
    stored('CC-2026-00005', { kind: 'compliment', function: 'prevention', urgent: true }, new Date('2026-03-03T10:00:00Z'));
  }
  const refs = async (who: Staff, query: Record<string, string> = {}) => (await listCases(who, query, d)).items.map((s) => s.reference);

  it('sums up each case, soonest deadline first, closed cases last', async () => {
    await fiveCases();
    const { items, nextCursor } = await listCases(staff.admin, {}, d);
    expect(items.map((s) => [s.reference, s.deadline, s.overdue])).toEqual([
      ['CC-2026-00001', '2026-03-02T23:59:59.999Z', true],
      ['CC-2026-00005', '2026-03-12T23:59:59.999Z', false],
      ['CC-2026-00002', '2026-03-16T23:59:59.999Z', false],
      ['CC-2026-00003', '2026-03-18T23:59:59.999Z', false],
      ['CC-2026-00004', null, false],
    ]);
    expect(nextCursor).toBeUndefined();
    expect(items[1]).toEqual({
      reference: 'CC-2026-00005',
      kind: 'compliment',
      status: 'open',
      stage: null,
      owner: null,
      function: 'prevention',
      channel: 'web',
      receivedAt: '2026-03-03T10:00:00.000Z',
      deadline: '2026-03-12T23:59:59.999Z',
      overdue: false,
      urgent: true,
      summary: 'Fire engine blocked my drive',
      customerName: 'Ann Example',
      tasks: [],
      version: 1,
    });
  });

  it("lists the Administration Manager's open tasks on each case, by type and due date (not their notes)", async () => {
    stored('CC-2026-00001', {}, new Date('2026-03-02T10:00:00Z'), (c) => ({
      ...c,
      tasks: [{ type: 'acknowledge-by-letter', due: '2026-03-11T23:59:59.999Z', createdAt: '2026-03-02T10:00:00.000Z', note: 'internal' }],
    }));
    expect((await listCases(staff.admin, {}, d)).items[0]?.tasks).toEqual([{ type: 'acknowledge-by-letter', due: '2026-03-11T23:59:59.999Z' }]);
  });

  it('says a case is overdue only once its deadline has passed', async () => {
    stored('CC-2026-00001', {}, new Date('2026-03-02T10:00:00Z'));
    clock = new Date('2026-03-11T23:59:59.999Z');
    expect((await listCases(staff.admin, {}, d)).items[0]?.overdue).toBe(false);
    clock = new Date('2026-03-12T00:00:00.000Z');
    expect((await listCases(staff.admin, {}, d)).items[0]?.overdue).toBe(true);
  });

  it('gives no name for an anonymous compliment, and no function when none was named', async () => {
    stored('CC-2026-00001', { kind: 'compliment', name: undefined, email: undefined, phone: undefined, address: undefined, preferredContact: undefined, function: undefined });
    expect((await listCases(staff.admin, {}, d)).items[0]).toMatchObject({ customerName: null, function: null });
  });

  it.each([
    ['kind', { kind: 'compliment' }, ['CC-2026-00005']],
    ['status: open', { status: 'open' }, ['CC-2026-00001', 'CC-2026-00005', 'CC-2026-00002', 'CC-2026-00003']],
    ['status: closed', { status: 'closed' }, ['CC-2026-00004']],
    ['stage', { stage: '1' }, ['CC-2026-00001', 'CC-2026-00002']],
    ['owner', { owner: 'prevention-head' }, ['CC-2026-00002']],
    ['function', { function: 'prevention' }, ['CC-2026-00005', 'CC-2026-00002']],
    ['month received', { month: '2026-02' }, ['CC-2026-00001']],
    ['channel', { channel: 'letter' }, ['CC-2026-00004']],
    ['overdue', { overdue: 'true' }, ['CC-2026-00001']],
    ['not overdue (closed cases included)', { overdue: 'false' }, ['CC-2026-00005', 'CC-2026-00002', 'CC-2026-00003', 'CC-2026-00004']],
    ['due by the end of today', { dueWithin: '0' }, ['CC-2026-00001']],
    ['due within 2 working days', { dueWithin: '2' }, ['CC-2026-00001', 'CC-2026-00005']],
    ['due within 6 working days', { dueWithin: '6' }, ['CC-2026-00001', 'CC-2026-00005', 'CC-2026-00002', 'CC-2026-00003']],
    ['due within 2 working days, in Operations', { dueWithin: '2', function: 'operations' }, ['CC-2026-00001']],
  ])('filters by %s', async (_what, query, expected) => {
    await fiveCases();
    expect(await refs(staff.admin, query)).toEqual(expected);
  });

  it.each([
    ['open cases', { status: 'open' }, { status: 'open' }],
    ['overdue cases: deadline before now', { overdue: 'true' }, { deadlineBefore: NOW.toISOString() }],
    ['cases not overdue: deadline from now (or closed)', { overdue: 'false' }, { deadlineFrom: NOW.toISOString() }],
    ['cases due within 3 working days: by the end of Friday', { dueWithin: '3' }, { deadlineBy: '2026-03-13T23:59:59.999Z' }],
    ['cases due today: by the end of today', { dueWithin: '0' }, { deadlineBy: '2026-03-10T23:59:59.999Z' }],
    ['a month', { month: '2026-03' }, { month: '2026-03' }],
    ['every filter', { kind: 'complaint', stage: '2', owner: 'ops', function: 'operations', channel: 'web', status: 'open' }, { kind: 'complaint', stage: 2, owner: 'ops', function: 'operations', channel: 'web', status: 'open' }],
    ['no filter', {}, {}],
  ])('asks the store for one page of %s, never for every case', async (_what, query, expected) => {
    const asked: unknown[] = [];
    const listPage = cases.listPage.bind(cases);
    cases.listPage = async (q, page) => {
      asked.push([q, page.limit, page.after]);
      return listPage(q, page);
    };
    await listCases(staff.admin, { ...query, limit: '7' }, d);
    expect(asked).toEqual([[{ ...expected, asOf: NOW.toISOString() }, 7, undefined]]);
  });

  it('pages through the list with the cursor it gives, each case once', async () => {
    await fiveCases();
    const first = await listCases(staff.admin, { limit: '2' }, d);
    expect(first.items.map((s) => s.reference)).toEqual(['CC-2026-00001', 'CC-2026-00005']);
    const second = await listCases(staff.admin, { limit: '2', cursor: first.nextCursor! }, d);
    expect(second.items.map((s) => s.reference)).toEqual(['CC-2026-00002', 'CC-2026-00003']);
    const last = await listCases(staff.admin, { limit: '2', cursor: second.nextCursor! }, d);
    expect(last).toEqual({ items: [expect.objectContaining({ reference: 'CC-2026-00004' })] });
  });

  it('keeps "overdue" as it was on the first page while paging', async () => {
    await fiveCases();
    clock = new Date('2026-03-12T12:00:00Z');
    const first = await listCases(staff.admin, { overdue: 'false', limit: '1' }, d);
    expect(first.items.map((s) => s.reference)).toEqual(['CC-2026-00005']);
    // The next day CC-2026-00005 is overdue; the listing still goes on from where it was, as it was.
    clock = new Date('2026-03-13T11:00:00Z');
    const asked: unknown[] = [];
    const listPage = cases.listPage.bind(cases);
    cases.listPage = async (q, page) => {
      asked.push(q);
      return listPage(q, page);
    };
    const second = await listCases(staff.admin, { overdue: 'false', limit: '1', cursor: first.nextCursor! }, d);
    expect(asked).toEqual([{ deadlineFrom: '2026-03-12T12:00:00.000Z', asOf: '2026-03-12T12:00:00.000Z' }]);
    expect(second.items.map((s) => [s.reference, s.overdue])).toEqual([['CC-2026-00002', false]]);
  });

  it('signs the cursor: its position and query readable, and bound to both', async () => {
    await fiveCases();
    const { nextCursor } = await listCases(staff.admin, { limit: '2' }, d);
    const [body, mac] = nextCursor!.split('.');
    expect(JSON.parse(Buffer.from(body!, 'base64url').toString())).toEqual({
      v: 1,
      q: expect.any(String),
      at: NOW.toISOString(),
      p: { segment: 0, key: { position: '2026-03-12T23:59:59.999Z#CC-2026-00005' } },
    });
    expect(Buffer.from(mac!, 'base64url')).toHaveLength(32);
  });

  const tampered = (cursor: string) => {
    const [body, mac] = cursor.split('.');
    const content = JSON.parse(Buffer.from(body!, 'base64url').toString());
    content.p.key.position = '2026-03-01T00:00:00.000Z#CC-2026-00001';
    return `${Buffer.from(JSON.stringify(content)).toString('base64url')}.${mac}`;
  };

  it.each([
    ['text that is not a cursor', async () => 'not a cursor!'],
    ['base64url of something that names no case', async () => Buffer.from('page 2', 'utf8').toString('base64url')],
    ['a cursor it gave, with something added', async () => `${(await listCases(staff.admin, { limit: '2' }, d)).nextCursor!}!`],
    ['a cursor it gave, with a part added', async () => `${(await listCases(staff.admin, { limit: '2' }, d)).nextCursor!}.x`],
    ['a cursor it gave, with another position', async () => tampered((await listCases(staff.admin, { limit: '2' }, d)).nextCursor!)],
    // 40 of its 43 characters: whole bytes, so only the length tells it from the real one.
    ['a cursor it gave, with its signature cut short', async () => (await listCases(staff.admin, { limit: '2' }, d)).nextCursor!.slice(0, -3)],
    ['a cursor it gave, with its signature cut to nothing', async () => `${(await listCases(staff.admin, { limit: '2' }, d)).nextCursor!.split('.')[0]}.`],
    ['a cursor it gave for another query', async () => (await listCases(staff.admin, { limit: '2', status: 'open' }, d)).nextCursor!],
    ['a cursor signed with another key', async () => (await listCases(staff.admin, { limit: '2' }, { ...d, cursorKey: `${CURSOR_KEY}!` })).nextCursor!],
    ['a cursor it gave, of another version', async () => {
      const [body] = (await listCases(staff.admin, { limit: '2' }, d)).nextCursor!.split('.');
      const content = { ...JSON.parse(Buffer.from(body!, 'base64url').toString()), v: 2 };
      const forged = Buffer.from(JSON.stringify(content)).toString('base64url');
      const { createHmac } = await import('node:crypto');
      return `${forged}.${createHmac('sha256', CURSOR_KEY).update(forged).digest('base64url')}`;
    }],
  ])('refuses a cursor it did not give for this query: %s', async (_what, cursorOf) => {
    await fiveCases();
    const cursor = await cursorOf();
    expect(await issuesOf(listCases(staff.admin, { cursor, limit: '2' }, d))).toEqual([['cursor', 'not a cursor this API gave for this query']]);
  });

  it.each([
    [{ status: 'open' }, { status: 'closed' }],
    [{ function: 'operations' }, { function: 'prevention' }],
    [{ function: 'operations' }, { owner: 'operations' }],
  ])('refuses a cursor given for %o on %o', async (given, taken) => {
    await fiveCases();
    const { nextCursor } = await listCases(staff.admin, { ...given, limit: '1' }, d);
    expect(await issuesOf(listCases(staff.admin, { ...taken, limit: '1', cursor: nextCursor! }, d))).toEqual([['cursor', 'not a cursor this API gave for this query']]);
  });

  it('takes a cursor for a day, then asks for the list to start again', async () => {
    await fiveCases();
    const { nextCursor } = await listCases(staff.admin, { limit: '1' }, d);
    clock = new Date(NOW.getTime() + 24 * 3600 * 1000);
    expect((await listCases(staff.admin, { limit: '1', cursor: nextCursor! }, d)).items.map((s) => s.reference)).toEqual(['CC-2026-00005']);
    clock = new Date(NOW.getTime() + 24 * 3600 * 1000 + 1);
    expect(await issuesOf(listCases(staff.admin, { limit: '1', cursor: nextCursor! }, d))).toEqual([
      ['cursor', 'expired (a listing lasts a day): start the list again'],
    ]);
  });

  it('takes the same cursor with another page size', async () => {
    await fiveCases();
    const first = await listCases(staff.admin, { limit: '1' }, d);
    expect((await listCases(staff.admin, { limit: '3', cursor: first.nextCursor! }, d)).items.map((s) => s.reference)).toEqual([
      'CC-2026-00005',
      'CC-2026-00002',
      'CC-2026-00003',
    ]);
  });

  it('takes an empty cursor as the first page', async () => {
    await fiveCases();
    expect((await listCases(staff.admin, { cursor: '', limit: '1' }, d)).items.map((s) => s.reference)).toEqual(['CC-2026-00001']);
  });

  it('gives no cursor when the page holds exactly what is left', async () => {
    await fiveCases();
    const all = await listCases(staff.admin, { limit: '5' }, d);
    expect(Object.keys(all)).toEqual(['items']);
    expect(all.items).toHaveLength(5);
    const four = await listCases(staff.admin, { limit: '4' }, d);
    expect((await listCases(staff.admin, { limit: '4', cursor: four.nextCursor! }, d)).items.map((s) => s.reference)).toEqual(['CC-2026-00004']);
  });

  it.each([
    ['limit', { limit: '0' }, 'expected a number from 1 to 100'],
    ['limit', { limit: '101' }, 'expected a number from 1 to 100'],
    ['limit', { limit: '2.5' }, 'expected a number from 1 to 100'],
    ['limit', { limit: 'many' }, 'expected a number from 1 to 100'],
    ['stage', { stage: '0' }, 'expected a stage from 1 to 3'],
    ['stage', { stage: '4' }, 'expected a stage from 1 to 3'],
    ['stage', { stage: '1.5' }, 'expected a stage from 1 to 3'],
    ['stage', { stage: 'two' }, 'expected a stage from 1 to 3'],
    ['dueWithin', { dueWithin: '-1' }, 'expected a number of working days from 0 to 250'],
    ['dueWithin', { dueWithin: '251' }, 'expected a number of working days from 0 to 250'],
    ['dueWithin', { dueWithin: '0.5' }, 'expected a number of working days from 0 to 250'],
    ['dueWithin', { dueWithin: 'soon' }, 'expected a number of working days from 0 to 250'],
    ['cursor', { cursor: 'x'.repeat(1001) }, 'not a cursor this API gave for this query'],
  ])('names the allowed range of %s: %o', async (field, query, message) => {
    expect(await issuesOf(listCases(staff.admin, query, d))).toEqual([[field, message]]);
  });

  it.each([
    ['limit', { limit: '1' }],
    ['limit', { limit: '100' }],
    ['stage', { stage: '1' }],
    ['stage', { stage: '3' }],
    ['dueWithin', { dueWithin: '0' }],
    ['dueWithin', { dueWithin: '250' }],
  ])('takes %s at the edge of its range: %o', async (_field, query) => {
    await expect(listCases(staff.admin, query, d)).resolves.toEqual({ items: [] });
  });

  it('shows a Functional Head the cases of the functions they lead and the cases they owned', async () => {
    await fiveCases();
    expect(await refs(staff.prevHead)).toEqual(['CC-2026-00005', 'CC-2026-00002']);
    expect(await refs(staff.opsHead)).toEqual(['CC-2026-00001', 'CC-2026-00003', 'CC-2026-00004']);
  });

  it.each([
    ['a receiver', staff.receiver, 'A receiver may record new cases but not list them'],
    ['someone with no staff role', { id: 'nobody', roles: [] } as Staff, 'Your account has no staff role: ask the Administration Manager to add you to one'],
  ])('lists nothing for %s', async (_who, who, message) => {
    await expect(listCases(who, {}, d)).rejects.toThrow(new ForbiddenError(message));
    await expect(getCase(who, 'CC-2026-00001', d)).rejects.toThrow(new ForbiddenError(message));
  });

  it('refuses a filter it does not know, naming it', async () => {
    expect((await issuesOf(listCases(staff.admin, { colour: 'red', stage: '9' }, d))).map(([path]) => path).sort()).toEqual(['colour', 'stage']);
  });

  it('reads a case with its deadline and its timeline', async () => {
    const c = await inStageOne();
    const view = await getCase(staff.opsHead, 'CC-2026-00001', d);
    expect(view).toEqual({ ...c, deadline: c.stages[0]!.deadline, timeline: await cases.timeline('CC-2026-00001') });
    expect(view.timeline.map((e) => e.type)).toEqual(['received', 'owner-assigned']);
  });

  it('does not show a Functional Head a case of another function', async () => {
    await inStageOne();
    await expect(getCase(staff.prevHead, 'CC-2026-00001', d)).rejects.toThrow(ForbiddenError);
  });

  it('does not know a case that was never stored', async () => {
    await expect(getCase(staff.admin, 'CC-2026-09999', d)).rejects.toThrow(new NotFoundError('No case CC-2026-09999'));
  });
});

describe('changing a case: who, on which version, and the workflow told', () => {
  it('stores the change against the version read, and answers with the case as it now stands', async () => {
    const c = await inStageOne();
    const view = await extendDeadline(staff.opsHead, { reference: c.reference, body: { expectedVersion: 2, workingDays: 2, reason: 'Waiting for a witness' } }, d);
    expect(view).toMatchObject({ version: 3, deadline: '2026-03-18T23:59:59.999Z', workflow: { signalled: false } });
    expect(view.timeline.map((e) => e.type)).toEqual(['received', 'owner-assigned', 'deadline-extended']);
    expect(await cases.get(c.reference)).toMatchObject({ version: 3, nextDeadline: '2026-03-18T23:59:59.999Z' });
  });

  it.each([
    ['in the body', { expectedVersion: 2 }, undefined],
    ['as If-Match', {}, 2],
    ['in both, agreeing', { expectedVersion: 2 }, 2],
  ])('takes the version read %s', async (_how, version, ifMatch) => {
    const c = await inStageOne();
    const view = await shareDraftFindings(staff.opsHead, { reference: c.reference, body: { findings: 'We found the crew at fault.', ...version }, ifMatch }, d);
    expect(view.version).toBe(3);
  });

  it('refuses a change whose body and If-Match name different versions', async () => {
    const c = await inStageOne();
    expect(await issuesOf(shareDraftFindings(staff.opsHead, { reference: c.reference, body: { findings: 'Draft', expectedVersion: 2 }, ifMatch: 1 }, d))).toEqual([
      ['expectedVersion', 'differs from If-Match (1)'],
    ]);
  });

  it('asks for the version read when a change names none', async () => {
    const c = await inStageOne();
    await expect(shareDraftFindings(staff.opsHead, { reference: c.reference, body: { findings: 'Draft' } }, d)).rejects.toThrow(
      new PreconditionRequiredError('Say which version you read: send If-Match: "<version>" or expectedVersion in the body'),
    );
    expect((await cases.get(c.reference))?.version).toBe(2);
  });

  it('refuses a change made on a version someone else has changed since', async () => {
    const c = await inStageOne();
    await expect(shareDraftFindings(staff.opsHead, { reference: c.reference, body: { findings: 'Draft', expectedVersion: 1 } }, d)).rejects.toThrow(ConcurrentUpdateError);
    expect((await cases.get(c.reference))?.version).toBe(2);
  });

  it('settles who may act before looking at what they sent', async () => {
    await inStageOne();
    await expect(recordOutcome(staff.receiver, { reference: 'CC-2026-00001', body: { nonsense: true } }, d)).rejects.toThrow(
      new ForbiddenError('Your role (receiver) may not record stage outcomes'),
    );
    await expect(recordOutcome(staff.prevHead, { reference: 'CC-2026-00001', body: { nonsense: true } }, d)).rejects.toThrow(
      new ForbiddenError('Only the owner of the current stage of CC-2026-00001 may record the outcome'),
    );
    await expect(recordOutcome({ id: 'nobody', roles: [] }, { reference: 'CC-2026-00001', body: {} }, d)).rejects.toThrow(
      new ForbiddenError('Your account has no staff role: ask the Administration Manager to add you to one'),
    );
  });

  it('does not know a case that was never stored', async () => {
    await expect(updateCase(staff.admin, { reference: 'CC-2026-09999', body: { urgent: true, expectedVersion: 1 } }, d)).rejects.toThrow(NotFoundError);
  });

  it.each([
    ['ends the waiting workflow', async () => state.update('CC-2026-00001', { taskToken: 'token' }), { signalled: true }, [{ reference: 'CC-2026-00001', event: 'draft-findings-shared' }]],
    ['finds no workflow waiting', async () => undefined, { signalled: false }, []],
    [
      'cannot reach the workflow: the change stands, and says so',
      async () => workflow.failSignalOnce(new WorkflowUnavailableError('The workflow of CC-2026-00001 could not be told of the change')),
      { signalled: false, error: 'The workflow of CC-2026-00001 could not be told of the change' },
      [],
    ],
  ])('tells the workflow of every change: %s', async (_what, arrange, answer, signals) => {
    await inStageOne();
    await arrange();
    const view = await shareDraftFindings(staff.opsHead, { reference: 'CC-2026-00001', body: { findings: 'Draft', expectedVersion: 2 } }, d);
    expect(view.workflow).toEqual(answer);
    expect(workflow.signals).toEqual(signals);
    expect((await cases.get('CC-2026-00001'))?.version).toBe(3);
  });
});

describe('each change, and who may make it', () => {
  const ref = 'CC-2026-00001';
  type Act = (who: Staff, req: { reference: string; body: unknown }, deps: StaffDeps) => Promise<{ version: number; timeline: Array<{ type: string }> }>;
  /** A complaint in stage 1 owned by the Head of Operations, its draft findings shared, to act on. */
  async function ready(): Promise<void> {
    await inStageOne();
    await shareDraftFindings(staff.opsHead, { reference: ref, body: { findings: 'The crew were at fault.', expectedVersion: 2 } }, d);
  }
  const v = { expectedVersion: 3 };

  it.each<[string, Act, Staff, Record<string, unknown>, string]>([
    ['the Administration Manager updates the details', updateCase, staff.admin, { location: 'Luton', ...v }, 'details-updated'],
    ['the Administration Manager transfers the stage', assignOwner, staff.admin, { owner: 'operations-deputy', ...v }, 'owner-transferred'],
    ['the owner passes the stage on', assignOwner, staff.opsHead, { owner: 'operations-deputy', ...v }, 'owner-transferred'],
    ['the owner records the outcome', recordOutcome, staff.opsHead, { result: 'resolved', decision: 'upheld', response: 'Sorry.', ...v }, 'outcome-recorded'],
    ['the owner extends the deadline', extendDeadline, staff.opsHead, { workingDays: 1, reason: 'A witness', ...v }, 'deadline-extended'],
    ['the owner shares draft findings', shareDraftFindings, staff.opsHead, { findings: 'Second draft', ...v }, 'draft-findings-shared'],
    ['the owner records comments on them', recordDraftComments, staff.opsHead, { comments: 'Fair', receivedOn: '2026-03-10', ...v }, 'draft-comments-recorded'],
    ['the Administration Manager records comments on them', recordDraftComments, staff.admin, { comments: 'Fair', receivedOn: '2026-03-10', ...v }, 'draft-comments-recorded'],
    ['the Administration Manager refers it to the CRO', referToCro, staff.admin, { reason: 'Serious', ...v }, 'referred-to-cro'],
    ['the CRO records an Ombudsman enquiry', recordOmbudsman, staff.cro, { enquiryReceivedOn: '2026-03-10', ombudsmanReference: 'LGO-1', ...v }, 'ombudsman-recorded'],
  ])('%s', async (_what, act, who, body, event) => {
    await ready();
    const view = await act(who, { reference: ref, body }, d);
    expect(view.version).toBe(4);
    expect(view.timeline.at(-1)?.type).toBe(event);
  });

  it.each<[string, Act, Staff, Record<string, unknown>, string]>([
    ['a Functional Head updating the details', updateCase, staff.opsHead, { location: 'Luton', ...v }, "Your role (functional-head) may not update a case's details"],
    ['the Duty Officer updating the details', updateCase, staff.dutyOfficer, { location: 'Luton', ...v }, "Your role (duty-officer) may not update a case's details"],
    ['another Head transferring the stage', assignOwner, staff.prevHead, { owner: 'prevention-head', ...v }, 'Only the Administration Manager or the owner of the current stage may assign or transfer CC-2026-00001'],
    ['the Administration Manager recording the outcome', recordOutcome, staff.admin, { result: 'resolved', decision: 'upheld', response: 'Sorry.', ...v }, 'Your role (admin-manager) may not record stage outcomes'],
    ['the Deputy, not the owner, extending the deadline', extendDeadline, staff.opsDeputy, { workingDays: 1, reason: 'A witness', ...v }, 'Only the owner of the current stage of CC-2026-00001 may extend the deadline'],
    ['the Deputy sharing draft findings', shareDraftFindings, staff.opsDeputy, { findings: 'Mine', ...v }, 'Only the owner of the current stage of CC-2026-00001 may share draft findings'],
    ['another Head recording comments', recordDraftComments, staff.prevHead, { comments: 'Fair', receivedOn: '2026-03-10', ...v }, 'Only the owner of the current stage or the Administration Manager may record comments on CC-2026-00001'],
    ['the owner referring it to the CRO', referToCro, staff.opsHead, { reason: 'Serious', ...v }, 'Your role (functional-head) may not refer complaints to the Customer Relations Officer'],
    ['a receiver transferring the stage', assignOwner, staff.receiver, { owner: 'operations-deputy', ...v }, 'Your role (receiver) may not assign or transfer cases'],
    ['the Administration Manager extending the deadline', extendDeadline, staff.admin, { workingDays: 1, reason: 'A witness', ...v }, 'Your role (admin-manager) may not extend deadlines'],
    ['the Administration Manager sharing draft findings', shareDraftFindings, staff.admin, { findings: 'Mine', ...v }, 'Your role (admin-manager) may not share draft findings'],
    ['someone who both receives and scrutinises recording comments', recordDraftComments, { id: 'clerk', roles: ['receiver', 'ssm'] }, { comments: 'Fair', receivedOn: '2026-03-10', ...v }, 'Your role (receiver, ssm) may not record comments on draft findings'],
    ['the Administration Manager recording an Ombudsman enquiry', recordOmbudsman, staff.admin, { enquiryReceivedOn: '2026-03-10', ombudsmanReference: 'LGO-1', ...v }, 'Your role (admin-manager) may not record Ombudsman enquiries'],
  ])('refuses %s', async (_what, act, who, body, message) => {
    await ready();
    await expect(act(who, { reference: ref, body }, d)).rejects.toThrow(new ForbiddenError(message));
    expect((await cases.get(ref))?.version).toBe(3);
  });

  it.each([
    ['the Duty Officer', staff.dutyOfficer],
    ['the Customer Relations Officer', staff.cro],
  ])('lets %s act on a stage they own', async (_who, who) => {
    stored(ref, {}, new Date('2026-03-02T10:00:00Z'), (c) => ({
      ...c,
      stage: 1,
      owner: who.id,
      nextDeadline: '2026-03-16T23:59:59.999Z',
      stages: [{ number: 1, owner: who.id, owners: [who.id], startedAt: c.receivedAt, deadline: '2026-03-16T23:59:59.999Z', extendedBy: 0 }],
    }));
    const view = await extendDeadline(who, { reference: ref, body: { workingDays: 1, reason: 'A witness', expectedVersion: 1 } }, d);
    expect(view).toMatchObject({ version: 2, deadline: '2026-03-17T23:59:59.999Z' });
  });

  it('lets only the Administration Manager start stage 1 of a complaint nobody owns yet', async () => {
    stored(ref, { function: undefined });
    await expect(assignOwner(staff.opsHead, { reference: ref, body: { owner: 'operations-head', expectedVersion: 1 } }, d)).rejects.toThrow(
      new ForbiddenError('Only the Administration Manager may pass CC-2026-00001 to a Functional Head'),
    );
    await expect(assignOwner(staff.dutyOfficer, { reference: ref, body: { owner: 'duty-officer', expectedVersion: 1 } }, d)).rejects.toThrow(ForbiddenError);
    const view = await assignOwner(staff.admin, { reference: ref, body: { owner: 'operations-head', expectedVersion: 1 } }, d);
    expect(view).toMatchObject({ stage: 1, owner: 'operations-head', version: 2 });
  });

  it('refuses a change whose body is not what the change takes', async () => {
    await ready();
    expect((await issuesOf(extendDeadline(staff.opsHead, { reference: ref, body: { workingDays: 99, reason: 'Long', ...v } }, d))).map(([path]) => path)).toEqual(['workingDays']);
  });
});

describe('an information-request review, by staff', () => {
  const ref = 'CC-2026-00001';
  const legal: Staff = { id: 'legal-reviewer', roles: ['legal-governance'] };
  type Act = (who: Staff, req: { reference: string; body: unknown }, deps: StaffDeps) => Promise<{ version: number; timeline: Array<{ type: string }> }>;
  /** Stage 1 with a task to do by hand, not yet acknowledged, then referred by the Administration Manager (version 3). */
  async function referred(): Promise<void> {
    const c = stored(ref, {}, new Date('2026-03-02T10:00:00Z'), (x) => {
      const { acknowledgedAt: _a, acknowledgedVia: _v, ...rest } = x;
      return {
        ...rest,
        trackingLink: { hash: 'c3'.repeat(32), issuedAt: '2026-03-02T10:05:00.000Z' },
        tasks: [{ type: 'email-failed' as const, due: '2026-03-12T23:59:59.999Z', createdAt: '2026-03-02T10:00:00.000Z' }],
      };
    });
    const { case: next, event } = rules.startStageOne(c, { staff: rules.SYSTEM, actor: { type: 'system' }, now: clock, policy: defaultPolicy, calendar, directory: defaultDirectory(defaultPolicy) });
    await cases.save(next, event, c.version);
    const view = await referInformationReview(staff.admin, { reference: ref, body: { request: 'eir', expectedVersion: 2 } }, d);
    expect(view).toMatchObject({ version: 3, stage: null, owner: null, deadline: '2026-04-09T22:59:59.999Z' });
    expect(view.timeline.at(-1)?.type).toBe('information-review-referred');
  }
  const v = { expectedVersion: 3 };

  it('is referred by the Administration Manager only, and the workflow is told', async () => {
    await inStageOne();
    await expect(referInformationReview(staff.opsHead, { reference: ref, body: { request: 'foi', expectedVersion: 2 } }, d)).rejects.toThrow(
      new ForbiddenError('Your role (functional-head) may not refer complaints to Legal & Governance'),
    );
    await state.update(ref, { taskToken: 'token' });
    await referInformationReview(staff.admin, { reference: ref, body: { request: 'foi', expectedVersion: 2 } }, d);
    expect(workflow.signals).toEqual([{ reference: ref, event: 'information-review-referred' }]);
  });

  it('lists the review with the case, by its deadline, and overdue once that has passed', async () => {
    await referred();
    expect((await listCases(staff.admin, {}, d)).items[0]).toMatchObject({ informationReview: { request: 'eir', deadline: '2026-04-09T22:59:59.999Z' }, deadline: '2026-04-09T22:59:59.999Z', overdue: false });
    clock = new Date('2026-04-10T08:00:00Z');
    expect((await listCases(staff.admin, {}, d)).items[0]).toMatchObject({ overdue: true });
    await decideInformationReview(legal, { reference: ref, body: { decision: 'not-upheld', response: 'We answered in time.', ...v } }, d);
    expect((await listCases(staff.admin, { status: 'closed' }, d)).items[0]?.informationReview).toEqual({ request: 'eir', deadline: '2026-04-09T22:59:59.999Z', decision: 'not-upheld' });
  });

  it.each<[string, Act, Staff, Record<string, unknown>, string]>([
    ['Legal & Governance extend it', extendInformationReview, legal, { workingDays: 5, reason: 'Records off site', ...v }, 'information-review-extended'],
    ['Legal & Governance decide it', decideInformationReview, legal, { decision: 'upheld', response: 'Sorry.', ...v }, 'information-review-decided'],
    ['the Administration Manager updates the details', updateCase, staff.admin, { location: 'Luton', ...v }, 'details-updated'],
    ['the Administration Manager sets the category', setCategory, staff.admin, { category: defaultPolicy.complaintCategories[0]!.id, ...v }, 'category-set'],
    ['the Administration Manager records an acknowledgement', recordAcknowledgement, staff.admin, { via: 'letter', ...v }, 'acknowledged'],
    ['the Administration Manager marks a task done', completeTask, staff.admin, { task: 'email-failed', ...v }, 'task-done'],
    ['the Administration Manager revokes the tracking link', revokeTrackingLink, staff.admin, { ...v }, 'tracking-link-revoked'],
  ])('while it runs, %s', async (_what, act, who, body, event) => {
    await referred();
    const view = await act(who, { reference: ref, body }, d);
    expect(view.version).toBe(4);
    expect(view.timeline.at(-1)?.type).toBe(event);
  });

  it.each<[string, Act, Staff, Record<string, unknown>, string]>([
    ['transfer the stage', assignOwner, staff.admin, { owner: 'operations-deputy', ...v }, 'assign or transfer cases'],
    ['refer it to the CRO', referToCro, staff.admin, { reason: 'Serious', ...v }, 'refer complaints to the Customer Relations Officer'],
    ['refer it again', referInformationReview, staff.admin, { request: 'foi', ...v }, 'refer complaints to Legal & Governance'],
  ])('while it runs, nobody may %s', async (_what, act, who, body, action) => {
    await referred();
    await expect(act(who, { reference: ref, body }, d)).rejects.toThrow(
      new InvalidStateError(`${ref} is under review by Legal & Governance (an information-request complaint): it cannot ${action} until the review's outcome`),
    );
    expect((await cases.get(ref))?.version).toBe(3);
  });

  it.each<[string, Act, Staff, Record<string, unknown>, string]>([
    ['the Administration Manager extending it', extendInformationReview, staff.admin, { workingDays: 5, reason: 'Late', ...v }, 'Your role (admin-manager) may not extend information-request reviews'],
    ['the CRO deciding it', decideInformationReview, staff.cro, { decision: 'upheld', response: 'Sorry.', ...v }, 'Your role (cro) may not record the outcome of information-request reviews'],
  ])('refuses %s', async (_what, act, who, body, message) => {
    await referred();
    await expect(act(who, { reference: ref, body }, d)).rejects.toThrow(new ForbiddenError(message));
  });
});

describe('the staff directory', () => {
  const { version: _v, ...policyDirectory } = defaultDirectory(defaultPolicy);
  const withOperations = (head: Partial<Directory['functions'][number]['head']>) => ({
    ...policyDirectory,
    functions: policyDirectory.functions.map((f) => (f.id === 'operations' ? { ...f, head: { ...f.head, ...head } } : f)),
  });

  it("is the policy's until the Administration Manager saves one, and any member of staff reads it", async () => {
    expect(await getDirectory(staff.receiver, d)).toEqual(defaultDirectory(defaultPolicy));
    await expect(getDirectory({ id: 'nobody', roles: [] }, d)).rejects.toThrow(ForbiddenError);
  });

  it('is saved by the Administration Manager as a new version, with who and when, and an event listing who is away', async () => {
    const saved = await updateDirectory(staff.admin, { expectedVersion: 0, directory: withOperations({ available: false, name: 'Olive Head' }) }, undefined, d);
    expect(saved).toMatchObject({ version: 1, updatedAt: NOW.toISOString(), updatedBy: 'admin-manager' });
    expect(saved.functions.find((f) => f.id === 'operations')?.head).toMatchObject({ name: 'Olive Head', available: false });
    expect(await getDirectory(staff.receiver, d)).toEqual(saved);
    expect(directory.events).toEqual([
      {
        at: NOW.toISOString(),
        type: 'directory-updated',
        actor: { type: 'staff', id: 'admin-manager' },
        version: 1,
        data: { unavailable: ['operations-head'], dutyOfficer: 'duty-officer', customerRelationsOfficer: 'cro' },
      },
    ]);
    const again = await updateDirectory(staff.admin, { directory: withOperations({ available: true }) }, 1, d);
    expect(again.version).toBe(2);
    expect(directory.events[1]?.data.unavailable).toEqual([]);
  });

  it('refuses a save made on a version someone else has changed since, and keeps what is stored', async () => {
    await updateDirectory(staff.admin, { expectedVersion: 0, directory: policyDirectory }, undefined, d);
    await expect(updateDirectory(staff.admin, { expectedVersion: 0, directory: withOperations({ available: false }) }, undefined, d)).rejects.toThrow(
      new ConcurrentUpdateError('The staff directory changed since you read it (you read version 0, it is now 1)'),
    );
    expect((await getDirectory(staff.admin, d)).version).toBe(1);
    expect(directory.events).toHaveLength(1);
  });

  it('asks for the version read', async () => {
    await expect(updateDirectory(staff.admin, { directory: policyDirectory }, undefined, d)).rejects.toThrow(PreconditionRequiredError);
  });

  it('refuses a function the policy does not have, naming where', async () => {
    const directoryWithCatering = { ...policyDirectory, functions: [...policyDirectory.functions, { ...policyDirectory.functions[0]!, id: 'catering' }] };
    expect(await issuesOf(updateDirectory(staff.admin, { expectedVersion: 0, directory: directoryWithCatering }, undefined, d))).toEqual([
      [`directory.functions.${policyDirectory.functions.length}.id`, '"catering" is not a function of the policy'],
    ]);
    expect(directory.stored).toBeUndefined();
  });

  it.each([
    ['a Functional Head', staff.opsHead, 'Your role (functional-head) may not maintain the staff directory'],
    ['the Strategic Support Manager', staff.ssm, 'Your role (ssm) may not maintain the staff directory'],
  ])('is not changed by %s', async (_who, who, message) => {
    await expect(updateDirectory(who, { expectedVersion: 0, directory: policyDirectory }, undefined, d)).rejects.toThrow(new ForbiddenError(message));
  });
});

describe('revoking the private tracking link', () => {
  const ref = 'CC-2026-00001';
  const LINK = { hash: 'c3'.repeat(32), issuedAt: '2026-03-02T10:05:00.000Z' };
  const linked = () => stored(ref, {}, new Date('2026-03-02T10:00:00Z'), (c) => ({ ...c, trackingLink: LINK }));

  it('lets the Administration Manager turn the link off, with a reason, and tells the workflow', async () => {
    linked();
    await state.update(ref, { taskToken: 'waiting' });
    const view = await revokeTrackingLink(staff.admin, { reference: ref, body: { reason: 'Sent to the wrong address', expectedVersion: 1 } }, d);
    expect(view).toMatchObject({ version: 2, trackingLink: { ...LINK, revokedAt: NOW.toISOString() }, workflow: { signalled: true } });
    expect(view.timeline.at(-1)).toEqual({
      reference: ref,
      at: NOW.toISOString(),
      type: 'tracking-link-revoked',
      actor: { type: 'staff', id: 'admin-manager' },
      version: 2,
      data: { issuedAt: LINK.issuedAt, reason: 'Sent to the wrong address' },
    });
    expect(workflow.signals).toEqual([{ reference: ref, event: 'tracking-link-revoked' }]);
  });

  it('takes the version read from If-Match, and needs no reason', async () => {
    linked();
    const view = await revokeTrackingLink(staff.admin, { reference: ref, body: {}, ifMatch: 1 }, d);
    expect(view.timeline.at(-1)?.data).toEqual({ issuedAt: LINK.issuedAt });
  });

  it.each([
    ['a Functional Head', staff.opsHead, 'Your role (functional-head) may not revoke tracking links'],
    ['the Customer Relations Officer', staff.cro, 'Your role (cro) may not revoke tracking links'],
    ['a receiver', staff.receiver, 'Your role (receiver) may not revoke tracking links'],
  ])('refuses %s', async (_who, who, message) => {
    linked();
    await expect(revokeTrackingLink(who, { reference: ref, body: { expectedVersion: 1 } }, d)).rejects.toThrow(new ForbiddenError(message));
    expect((await cases.get(ref))?.trackingLink).toEqual(LINK);
  });

  it('refuses a case with no link, and a body it does not take', async () => {
    stored(ref);
    await expect(revokeTrackingLink(staff.admin, { reference: ref, body: { expectedVersion: 1 } }, d)).rejects.toThrow(new InvalidStateError(`${ref} has no tracking link`));
    expect(await issuesOf(revokeTrackingLink(staff.admin, { reference: ref, body: { expectedVersion: 1, reason: 'two\nlines' } }, d))).toEqual([['reason', 'must be a single line']]);
    expect(await issuesOf(revokeTrackingLink(staff.admin, { reference: ref, body: { expectedVersion: 1, hash: 'x' } }, d))).toEqual([['hash', 'unknown field']]);
  });
});
