import { beforeEach, describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { Case } from '../../functions/domain/case';
import * as rules from '../../functions/domain/case-rules';
import { ListCasesQuery, SetCategory } from '../../functions/domain/commands';
import { ForbiddenError, InvalidStateError, ValidationError } from '../../functions/domain/errors';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { listCases, setCategory, type StaffDeps } from '../../functions/domain/staff-service';
import { defaultDirectory } from '../../functions/domain/staff';
import { aStoredCase, ruleContext, staff } from '../support/cases';
import { memoryPorts, type MemoryCases, type MemoryState, type MemoryWorkflow } from '../support/memory-ports';

/**
 * A complaint's category (what it is about, counted in the monthly report): one of the policy's
 * complaintCategories, set by the Administration Manager or the owner of the current stage, recorded
 * on the timeline as 'category-set'. Compliments have none.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const NOW = new Date('2026-03-10T10:00:00Z');
const REF = 'CC-2026-00001';
const IDS = defaultPolicy.complaintCategories.map((c) => c.id).join(', ');

let cases: MemoryCases;
let workflow: MemoryWorkflow;
let state: MemoryState;
let d: StaffDeps;

beforeEach(() => {
  const ports = memoryPorts();
  ({ cases, workflow, state } = ports);
  d = { policy: defaultPolicy, calendar, cases, directory: ports.directory, workflow, now: () => NOW };
});

const issuesOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => [i.path, i.message]);
};

/** The complaint REF in stage 1, owned by the Head of Operations (the procedure's choice). */
async function inStageOne(overrides: Record<string, unknown> = {}): Promise<Case> {
  const c = cases.put({ ...aStoredCase(overrides), reference: REF });
  const { case: next, event } = rules.startStageOne(c, { staff: rules.SYSTEM, actor: { type: 'system' }, now: NOW, policy: defaultPolicy, calendar, directory: defaultDirectory(defaultPolicy) });
  await cases.save(next, event, c.version);
  return next;
}

describe('the rule', () => {
  it('sets the category and records from what to what', () => {
    const c = { ...aStoredCase(), reference: REF };
    const { case: next, event } = rules.setCategory(c, { category: 'driving' }, ruleContext(staff.admin, NOW));
    expect(next).toEqual({ ...c, category: 'driving', version: c.version + 1 });
    expect(event).toEqual({ reference: REF, at: NOW.toISOString(), type: 'category-set', actor: { type: 'staff', id: 'admin-manager' }, version: 2, data: { from: null, to: 'driving' } });
    const again = rules.setCategory(next, { category: 'behaviour' }, ruleContext(staff.admin, NOW));
    expect(again.event.data).toEqual({ from: 'driving', to: 'behaviour' });
    expect(again.event.personal).toBeUndefined();
  });

  it('also on a closed complaint (the report counts it whenever it is set)', () => {
    const c = { ...aStoredCase({}), reference: REF, status: 'closed' as const, stage: null, closedAt: NOW.toISOString() };
    expect(rules.setCategory(c, { category: 'other' }, ruleContext(staff.admin, NOW)).case.category).toBe('other');
  });

  it('refuses a compliment, and the category it already has', () => {
    const compliment = { ...aStoredCase({ kind: 'compliment' }), reference: REF };
    expect(() => rules.setCategory(compliment, { category: 'driving' }, ruleContext(staff.admin, NOW))).toThrow(
      new InvalidStateError(`${REF} is a compliment: only complaints have a category`),
    );
    const set = { ...aStoredCase(), reference: REF, category: 'driving' };
    let error: unknown;
    try {
      rules.setCategory(set, { category: 'driving' }, ruleContext(staff.admin, NOW));
    } catch (e) {
      error = e;
    }
    expect((error as ValidationError).issues).toEqual([{ path: 'category', message: 'is already "driving"' }]);
  });
});

describe('the command', () => {
  it("takes one of the policy's category ids and names them all otherwise", () => {
    expect(SetCategory(defaultPolicy).parse({ category: 'prevention', expectedVersion: 3 })).toEqual({ category: 'prevention', expectedVersion: 3 });
    for (const bad of [{ category: 'Driving' }, { category: '' }, {}, { category: 7 }]) {
      const r = SetCategory(defaultPolicy).safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ path: ['category'], message: `expected one of the policy's categories: ${IDS}` });
    }
    expect(SetCategory(defaultPolicy).safeParse({ category: 'driving', colour: 'red' }).success).toBe(false);
  });

  it("follows another service's policy", () => {
    const policy = parsePolicy({ ...JSON.parse(JSON.stringify(defaultPolicy)), complaintCategories: [{ id: 'noise', name: 'Noise' }] });
    expect(SetCategory(policy).safeParse({ category: 'noise' }).success).toBe(true);
    expect(SetCategory(policy).safeParse({ category: 'driving' }).error?.issues[0]?.message).toBe("expected one of the policy's categories: noise");
  });
});

