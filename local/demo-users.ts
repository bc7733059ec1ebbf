import { ROLES, type Role } from '../functions/config/roles';
import type { Policy } from '../functions/domain/policy';
import { defaultDirectory } from '../functions/domain/staff';

/**
 * The demo staff of the local stack (the users a Cognito user pool would hold), the people of the
 * default staff directory so their ids are the ones the procedure assigns cases to: the
 * Administration Manager, the Customer Relations Officer, the Duty Officer, the Strategic Support
 * Manager; the
 * Head and the Deputy of every function (so stage 2's "another Functional Head" has someone to go
 * to); and one user for each remaining role, whose id is the role's name.
 */
export interface DemoUser {
  /** The staff id: the token's `sub` and `username`. */
  id: string;
  name: string;
  email: string;
  /** The Cognito groups the user is in. */
  roles: Role[];
}

const OTHER_ROLE_NAMES: Record<'receiver' | 'consultation-officer' | 'legal-governance', string> = {
  receiver: 'Member of staff (receiver)',
  'consultation-officer': 'Consultation and Partnership Officer',
  'legal-governance': 'Legal & Governance reviewer',
};

export function demoUsers(policy: Policy): DemoUser[] {
  const users = new Map<string, DemoUser>();
  const add = (member: { id: string; name: string; email: string }, role: Role) => {
    const existing = users.get(member.id);
    if (existing) {
      // One person in two posts (a small service may name the same officer twice): one user, both groups.
      if (!existing.roles.includes(role)) existing.roles.push(role);
      return;
    }
    users.set(member.id, { id: member.id, name: member.name, email: member.email, roles: [role] });
  };

  const directory = defaultDirectory(policy);
  add(directory.administrationManager, 'admin-manager');
  add(directory.customerRelationsOfficer, 'cro');
  add(directory.dutyOfficer, 'duty-officer');
  add(directory.strategicSupportManager, 'ssm');
  for (const fn of directory.functions) {
    add(fn.head, 'functional-head');
    add(fn.deputy, 'functional-head');
  }
  const domain = policy.organisation.email.split('@')[1]!;
  for (const [role, name] of Object.entries(OTHER_ROLE_NAMES) as [Role, string][]) {
    add({ id: role, name, email: `${role}@${domain}` }, role);
  }
  // Every role must have someone to sign in as.
  for (const role of ROLES) {
    if (![...users.values()].some((u) => u.roles.includes(role))) throw new Error(`No demo user holds the role ${role}`);
  }
  return [...users.values()];
}

/** The first demo user holding `role` (the default user of `npm run token -- <role>`). */
export function firstUserWithRole(users: readonly DemoUser[], role: Role): DemoUser {
  const user = users.find((u) => u.roles.includes(role));
  if (!user) throw new Error(`No demo user holds the role ${role}`);
  return user;
}

/** "role: id, id, …" lines, one per role, for the start banner. */
export function usersByRole(users: readonly DemoUser[]): string[] {
  return ROLES.map((role) => `${role}: ${users.filter((u) => u.roles.includes(role)).map((u) => u.id).join(', ')}`);
}
