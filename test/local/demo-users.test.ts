import { describe, expect, it } from 'vitest';
import { ROLES } from '../../functions/config/roles';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { defaultDirectory } from '../../functions/domain/staff';
import { demoUsers, firstUserWithRole, usersByRole } from '../../local/demo-users';

describe('demo staff', () => {
  const users = demoUsers(defaultPolicy);
  const directory = defaultDirectory(defaultPolicy);

  it('has at least one user for every role', () => {
    for (const role of ROLES) expect(users.some((u) => u.roles.includes(role))).toBe(true);
  });

  it('are the officers of the default staff directory', () => {
    const byRole = (role: (typeof ROLES)[number]) => users.filter((u) => u.roles.includes(role)).map((u) => u.id);
    expect(byRole('admin-manager')).toEqual([directory.administrationManager.id]);
    expect(byRole('cro')).toEqual([directory.customerRelationsOfficer.id]);
    expect(byRole('duty-officer')).toEqual([directory.dutyOfficer.id]);
    expect(byRole('ssm')).toEqual([directory.strategicSupportManager.id]);
    const cro = users.find((u) => u.id === directory.customerRelationsOfficer.id)!;
    expect(cro).toEqual({ ...directory.customerRelationsOfficer, roles: ['cro'] });
  });

  it('makes the Head and the Deputy of every function a functional head, so stage 2 has another head', () => {
    const heads = users.filter((u) => u.roles.includes('functional-head')).map((u) => u.id);
    expect(heads).toEqual(directory.functions.flatMap((f) => [f.head.id, f.deputy.id]));
    expect(heads).toContain('operations-head');
    expect(heads).toContain('prevention-deputy');
  });

  it('names the users of the other roles after the role, with an address at the service', () => {
    for (const role of ['receiver', 'consultation-officer', 'legal-governance'] as const) {
      expect(users.find((u) => u.id === role)).toMatchObject({ roles: [role], email: `${role}@bedsfire.example` });
    }
  });

  it("follows another policy's functions and mail domain", () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      organisation: { ...defaultPolicy.organisation, email: 'complaints@x.example' },
      functions: [
        { id: 'response', name: 'Response' },
        { id: 'safety', name: 'Safety' },
      ],
    });
    const other = demoUsers(policy);
    expect(other.filter((u) => u.roles.includes('functional-head')).map((u) => u.id)).toEqual(['response-head', 'response-deputy', 'safety-head', 'safety-deputy']);
    expect(firstUserWithRole(other, 'functional-head')).toMatchObject({ name: 'Head of Response', email: 'response-head@x.example' });
  });

  it('lists users by role for the start banner', () => {
    expect(usersByRole(users)).toContain('admin-manager: admin-manager');
    expect(usersByRole(users).find((l) => l.startsWith('functional-head: '))).toMatch(/^functional-head: operations-head, operations-deputy, /);
  });
});
