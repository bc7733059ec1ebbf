import { describe, expect, it } from 'vitest';
import type { Role } from '../../functions/config/roles';
import * as access from '../../functions/domain/access';
import type { Case } from '../../functions/domain/case';
import { SYSTEM } from '../../functions/domain/case-rules';
import { ForbiddenError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { defaultDirectory, type Staff } from '../../functions/domain/staff';
import {
  aClosedComplaint,
  aComplaintAtStageOne,
  aComplaintAtStageThree,
  aComplaintAtStageTwo,
  aConsultationComment,
  aNewComplaint,
  people,
} from '../support/case-mothers';

const directory = defaultDirectory(defaultPolicy);
const REF = 'CC-2026-00001';

/** Runs an assertion of access.ts: null when it lets the caller through, else the refusal's message. */
function refusal(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof ForbiddenError) return error.message;
    throw error;
  }
}

describe('who reads which case (DESIGN.md §1)', () => {
  // The columns of the matrix below. The Functional Head of the rows is fleet-head, who leads Fleet
  // and owns stage 2 of the Operations complaint in the mothers; the officer is consultation-officer.
  const columns: [string, Case][] = [
    ['a new Operations complaint', aNewComplaint()],
    ['a new Fleet complaint', aNewComplaint({ function: 'fleet' })],
    ['a complaint with no function', aNewComplaint({ function: undefined })],
    ['an Operations complaint Fleet owns at stage 2', aComplaintAtStageTwo('fleet-head')],
    ['an Operations complaint Fleet owned at stage 2, now with the CRO', aComplaintAtStageThree()],
    ['a closed Operations complaint', aClosedComplaint()],
    ['a consultation comment the officer forwarded', aConsultationComment('consultation-officer')],
    ["another officer's consultation comment", aConsultationComment('consultation-officer-2')],
    ['a phone complaint the officer recorded', aNewComplaint({ channel: 'phone', recordedBy: 'consultation-officer' })],
  ];
  const fleetDeputy: Staff = { id: 'fleet-deputy', roles: ['functional-head'] };
  const formerFleetHead: Staff = { id: 'fleet-head', roles: ['receiver'] };
  const headAndOfficer: Staff = { id: 'consultation-officer', roles: ['receiver', 'functional-head', 'consultation-officer'] };
  const formerOfficer: Staff = { id: 'consultation-officer', roles: ['receiver'] };

  // R reads, . may not; one letter per column above, in order.
  const matrix: [string, Staff, string][] = [
    ['the Administration Manager', people.admin, 'R R R R R R R R R'],
    ['the Strategic Support Manager', people.ssm, 'R R R R R R R R R'],
    ['the Customer Relations Officer', people.cro, 'R R R R R R R R R'],
    ['Legal & Governance', people.legal, 'R R R R R R R R R'],
    ['the Duty Officer', people.dutyOfficer, 'R R R R R R R R R'],
    ['the Head of Fleet', people.fleetHead, '. R . R R . . . .'],
    ['the Deputy Head of Fleet', fleetDeputy, '. R . . . . . . .'],
    ['the Head of Fleet after losing the Functional Head role', formerFleetHead, '. . . . . . . . .'],
    ['the Consultation and Partnership Officer', people.consultationOfficer, '. . . . . . R . .'],
    ['an officer who is also a Functional Head leading nothing', headAndOfficer, '. . . . . . R . .'],
    ['the officer after moving to another post', formerOfficer, '. . . . . . . . .'],
    ['a receiver', people.receiver, '. . . . . . . . .'],
    ['someone without a staff role', people.nobody, '. . . . . . . . .'],
  ];
  const cells = matrix.flatMap(([who, staff, row]) =>
    row.split(' ').map((mark, i) => ({ who, staff, verb: mark === 'R' ? 'reads' : 'may not read', what: columns[i]![0], c: columns[i]![1], reads: mark === 'R' })),
  );

  it.each(cells)('$who $verb $what', ({ staff, c, reads }) => {
    expect(access.canReadCase(staff, c, directory)).toBe(reads);
    expect(refusal(() => access.assertMayRead(staff, c, directory)) === null).toBe(reads);
  });

  it.each<[string, Staff, string]>([
    ['a Functional Head', people.fleetHead, 'A Functional Head may not read CC-2026-00001: a Functional Head reads the cases of a function they lead and the cases they have owned'],
    [
      'the Consultation and Partnership Officer',
      people.consultationOfficer,
      'The Consultation and Partnership Officer may not read CC-2026-00001: the Consultation and Partnership Officer reads the consultation comments they forwarded',
    ],
    ['a receiver', people.receiver, 'A receiver may not read CC-2026-00001: reading it needs a role that reads every case, or a stage of it to own'],
    ['someone without a staff role', people.nobody, 'Someone without a staff role may not read CC-2026-00001: reading it needs a role that reads every case, or a stage of it to own'],
  ])('tells %s which cases they do read, never who owns the one refused', (_who, staff, message) => {
    expect(refusal(() => access.assertMayRead(staff, aNewComplaint(), directory))).toBe(message);
  });
});

const everyRole: [Role, Staff][] = [
  ['receiver', people.receiver],
  ['admin-manager', people.admin],
  ['functional-head', people.opsHead],
  ['duty-officer', people.dutyOfficer],
  ['cro', people.cro],
  ['ssm', people.ssm],
  ['consultation-officer', people.consultationOfficer],
  ['legal-governance', people.legal],
];

