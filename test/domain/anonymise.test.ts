import { describe, expect, it } from 'vitest';
import type { AuditEvent, Case } from '../../functions/domain/case';
import { updateDetails } from '../../functions/domain/case-rules';
import { InvalidStateError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { extensions, lessons, ombudsman, outcomes } from '../../functions/domain/reports/cohort';
import { anonymiseCase, anonymiseEvent, removePersonalData } from '../../functions/domain/retention';
import { aClosedComplaint, aFullClosedComplaint, anAnonymisedComplaint, aNewCompliment } from '../support/case-mothers';
import { ruleContext, staff } from '../support/cases';

/*
 * What removing a case's personal data leaves (DESIGN.md §2 "Personal data"): no name, contact detail
 * or free text in the case or its timeline; dates, stages, decisions and lessons kept, so reports
 * count it as before. When it is due: test/domain/retention.test.ts.
 */

const policy = { personalDataRetentionMonths: 12 };
const NOW = new Date('2027-06-01T03:00:00Z');

describe('removing the personal data of a case', () => {
  const personal = ['Ann', 'Example', 'ann@example.com', '01234 567890', 'High Street', 'MK40', 'Large print', 'Fire engine blocked', 'parked across', '£100', 'injustice', 'sorry', 'CCTV', 'CRO'];

  it('leaves no name, contact detail or free text anywhere in the case', () => {
    const after = anonymiseCase(aFullClosedComplaint(), NOW);
    const stored = JSON.stringify(after);
    for (const value of personal) expect(stored, value).not.toContain(value);
  });

  it('keeps what reports and learning need: dates, kind, channel, function, category, stages, decisions and lessons', () => {
    const before = aFullClosedComplaint();
    const after = anonymiseCase(before, NOW);
    expect(after).toEqual({
      ...before,
      customer: { preferredContact: 'email', anonymous: false },
      summary: '',
      details: '',
      location: undefined,
      stages: [{ ...before.stages[0]!, extensions: [{ ...before.stages[0]!.extensions![0]!, reason: '' }] }],
      draftFindings: [{ ...before.draftFindings[0]!, findings: '', comments: { ...before.draftFindings[0]!.comments!, text: '' } }],
      referralRequested: { ...before.referralRequested!, reason: '' },
      outcome: { ...before.outcome!, response: '', remedy: '', lessonsLearned: 'Crews check for driveways before parking' },
      ombudsman: { ...before.ombudsman!, findings: '', recommendations: '' },
      trackingLink: { ...before.trackingLink!, revokedAt: NOW.toISOString() },
      anonymisedAt: NOW.toISOString(),
    });
    expect('location' in after).toBe(false);
    // The original is not touched.
    expect(before.customer.name).toBe('Ann Example');
  });

  it('adds nothing a case did not have: no remedy, findings or recommendations, referral, extensions, comments or tracking link', () => {
    const ombudsman = { enquiryReceivedOn: '2026-04-01', ombudsmanReference: 'LGO-1', recordedAt: '2026-04-02T09:00:00.000Z', recordedBy: 'cro' };
    const before = aClosedComplaint({ ombudsman, draftFindings: [{ sharedAt: '2026-03-05T09:00:00.000Z', sharedBy: 'operations-head', stage: 1, findings: 'Draft' }] });
    const after = anonymiseCase(before, NOW);
    expect(after.ombudsman).toEqual(ombudsman);
    expect(after.outcome).toEqual({ ...before.outcome!, response: '' });
    expect(after.draftFindings).toEqual([{ ...before.draftFindings[0]!, findings: '' }]);
    expect(after.stages).toEqual(before.stages);
    expect(Object.keys(after)).not.toEqual(expect.arrayContaining(['referralRequested']));
    expect(Object.keys(after)).not.toEqual(expect.arrayContaining(['trackingLink']));
    expect('remedy' in after.outcome!).toBe(false);
    expect(anonymiseCase(aNewCompliment({ status: 'closed' }), NOW)).not.toHaveProperty('outcome');
  });

  it('keeps a tracking link revoked earlier as it was', () => {
    const link = { hash: 'b'.repeat(64), issuedAt: '2026-03-02T10:01:00.000Z', revokedAt: '2026-03-03T09:00:00.000Z' };
    expect(anonymiseCase(aClosedComplaint({ trackingLink: link }), NOW).trackingLink).toEqual(link);
    const change = removePersonalData(aClosedComplaint({ trackingLink: link }), policy, NOW)!;
    expect(change.event.data.trackingLinkRevoked).toBe(false);
  });

  it('is idempotent: anonymising an anonymised case changes nothing', () => {
    const once = anonymiseCase(aFullClosedComplaint(), NOW);
    const twice = anonymiseCase(once, new Date('2027-07-01T03:00:00Z'));
    expect(twice).toEqual(once);
    expect(removePersonalData(once, policy, new Date('2027-07-01T03:00:00Z'))).toBeUndefined();
  });

  it('counts in the reports as it did before: decision, remedy given, extension with a reason, Ombudsman findings, lessons', () => {
    const before = aFullClosedComplaint();
    const after = anonymiseCase(before, NOW);
    expect(outcomes([after], defaultPolicy)).toEqual(outcomes([before], defaultPolicy));
    expect(outcomes([after], defaultPolicy).withRemedy).toBe(1);
    const withReason = (c: Case) => extensions([c], defaultPolicy).list.filter((e) => e.reason !== null).length;
    expect(withReason(after)).toBe(1);
    expect(withReason(after)).toBe(withReason(before));
    expect(ombudsman([after]).withFindings).toBe(1);
    expect(ombudsman([after]).enquiries).toBe(ombudsman([before]).enquiries);
    expect(lessons([after])).toEqual(lessons([before]));
  });

  it('refuses personal details written again on an anonymised case (nothing would remove them)', () => {
    const anonymised = anAnonymisedComplaint();
    expect(anonymiseCase(aClosedComplaint(), new Date(anonymised.anonymisedAt!))).toEqual({ ...anonymised, version: 3 });
    expect(() => updateDetails(anonymised, { phone: '01234 567890' }, ruleContext(staff.admin, NOW))).toThrow(InvalidStateError);
    expect(() => updateDetails(anonymised, { phone: '01234 567890' }, ruleContext(staff.admin, NOW))).toThrow(/CC-2026-00001's personal data was removed under the retention policy/);
    expect(updateDetails(aClosedComplaint(), { phone: '01234 000111' }, ruleContext(staff.admin, NOW)).case.customer.phone).toBe('01234 000111');
  });

  it('is a change one version on, recorded by the system under the retention policy', () => {
    const before = aFullClosedComplaint({ version: 7 });
    const change = removePersonalData(before, policy, NOW)!;
    expect(change.case).toEqual({ ...anonymiseCase(before, NOW), version: 8 });
    expect(change.event).toEqual({
      reference: before.reference,
      at: NOW.toISOString(),
      type: 'personal-data-removed',
      actor: { type: 'system' },
      version: 8,
      data: { retentionMonths: 12, trackingLinkRevoked: true },
    });
    expect(removePersonalData(aClosedComplaint(), { personalDataRetentionMonths: 24 }, NOW)!.event.data).toEqual({ retentionMonths: 24, trackingLinkRevoked: false });
  });
});

describe('clearing the timeline', () => {
  const event = (overrides: Partial<AuditEvent>): AuditEvent => ({
    reference: 'CC-2026-00001',
    at: '2026-03-03T09:30:00.000Z',
    type: 'details-updated',
    actor: { type: 'staff', id: 'admin-manager' },
    version: 3,
    data: {},
    ...overrides,
  });

  it.each<[string, AuditEvent, AuditEvent['data'] | undefined]>([
    [
      'a details update marked personal keeps only the changes of fields the anonymised case keeps',
      event({
        personal: true,
        data: {
          changes: {
            name: { from: 'Ann Example', to: 'Ann Other' },
            phone: { from: null, to: '01234 567890' },
            function: { from: 'fleet', to: 'operations' },
            urgent: { from: false, to: true },
            kind: { from: 'complaint', to: 'complaint' },
            incidentDate: { from: null, to: '2026-03-01' },
            preferredContact: { from: 'email', to: 'phone' },
            location: { from: null, to: 'High Street' },
            summary: { from: 'a', to: 'b' },
          },
        },
      }),
      {
        changes: {
          function: { from: 'fleet', to: 'operations' },
          urgent: { from: false, to: true },
          kind: { from: 'complaint', to: 'complaint' },
          incidentDate: { from: null, to: '2026-03-01' },
          preferredContact: { from: 'email', to: 'phone' },
        },
      },
    ],
    ['a personal event with no changes to read loses all its data', event({ personal: true, data: { name: 'Ann Example', changes: ['Ann'] } }), {}],
    ['a personal event whose changes are not an object loses them', event({ personal: true, data: { changes: null } }), {}],
    ['an extension keeps its dates and days, not its reason', event({ type: 'deadline-extended', data: { stage: 1, from: 'x', to: 'y', workingDays: 2, reason: 'Ann’s CCTV' } }), { stage: 1, from: 'x', to: 'y', workingDays: 2, reason: '' }],
    ['a referral loses its reason', event({ type: 'referred-to-cro', data: { from: 1, stage: 3, reason: 'As Ann asked' } }), { from: 1, stage: 3, reason: '' }],
    ['an event with nothing personal is kept as it is', event({ type: 'owner-assigned', data: { stage: 1, owner: 'operations-head' } }), undefined],
    ['a reason already removed is not removed again', event({ type: 'deadline-extended', data: { stage: 1, reason: '' } }), undefined],
    ['a reason that is not text is not free text', event({ type: 'task-created', data: { reason: 3 } }), undefined],
    ['a personal event already cleared is not cleared again', event({ personal: true, data: { changes: { urgent: { from: false, to: true } } } }), undefined],
    ['a personal event with nothing left is not cleared again', event({ personal: true, data: {} }), undefined],
  ])('%s', (_what, e, expected) => {
    const cleared = anonymiseEvent(e);
    if (expected === undefined) expect(cleared).toBeUndefined();
    else {
      expect(cleared).toEqual({ ...e, data: expected });
      // Clearing it again changes nothing.
      expect(anonymiseEvent(cleared!)).toBeUndefined();
    }
  });
});
