import type { Case } from '../../../functions/domain/case';
import {
  complaintInStage,
  complaintReceived,
  complaintReferredToOmbudsman,
  complaintResolved,
  complimentReceived,
  stage,
} from '../../support/report-mothers';

/**
 * A month of cases, May 2026 (British Summer Time; bank holidays Monday 4 and Monday 25 May), as
 * they stand when the report is made at 06:00 London time on Monday 1 June. Every figure the tests
 * expect is worked out by hand in the comments.
 *
 * Working days: 1; 5-8; 11-15; 18-22; 26-29 May; 1-5 June.
 */

export const NOW = new Date('2026-06-01T05:00:00Z');
/** End of a London day in BST, as stored. */
const end = (date: string) => `${date}T22:59:59.999Z`;

/** A: web, Operations, driving; received Fri 1 May; acknowledged on time; resolved at stage 1 on Thu 14 May, upheld, with a remedy and a lesson. 8 working days (5-8, 11-14). */
export const A = complaintResolved(
  { reference: 'CC-2026-00101', at: '2026-05-01T09:00:00.000Z', on: '2026-05-01', channel: 'web', function: 'operations', category: 'driving', acknowledgeBy: end('2026-05-13'), acknowledgedAt: '2026-05-05T10:00:00.000Z' },
  [stage(1, '2026-05-01T09:00:00.000Z', end('2026-05-18'), { endedAt: '2026-05-14T15:00:00.000Z', endedBy: 'resolved' })],
  { decision: 'upheld', remedy: 'An apology', lessonsLearned: 'Park with care near driveways' },
);

/**
 * B: phone, Prevention, no category; received on the bank holiday Mon 4 May (day 1 is Tue 5 May);
 * acknowledged late (Thu 14 May, due Wed 13 May); stage 1 due Mon 18 May, extended by 3 working
 * days to Thu 21 May; resolved Wed 20 May, partly upheld: within its deadline, not within the
 * policy's own 10 days. 12 working days (5-8, 11-15, 18-20).
 */
export const B = complaintResolved(
  { reference: 'CC-2026-00102', at: '2026-05-04T09:00:00.000Z', on: '2026-05-04', channel: 'phone', function: 'prevention', acknowledgeBy: end('2026-05-13'), acknowledgedAt: '2026-05-14T09:00:00.000Z' },
  [
    stage(1, '2026-05-04T09:00:00.000Z', end('2026-05-21'), {
      extendedBy: 3,
      extensions: [{ at: '2026-05-15T09:00:00.000Z', by: 'prevention-head', workingDays: 3, reason: 'Waiting for CCTV' }],
      endedAt: '2026-05-20T12:00:00.000Z',
      endedBy: 'resolved',
    }),
  ],
  { decision: 'partly-upheld' },
);

/** C: a compliment by email about Operations, thanked and closed at once. */
export const C = complimentReceived(
  { reference: 'CC-2026-00103', at: '2026-05-06T08:00:00.000Z', on: '2026-05-06', channel: 'email', function: 'operations', acknowledgeBy: end('2026-05-15'), acknowledgedAt: '2026-05-06T08:05:00.000Z' },
  { status: 'closed', nextDeadline: null, closedAt: '2026-05-06T08:05:00.000Z', closure: 'compliment-recorded' },
);

/** D: a compliment by letter about Fleet, received Wed 20 May, still open (thanks due Mon 1 June, not yet passed). */
export const D = complimentReceived({ reference: 'CC-2026-00104', at: '2026-05-20T10:00:00.000Z', on: '2026-05-20', channel: 'letter', function: 'fleet', acknowledgeBy: end('2026-06-01') });

/**
 * E: email, Operations, behaviour; received Tue 5 May, acknowledged on time; stage 1 extended by 2
 * working days before reasons were kept (no `extensions`), ended by further action Tue 12 May;
 * open at stage 2, due Wed 27 May: overdue now.
 */
export const E = complaintInStage(
  { reference: 'CC-2026-00105', at: '2026-05-05T10:00:00.000Z', on: '2026-05-05', channel: 'email', function: 'operations', category: 'behaviour', acknowledgeBy: end('2026-05-14'), acknowledgedAt: '2026-05-06T10:00:00.000Z' },
  [
    stage(1, '2026-05-05T10:00:00.000Z', end('2026-05-21'), { extendedBy: 2, endedAt: '2026-05-12T10:00:00.000Z', endedBy: 'further-action' }),
    stage(2, '2026-05-12T10:00:00.000Z', end('2026-05-27')),
  ],
);

