import { describe, expect, it } from 'vitest';
import { readPolicy } from '../../functions/config/policy-source';
import { PolicyError } from '../../functions/domain/errors';
import { defaultPolicy, parsePolicy, policyFromJson } from '../../functions/domain/policy';

const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    throw error;
  }
  throw new Error('expected a PolicyError');
};

describe('policy', () => {
  it('defaults to the service order: acknowledge in 7 working days, three stages of 10', () => {
    expect(defaultPolicy.acknowledgeWithinWorkingDays).toBe(7);
    expect(defaultPolicy.stages.map((s) => [s.owner, s.workingDays])).toEqual([
      ['functional-head', 10],
      ['another-functional-head', 10],
      ['cro', 10],
    ]);
    expect(defaultPolicy.bankHolidays).toBe('england-and-wales');
    expect(defaultPolicy.referencePrefix).toBe('CC');
    expect(defaultPolicy.functions.map((f) => f.id)).toEqual(['operations', 'prevention', 'protection', 'fleet', 'people', 'finance', 'control']);
  });

  it('names no member of staff: names and addresses live in the staff directory', () => {
    const text = JSON.stringify(defaultPolicy);
    expect(Object.keys(defaultPolicy.functions[0]!)).toEqual(['id', 'name']);
    // The organisation's own address is the only address in it.
    expect(text.match(/[\w.+-]+@[\w.-]+/g)).toEqual([defaultPolicy.organisation.email]);
  });

  it('refuses a policy that still names people (the directory holds them)', () => {
    const withPeople = { ...structuredClone(defaultPolicy), dutyOfficer: { id: 'duty-officer', name: 'Duty Officer', email: 'duty@x.example' } };
    expect(messageOf(() => parsePolicy(withPeople))).toContain('dutyOfficer');
  });

  it.each<[string, (p: any) => void, string]>([
    ['a stage with zero working days', (p) => (p.stages[0].workingDays = 0), 'stages.0.workingDays'],
    ['fractional working days', (p) => (p.acknowledgeWithinWorkingDays = 7.5), 'acknowledgeWithinWorkingDays'],
    ['no stages', (p) => (p.stages = []), 'stages'],
    ['an unknown nation', (p) => (p.bankHolidays = 'wessex'), 'bankHolidays'],
    ['a malformed closure day', (p) => (p.closureDays = ['2026-13-01']), 'closureDays.0'],
    ['a lower-case prefix', (p) => (p.referencePrefix = 'cc'), 'referencePrefix'],
    ['a duplicate function', (p) => p.functions.push(p.functions[0]), 'functions.7.id'],
    ['a bad organisation email', (p) => (p.organisation.email = 'nobody'), 'organisation.email'],
    ['a function with a Head in it', (p) => (p.functions[1].head = { id: 'x', name: 'X', email: 'x@x.example' }), 'functions.1'],
    ['an unknown field', (p) => (p.stagez = []), 'stagez'],
  ])('refuses %s, naming the field', (_why, mutate, path) => {
    const policy = structuredClone(defaultPolicy);
    mutate(policy);
    expect(messageOf(() => parsePolicy(policy))).toContain(path);
  });

  it('refuses "another Functional Head" when there is only one function', () => {
    const policy = { ...structuredClone(defaultPolicy), functions: [defaultPolicy.functions[0]] };
    expect(messageOf(() => parsePolicy(policy))).toMatch(/functions: .*at least two functions/);
  });

  it('lets another service run its own procedure: one 20-day investigation then an independent review', () => {
    const own = parsePolicy({
      ...structuredClone(defaultPolicy),
      stages: [
        { name: 'Investigation', owner: 'functional-head', workingDays: 20 },
        { name: 'Independent review', owner: 'cro', workingDays: 20 },
      ],
    });
    expect(own.stages).toHaveLength(2);
  });

  it('reads POLICY from the environment and refuses malformed JSON', () => {
    const custom = { ...structuredClone(defaultPolicy), referencePrefix: 'BLFRS' };
    expect(readPolicy({ POLICY: JSON.stringify(custom) }).referencePrefix).toBe('BLFRS');
    expect(readPolicy({}).referencePrefix).toBe('CC');
    expect(messageOf(() => policyFromJson('{not json'))).toMatch(/not valid JSON/);
  });

  it('prefers the policy built into a bundle to POLICY, and validates it as strictly', () => {
    const holder = globalThis as { __FIRE_COMPLAINTS_POLICY__?: string };
    const built = { ...structuredClone(defaultPolicy), referencePrefix: 'BUILT' };
    holder.__FIRE_COMPLAINTS_POLICY__ = JSON.stringify(built);
    try {
      expect(readPolicy({ POLICY: JSON.stringify({ ...built, referencePrefix: 'ENV' }) }).referencePrefix).toBe('BUILT');
      holder.__FIRE_COMPLAINTS_POLICY__ = JSON.stringify({ ...built, referencePrefix: 'not capitals' });
      expect(messageOf(() => readPolicy({}))).toMatch(/referencePrefix/);
    } finally {
      delete holder.__FIRE_COMPLAINTS_POLICY__;
    }
    expect(readPolicy({}).referencePrefix).toBe('CC');
  });
});
