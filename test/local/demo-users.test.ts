import { describe, expect, it } from 'vitest';
import { ROLES } from '../../functions/config/roles';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { demoUsers, firstUserWithRole, usersByRole } from '../../local/demo-users';

describe('demo staff', () => {
  const users = demoUsers(defaultPolicy);

  it('has at least one user for every role', () => {
    for (const role of ROLES) expect(users.some((u) => u.roles.includes(role))).toBe(true);
  });

  it('takes the named officers from the policy', () => {
    const byRole = (role: (typeof ROLES)[number]) => users.filter((u) => u.roles.includes(role)).map((u) => u.id);
    expect(byRole('admin-manager')).toEqual([defaultPolicy.administrationManager.id]);
    expect(byRole('cro')).toEqual([defaultPolicy.customerRelationsOfficer.id]);
    expect(byRole('duty-officer')).toEqual([defaultPolicy.dutyOfficer.id]);
    expect(byRole('ssm')).toEqual([defaultPolicy.strategicSupportManager.id]);
    const cro = users.find((u) => u.id === defaultPolicy.customerRelationsOfficer.id)!;
    expect(cro).toEqual({ ...defaultPolicy.customerRelationsOfficer, roles: ['cro'] });
  });

  it('makes the Head and the Deputy of every function a functional head, so stage 2 has another head', () => {
    const heads = users.filter((u) => u.roles.includes('functional-head')).map((u) => u.id);
    expect(heads).toEqual(defaultPolicy.functions.flatMap((f) => [f.head.id, f.deputy.id]));
    expect(heads).toContain('operations-head');
    expect(heads).toContain('prevention-deputy');
  });

  it('names the users of the other roles after the role, with an address at the service', () => {
    for (const role of ['receiver', 'consultation-officer', 'legal-governance'] as const) {
      expect(users.find((u) => u.id === role)).toMatchObject({ roles: [role], email: `${role}@bedsfire.example` });
    }
  });

  it('follows another policy: its ids, its functions, and one user for one person in two posts', () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      functions: [
        { id: 'response', name: 'Response', head: { id: 'jo-bloggs', name: 'Jo Bloggs', email: 'jo@x.example' }, deputy: { id: 'sam-smith', name: 'Sam Smith', email: 'sam@x.example' } },
        { id: 'safety', name: 'Safety', head: { id: 'ali-khan', name: 'Ali Khan', email: 'ali@x.example' }, deputy: { id: 'lee-wong', name: 'Lee Wong', email: 'lee@x.example' } },
      ],
      dutyOfficer: { id: 'jo-bloggs', name: 'Jo Bloggs', email: 'jo@x.example' },
    });
    const other = demoUsers(policy);
    expect(other.find((u) => u.id === 'jo-bloggs')!.roles.sort()).toEqual(['duty-officer', 'functional-head']);
    expect(firstUserWithRole(other, 'functional-head').id).toBe('jo-bloggs');
    expect(other.filter((u) => u.id === 'jo-bloggs')).toHaveLength(1);
  });

  it('lists users by role for the start banner', () => {
    expect(usersByRole(users)).toContain('admin-manager: admin-manager');
    expect(usersByRole(users).find((l) => l.startsWith('functional-head: '))).toMatch(/^functional-head: operations-head, operations-deputy, /);
  });
});