/** F: in person, Protection, a category the policy no longer lists; received Tue 26 May, not acknowledged, due Thu 4 June: pending. */
export const F = complaintReceived({ reference: 'CC-2026-00106', at: '2026-05-26T09:00:00.000Z', on: '2026-05-26', channel: 'in-person', function: 'protection', category: 'retired-category', acknowledgeBy: end('2026-06-04') });

/**
 * G: web, Operations, behaviour; received Thu 7 May, acknowledged on time; through three stages in
 * a week and closed after stage 3 (due Tue 26 May) on Fri 15 May by further action: referred to the
 * Ombudsman, who opened an enquiry on 28 May with findings. 6 working days (8, 11-15).
 */
export const G = complaintReferredToOmbudsman(
  { reference: 'CC-2026-00107', at: '2026-05-07T11:00:00.000Z', on: '2026-05-07', channel: 'web', function: 'operations', category: 'behaviour', acknowledgeBy: end('2026-05-18'), acknowledgedAt: '2026-05-08T09:00:00.000Z' },
  [
    stage(1, '2026-05-07T11:00:00.000Z', end('2026-05-21'), { endedAt: '2026-05-08T10:00:00.000Z', endedBy: 'further-action' }),
    stage(2, '2026-05-08T10:00:00.000Z', end('2026-05-22'), { endedAt: '2026-05-11T10:00:00.000Z', endedBy: 'referral' }),
    stage(3, '2026-05-11T10:00:00.000Z', end('2026-05-26'), { owner: 'cro', endedAt: '2026-05-15T14:00:00.000Z', endedBy: 'further-action' }),
  ],
  {
    ombudsman: {
      enquiryReceivedOn: '2026-05-28',
      ombudsmanReference: 'LGO-26-001',
      findings: 'Fault, no injustice',
      recordedAt: '2026-05-28T12:00:00.000Z',
      recordedBy: 'cro',
    },
  },
);

/** H: letter, no function, driving; received Mon 11 May, acknowledged on time; stage 1 due Tue 26 May, resolved late Thu 28 May, not upheld. 12 working days (12-15, 18-22, 26-28). */
export const H = complaintResolved(
  { reference: 'CC-2026-00108', at: '2026-05-11T10:00:00.000Z', on: '2026-05-11', channel: 'letter', category: 'driving', acknowledgeBy: end('2026-05-20'), acknowledgedAt: '2026-05-12T10:00:00.000Z' },
  [stage(1, '2026-05-11T10:00:00.000Z', end('2026-05-26'), { endedAt: '2026-05-28T10:00:00.000Z', endedBy: 'resolved' })],
  { decision: 'not-upheld' },
);

/** I: web, Operations, no category; received Mon 18 May, not acknowledged (due Thu 28 May: overdue); open at stage 1, due Tue 2 June (not overdue). */
export const I = complaintInStage(
  { reference: 'CC-2026-00109', at: '2026-05-18T10:00:00.000Z', on: '2026-05-18', channel: 'web', function: 'operations', acknowledgeBy: end('2026-05-28') },
  [stage(1, '2026-05-18T10:00:00.000Z', end('2026-06-02'))],
);

/** J: received in April, open at stage 1, due Tue 5 May: overdue; counts among open cases, not in May's cohort. */
export const J = complaintInStage(
  { reference: 'CC-2026-00090', at: '2026-04-20T10:00:00.000Z', on: '2026-04-20', channel: 'web', function: 'operations', acknowledgeBy: end('2026-04-29'), acknowledgedAt: '2026-04-21T10:00:00.000Z' },
  [stage(1, '2026-04-20T10:00:00.000Z', end('2026-05-05'))],
);

/** K: received 00:30 London time on Mon 1 June (23:30 UTC on 31 May): June's, not May's. */
export const K = complaintReceived({ reference: 'CC-2026-00110', at: '2026-05-31T23:30:00.000Z', on: '2026-06-01', channel: 'web', function: 'operations', acknowledgeBy: end('2026-06-10') });

export const MAY: Case[] = [A, B, C, D, E, F, G, H, I];
export const OPEN_NOW: Case[] = [D, E, F, I, J, K];