describe('listing cases', () => {
  it.each(everyRole.filter(([role]) => role !== 'receiver'))('lets the %s list the cases they read', (_role, staff) => {
    expect(refusal(() => access.assertMayList(staff))).toBeNull();
  });

  it('lets a receiver record cases but not list them', () => {
    expect(refusal(() => access.assertMayList(people.receiver))).toBe('A receiver may record new cases but not list them');
    expect(refusal(() => access.assertMayList(people.nobody))).toBe('Someone without a staff role may record new cases but not list them');
  });
});

describe('recording and changing cases', () => {
  it.each(everyRole.filter(([role]) => role !== 'ssm'))('lets the %s record a case', (_role, staff) => {
    expect(refusal(() => access.assertMayRecord(staff))).toBeNull();
  });

  it('lets the Strategic Support Manager change nothing, unless they hold another role too', () => {
    const message = 'The Strategic Support Manager reads cases for scrutiny and audit but changes nothing';
    expect(refusal(() => access.assertMayRecord(people.ssm))).toBe(message);
    expect(refusal(() => access.assertMayRecord(people.nobody))).toBe(message);
    expect(refusal(() => access.assertMayRecord({ id: 'ssm', roles: ['ssm', 'receiver'] }))).toBeNull();
  });

  it('gives the workflow, acting as the system, no staff role to act with', () => {
    expect(refusal(() => access.assertStaffRole(SYSTEM))).toBe('Your account has no staff role: ask the Administration Manager to add you to one');
  });

  it('asks someone without a staff role to be given one', () => {
    expect(refusal(() => access.assertStaffRole(people.nobody))).toBe('Your account has no staff role: ask the Administration Manager to add you to one');
    for (const [, staff] of everyRole) expect(refusal(() => access.assertStaffRole(staff))).toBeNull();
  });
});

describe("the Administration Manager's own actions", () => {
  it.each(everyRole)('lets the %s pass an unassigned complaint to a Functional Head only as the Administration Manager', (role, staff) => {
    const refused = refusal(() => access.assertAdministrationManager(staff, `pass ${REF} to a Functional Head`));
    expect(refused).toBe(role === 'admin-manager' ? null : `Only the Administration Manager may pass ${REF} to a Functional Head`);
  });

  it('refuses a Functional Head who would start stage 1 of an unassigned complaint', () => {
    expect(() => access.assertAdministrationManager(people.opsHead, `pass ${REF} to a Functional Head`)).toThrow(ForbiddenError);
  });

  it('lets someone who holds the role among others act as Administration Manager', () => {
    expect(refusal(() => access.assertAdministrationManager({ id: 'ann', roles: ['receiver', 'admin-manager'] }, 'refer a complaint'))).toBeNull();
  });
});

describe("the owner's actions on the current stage", () => {
  const atStageTwo = aComplaintAtStageTwo('fleet-head');
  const unowned = aComplaintAtStageTwo(null);

  it.each<[string, Staff, Case, boolean]>([
    ['the owner of the current stage', people.fleetHead, atStageTwo, true],
    ['the owner of an earlier stage', people.opsHead, atStageTwo, false],
    ['the Administration Manager', people.admin, atStageTwo, false],
    ['the CRO', people.cro, atStageTwo, false],
    ['anyone, while nobody owns the stage', people.fleetHead, unowned, false],
    ['the CRO, who owns stage 3', people.cro, aComplaintAtStageThree(), true],
  ])('lets %s record the outcome: %s', (_who, staff, c, allowed) => {
    expect(refusal(() => access.assertOwner(staff, c, 'record the outcome'))).toBe(
      allowed ? null : `Only the owner of the current stage of ${REF} may record the outcome`,
    );
  });

  it.each<[string, Staff, Case, boolean]>([
    ['the owner passing it on', people.fleetHead, atStageTwo, true],
    ['the Administration Manager', people.admin, atStageTwo, true],
    ['the Administration Manager, while nobody owns the stage', people.admin, unowned, true],
    ['another Functional Head', people.prevHead, atStageTwo, false],
    ['a Functional Head, while nobody owns the stage', people.fleetHead, unowned, false],
    ['the owner of stage 1, once stage 2 has begun', people.opsHead, atStageTwo, false],
  ])('transfers: %s → %s', (_who, staff, c, allowed) => {
    expect(refusal(() => access.assertMayTransfer(staff, c))).toBe(
      allowed ? null : `Only the Administration Manager or the owner of the current stage may assign or transfer ${REF}`,
    );
  });

  it.each<[string, Staff, Case, boolean]>([
    ['the owner', people.opsHead, aComplaintAtStageOne(), true],
    ['the Administration Manager', people.admin, aComplaintAtStageOne(), true],
    ['another Functional Head', people.fleetHead, aComplaintAtStageOne(), false],
    ['a Functional Head, while nobody owns the stage', people.opsHead, aComplaintAtStageOne(null), false],
    ['the CRO, before stage 3', people.cro, aComplaintAtStageOne(), false],
  ])("records the customer's comments on draft findings: %s → %s", (_who, staff, c, allowed) => {
    expect(refusal(() => access.assertMayRecordDraftComments(staff, c))).toBe(
      allowed ? null : `Only the owner of the current stage or the Administration Manager may record comments on ${REF}`,
    );
  });
});

describe("the Customer Relations Officer's own actions", () => {
  it.each(everyRole)('lets the %s record an Ombudsman enquiry only as CRO', (role, staff) => {
    expect(refusal(() => access.assertCustomerRelationsOfficer(staff, 'record an Ombudsman enquiry'))).toBe(
      role === 'cro' ? null : 'Only the Customer Relations Officer may record an Ombudsman enquiry',
    );
  });
});
