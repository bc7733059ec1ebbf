import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../functions/domain/calendar';
import type { AuditEvent, Case } from '../../functions/domain/case';
import { ConcurrentUpdateError, StoreUnavailableError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import type { RetentionStore } from '../../functions/domain/ports';
import { removeDuePersonalData } from '../../functions/domain/remove-personal-data';
import { anonymiseEvent } from '../../functions/domain/retention';
import { aClosedComplaint, aComplaintAtStageOne } from '../support/case-mothers';

/*
 * The retention job's procedure over an in-memory store: which cases it reads (closed, received
 * before the cutoff, not anonymised), which it anonymises, and what it does when staff change a
 * case at the same moment or the store fails.
 */

const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
const policy = { personalDataRetentionMonths: 12 };
const RUN = new Date('2027-06-01T02:00:00Z');
const WRITTEN_AT = new Date('2027-06-01T02:00:05Z');

class Store implements RetentionStore {
  cases = new Map<string, Case>();
  events = new Map<string, AuditEvent[]>();
  asked: string[] = [];
  /** Called before each write: a test's staff change, or a fault. */
  beforeWrite?: (reference: string, attempt: number) => void;
  writes = 0;

  constructor(cases: Case[], readonly pageSize = 2) {
    for (const c of cases) this.cases.set(c.reference, c);
  }

  async *closedReceivedBefore(receivedBefore: string): AsyncIterable<Case[]> {
    this.asked.push(receivedBefore);
    const all = [...this.cases.values()].filter((c) => c.status === 'closed' && c.receivedAt < receivedBefore && c.anonymisedAt === undefined);
    for (let i = 0; i < all.length; i += this.pageSize) yield all.slice(i, i + this.pageSize);
  }

  async get(reference: string) {
    return this.cases.get(reference);
  }

  async anonymise(next: Case, event: AuditEvent, expectedVersion: number, clear: (e: AuditEvent) => AuditEvent | undefined) {
    this.writes++;
    this.beforeWrite?.(next.reference, this.writes);
    if (this.cases.get(next.reference)!.version !== expectedVersion) throw new ConcurrentUpdateError(`${next.reference} changed`);
    const events = this.events.get(next.reference) ?? [];
    const cleared = events.map(clear);
    this.events.set(next.reference, [...events.map((e, i) => cleared[i] ?? e), event]);
    this.cases.set(next.reference, next);
    return { cleared: cleared.filter(Boolean).length };
  }
}

const ref = (n: number) => `CC-2026-${String(n).padStart(5, '0')}`;
const closed = (n: number, closedAt: string, overrides: Partial<Case> = {}) => aClosedComplaint({ reference: ref(n), closedAt, ...overrides });
const deps = (store: Store) => ({ store, policy, calendar, now: () => WRITTEN_AT });

describe('the retention job', () => {
  it('anonymises each closed case whose retention has ended, and only those', async () => {
    const store = new Store([
      closed(1, '2026-03-10T12:00:00.000Z'),
      closed(2, '2026-05-31T12:00:00.000Z'),
      closed(3, '2026-06-02T12:00:00.000Z'),
      closed(4, '2026-03-10T12:00:00.000Z', { ombudsman: { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LGO-1', recordedAt: '2026-04-01T09:00:00.000Z', recordedBy: 'cro' } }),
      aComplaintAtStageOne('operations-head', { reference: ref(5) }),
    ]);
    store.events.set(ref(1), [
      { reference: ref(1), at: '2026-03-03T09:00:00.000Z', type: 'details-updated', actor: { type: 'staff', id: 'admin-manager' }, version: 2, data: { changes: { name: { from: 'Ann Example', to: 'Ann' } } }, personal: true },
      { reference: ref(1), at: '2026-03-04T09:00:00.000Z', type: 'owner-assigned', actor: { type: 'system' }, version: 3, data: { owner: 'operations-head' } },
    ]);
    const result = await removeDuePersonalData(RUN, deps(store));
    expect(result).toEqual({ cutoff: '2026-06-01T23:00:00.000Z', read: 4, anonymised: 2, itemsCleared: 1, notDue: 2, conflicts: 0 });
    expect(store.asked).toEqual(['2026-06-01T23:00:00.000Z']);
    for (const n of [1, 2]) {
      const c = store.cases.get(ref(n))!;
      expect(c).toMatchObject({ anonymisedAt: WRITTEN_AT.toISOString(), version: 4, summary: '', customer: { preferredContact: 'email', anonymous: false } });
      expect(JSON.stringify(c)).not.toContain('Ann');
    }
    expect(store.cases.get(ref(3))!.anonymisedAt).toBeUndefined();
    expect(store.cases.get(ref(4))!.anonymisedAt).toBeUndefined();
    expect(store.cases.get(ref(5))!.customer.name).toBe('Ann Example');
    const timeline = store.events.get(ref(1))!;
    expect(timeline.map((e) => [e.type, e.data])).toEqual([
      ['details-updated', { changes: {} }],
      ['owner-assigned', { owner: 'operations-head' }],
      ['personal-data-removed', { retentionMonths: 12, trackingLinkRevoked: false }],
    ]);
    expect(timeline[2]).toMatchObject({ actor: { type: 'system' }, at: WRITTEN_AT.toISOString(), version: 4 });
  });

  it('run again, changes nothing', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z')]);
    await removeDuePersonalData(RUN, deps(store));
    const after = structuredClone(store.cases.get(ref(1)));
    const again = await removeDuePersonalData(RUN, deps(store));
    expect(again).toEqual({ cutoff: '2026-06-01T23:00:00.000Z', read: 0, anonymised: 0, itemsCleared: 0, notDue: 0, conflicts: 0 });
    expect(store.cases.get(ref(1))).toEqual(after);
  });

  it('skips a case listed before another run anonymised it', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z', { anonymisedAt: '2027-05-01T02:00:00.000Z' })]);
    store.closedReceivedBefore = async function* () {
      yield [...store.cases.values()];
    };
    expect(await removeDuePersonalData(RUN, deps(store))).toMatchObject({ read: 1, anonymised: 0, notDue: 1 });
    expect(store.writes).toBe(0);
  });

  it('when staff change the case at the same moment, reads it again and anonymises the changed case', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z')]);
    store.beforeWrite = (reference, attempt) => {
      if (attempt === 1) store.cases.set(reference, { ...store.cases.get(reference)!, category: 'driving', version: 4 });
    };
    const result = await removeDuePersonalData(RUN, deps(store));
    expect(result).toMatchObject({ read: 1, anonymised: 1, conflicts: 0, notDue: 0 });
    expect(store.cases.get(ref(1))).toMatchObject({ category: 'driving', version: 5, summary: '' });
  });

  it('does not anonymise a case that staff changed so that it is no longer due (an Ombudsman enquiry recorded)', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z')]);
    store.beforeWrite = (reference, attempt) => {
      if (attempt === 1) {
        const ombudsman = { enquiryReceivedOn: '2027-05-31', ombudsmanReference: 'LGO-9', recordedAt: '2027-06-01T02:00:01.000Z', recordedBy: 'cro' };
        store.cases.set(reference, { ...store.cases.get(reference)!, ombudsman, version: 4 });
      }
    };
    const result = await removeDuePersonalData(RUN, deps(store));
    expect(result).toMatchObject({ read: 1, anonymised: 0, conflicts: 0, notDue: 1 });
    expect(store.writes).toBe(1);
    expect(store.cases.get(ref(1))!.customer.name).toBe('Ann Example');
  });

  it('skips a case that is gone when read again after a conflict', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z')]);
    store.beforeWrite = (reference) => {
      store.cases.set(reference, { ...store.cases.get(reference)!, version: 9 });
      store.get = async () => undefined;
    };
    expect(await removeDuePersonalData(RUN, deps(store))).toMatchObject({ read: 1, anonymised: 0, conflicts: 0, notDue: 1 });
    expect(store.writes).toBe(1);
  });

  it('leaves a case changed twice at the same moment for the next run, and goes on with the others', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z'), closed(2, '2026-03-10T12:00:00.000Z')]);
    store.beforeWrite = (reference) => {
      if (reference === ref(1)) store.cases.set(reference, { ...store.cases.get(reference)!, version: store.cases.get(reference)!.version + 1 });
    };
    const result = await removeDuePersonalData(RUN, deps(store));
    expect(result).toMatchObject({ read: 2, anonymised: 1, conflicts: 1 });
    expect(store.writes).toBe(3);
    expect(store.cases.get(ref(1))!.anonymisedAt).toBeUndefined();
    expect(store.cases.get(ref(2))!.anonymisedAt).toBe(WRITTEN_AT.toISOString());
  });

  it('fails the run when the store fails (the scheduler retries it; what was written stays written)', async () => {
    const store = new Store([closed(1, '2026-03-10T12:00:00.000Z'), closed(2, '2026-03-10T12:00:00.000Z')]);
    store.beforeWrite = (reference) => {
      if (reference === ref(2)) throw new StoreUnavailableError('down');
    };
    await expect(removeDuePersonalData(RUN, deps(store))).rejects.toThrow(StoreUnavailableError);
    expect(store.cases.get(ref(1))!.anonymisedAt).toBeDefined();
    store.beforeWrite = undefined;
    expect(await removeDuePersonalData(RUN, deps(store))).toMatchObject({ read: 1, anonymised: 1 });
  });

  it('clears the timeline with the domain’s rule', () => {
    expect(anonymiseEvent({ reference: ref(1), at: 'x', type: 'referred-to-cro', actor: { type: 'system' }, version: 2, data: { reason: 'Ann' } })?.data).toEqual({ reason: '' });
  });
});
