/**
 * The staff roles of DESIGN.md §1, defined once: the Cognito groups (infra/), the local demo users
 * (local/) and the domain's access rules all use this list.
 */
export const ROLES = [
  'receiver',
  'admin-manager',
  'functional-head',
  'duty-officer',
  'cro',
  'ssm',
  'consultation-officer',
  'legal-governance',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  receiver: 'Any member of staff: records a complaint or compliment received by phone, letter, email or in person',
  'admin-manager': 'Administration Manager and Administration Section: logs, updates, assigns and monitors every case',
  'functional-head': 'Functional Head or Deputy: owns stage 1 or 2 of a complaint',
  'duty-officer': 'Duty Officer: takes over when the Functional Head and Deputy are unavailable',
  cro: 'Customer Relations Officer: owns stage 3; records Ombudsman enquiries',
  ssm: 'Strategic Support Manager: reads everything for scrutiny and audit, changes nothing',
  'consultation-officer': 'Consultation and Partnership Officer: forwards consultation comments',
  'legal-governance': "Director of Legal & Governance's team: reviews information-request complaints",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
