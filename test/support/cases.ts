import { WorkingDayCalendar } from '../../functions/domain/calendar';
import { newCase, type Case } from '../../functions/domain/case';
import type { RuleContext } from '../../functions/domain/case-rules';
import { defaultPolicy, type Policy } from '../../functions/domain/policy';
import { defaultDirectory, type Directory, type Staff } from '../../functions/domain/staff';
import { parseSubmission } from '../../functions/domain/submission';
import { aComplaint } from './mothers';

/** Mothers for domain tests: a case as stored, and the context a rule runs in. */
export function aStoredCase(overrides: Record<string, unknown> = {}, receivedAt = new Date('2026-03-02T10:00:00Z')): Case {
  const { submission } = parseSubmission(aComplaint(overrides), defaultPolicy, '2026-03-02');
  const calendar = WorkingDayCalendar.fromPolicy(defaultPolicy);
  return newCase(submission, {
    reference: 'CC-2026-00001',
    receivedAt,
    receivedOn: calendar.londonDate(receivedAt),
    acknowledgeBy: calendar.deadline(receivedAt, defaultPolicy.acknowledgeWithinWorkingDays),
    channel: 'web',
  });
}

export function ruleContext(staff: Staff, now: Date, options: { policy?: Policy; directory?: Directory } = {}): RuleContext {
  const policy = options.policy ?? defaultPolicy;
  return {
    staff,
    now,
    policy,
    calendar: WorkingDayCalendar.fromPolicy(policy),
    directory: options.directory ?? defaultDirectory(policy),
  };
}

export const staff = {
  admin: { id: 'admin-manager', roles: ['admin-manager'] } as Staff,
  opsHead: { id: 'operations-head', roles: ['functional-head'] } as Staff,
  opsDeputy: { id: 'operations-deputy', roles: ['functional-head'] } as Staff,
  prevHead: { id: 'prevention-head', roles: ['functional-head'] } as Staff,
  dutyOfficer: { id: 'duty-officer', roles: ['duty-officer'] } as Staff,
  cro: { id: 'cro', roles: ['cro'] } as Staff,
  ssm: { id: 'ssm', roles: ['ssm'] } as Staff,
  receiver: { id: 'receiver', roles: ['receiver'] } as Staff,
};