describe('the use case: who may set it, on which version', () => {
  it('lets the Administration Manager set it, and tells the workflow', async () => {
    await inStageOne();
    await state.update(REF, { taskToken: 'waiting' });
    const view = await setCategory(staff.admin, { reference: REF, body: { category: 'driving' }, ifMatch: 2 }, d);
    expect(view).toMatchObject({ category: 'driving', version: 3 });
    expect(view.timeline.at(-1)).toMatchObject({ type: 'category-set', data: { from: null, to: 'driving' } });
    expect((await cases.get(REF))?.category).toBe('driving');
    expect(workflow.signals).toEqual([{ reference: REF, event: 'category-set' }]);
  });

  it('lets the owner of the current stage set it', async () => {
    await inStageOne();
    const view = await setCategory(staff.opsHead, { reference: REF, body: { category: 'behaviour', expectedVersion: 2 } }, d);
    expect(view.category).toBe('behaviour');
  });

  it.each([
    ['a Functional Head who does not own it', { id: 'fleet-head', roles: ['functional-head' as const] }, `Only the Administration Manager or the owner of the current stage may set the category of ${REF}`],
    ['the Customer Relations Officer', staff.cro, `Only the Administration Manager or the owner of the current stage may set the category of ${REF}`],
    ['a receiver', staff.receiver, 'Your role (receiver) may not set the category of complaints'],
    ['the Strategic Support Manager', staff.ssm, 'Your role (ssm) may not set the category of complaints'],
  ])('refuses %s', async (_who, who, message) => {
    await inStageOne();
    await expect(setCategory(who, { reference: REF, body: { category: 'driving', expectedVersion: 2 } }, d)).rejects.toThrow(new ForbiddenError(message));
    expect((await cases.get(REF))?.category).toBeUndefined();
  });

  it('answers a category the policy does not have with the allowed ids, and a compliment with why not', async () => {
    await inStageOne();
    expect(await issuesOf(setCategory(staff.admin, { reference: REF, body: { category: 'weather', expectedVersion: 2 } }, d))).toEqual([
      ['category', `expected one of the policy's categories: ${IDS}`],
    ]);
    cases.put({ ...aStoredCase({ kind: 'compliment' }), reference: 'CC-2026-00002' });
    await expect(setCategory(staff.admin, { reference: 'CC-2026-00002', body: { category: 'driving', expectedVersion: 1 } }, d)).rejects.toThrow(
      new InvalidStateError('CC-2026-00002 is a compliment: only complaints have a category'),
    );
  });
});

describe('the case list by category', () => {
  it("takes one of the policy's category ids, naming them otherwise", () => {
    expect(ListCasesQuery(defaultPolicy).parse({ category: 'driving' })).toMatchObject({ category: 'driving' });
    const r = ListCasesQuery(defaultPolicy).safeParse({ category: 'Driving' });
    expect(r.error?.issues[0]).toMatchObject({ path: ['category'], message: `expected one of the policy's categories: ${IDS}` });
  });

  it('lists the complaints of that category only', async () => {
    cases.put({ ...aStoredCase(), reference: 'CC-2026-00001', category: 'driving' });
    cases.put({ ...aStoredCase(), reference: 'CC-2026-00002', category: 'behaviour' });
    cases.put({ ...aStoredCase(), reference: 'CC-2026-00003' });
    const page = await listCases(staff.admin, { category: 'driving' }, { ...d, cursorKey: 'a-key-for-the-tests-that-is-long-enough-0123456789' });
    expect(page.items.map((c) => c.reference)).toEqual(['CC-2026-00001']);
  });
});
