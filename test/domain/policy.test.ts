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

  it('gives a policy that names no complaint categories the ones fire services publish', () => {
    const { complaintCategories, ...without } = structuredClone(defaultPolicy) as Record<string, unknown>;
    const categories = [
      { id: 'behaviour', name: 'Behaviour of staff' },
      { id: 'driving', name: 'Driving' },
      { id: 'damage-to-property', name: 'Damage to property' },
      { id: 'operational-response', name: 'Operational response' },
      { id: 'prevention', name: 'Prevention' },
      { id: 'protection', name: 'Protection' },
      { id: 'work-process', name: 'Work process' },
      { id: 'other', name: 'Other' },
    ];
    expect(complaintCategories).toEqual(categories);
    expect(parsePolicy(without).complaintCategories).toEqual(categories);
    const own = [{ id: 'fire-safety', name: 'Fire safety advice' }];
    expect(parsePolicy({ ...without, complaintCategories: own }).complaintCategories).toEqual(own);
    expect(messageOf(() => parsePolicy({ ...without, complaintCategories: Array.from({ length: 51 }, (_, i) => ({ id: `c${i}`, name: `C ${i}` })) }))).toContain(
      'complaintCategories: Too big: expected array to have <=50 items',
    );
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

  it.each<[string, (p: any) => void, string]>([
    ['a stage of 251 working days', (p) => (p.stages[0].workingDays = 251), 'stages.0.workingDays: Too big: expected number to be <=250'],
    ['half a working day to acknowledge', (p) => (p.acknowledgeWithinWorkingDays = 0.5), 'acknowledgeWithinWorkingDays: expected a whole number of working days'],
    ['no stages', (p) => (p.stages = []), 'stages: at least one stage'],
    ['eleven stages', (p) => (p.stages = Array.from({ length: 11 }, () => p.stages[0])), 'stages: Too big: expected array to have <=10 items'],
    ['a stage owner the procedure does not know', (p) => (p.stages[0].owner = 'chief-fire-officer'), 'stages.0.owner: Invalid option: expected one of "functional-head"|"another-functional-head"|"cro"'],
    ['a blank stage name', (p) => (p.stages[0].name = '   '), 'stages.0.name: required'],
    ['no functions', (p) => ((p.functions = []), (p.stages = [p.stages[0]])), 'functions: at least one function'],
    ['a function id in capitals', (p) => (p.functions[0].id = 'Operations'), 'functions.0.id: expected a lower-case identifier (a-z, 0-9, -)'],
    ['a function id with words before it', (p) => (p.functions[0].id = 'the operations'), 'functions.0.id: expected a lower-case identifier (a-z, 0-9, -)'],
    ['a duplicate function', (p) => p.functions.push(p.functions[0]), 'functions.7.id: duplicate function id "operations"'],
    ['a duplicate complaint category', (p) => p.complaintCategories.push(p.complaintCategories[1]), 'complaintCategories.8.id: duplicate category id "driving"'],
    ['no complaint categories', (p) => (p.complaintCategories = []), 'complaintCategories: at least one category'],
    ['a category id in capitals', (p) => (p.complaintCategories[0].id = 'Behaviour'), 'complaintCategories.0.id: expected a lower-case identifier (a-z, 0-9, -)'],
    ['a prefix over 8 letters', (p) => (p.referencePrefix = 'ABCDEFGHI'), 'referencePrefix: expected 1 to 8 capital letters'],
    ['a prefix with words around it', (p) => (p.referencePrefix = 'x CC x'), 'referencePrefix: expected 1 to 8 capital letters'],
    ['a closure day that is not a real date', (p) => (p.closureDays = ['2026-02-29']), 'closureDays.0: not a real calendar date'],
    ['29 February 2100 as a closure day', (p) => (p.closureDays = ['2100-02-29']), 'closureDays.0: not a real calendar date'],
    ['a closure day with text after it', (p) => (p.closureDays = ['2026-12-24x']), 'closureDays.0: expected a date as YYYY-MM-DD; closureDays.0: not a real calendar date'],
    ['a closure day with text before it', (p) => (p.closureDays = ['x2026-12-24']), 'closureDays.0: expected a date as YYYY-MM-DD; closureDays.0: not a real calendar date'],
    ['a bad organisation email', (p) => (p.organisation.email = 'nobody'), 'organisation.email: expected an email address'],
    ['a blank organisation name', (p) => (p.organisation.name = ''), 'organisation.name: required'],
    ['a retention of no months', (p) => (p.personalDataRetentionMonths = 0), 'personalDataRetentionMonths: Too small: expected number to be >=1'],
    ['a time zone other than London', (p) => (p.timeZone = 'Europe/Dublin'), 'timeZone: Invalid input: expected "Europe/London"'],
  ])('refuses %s, saying why', (_why, mutate, message) => {
    const policy = structuredClone(defaultPolicy);
    mutate(policy);
    expect(messageOf(() => parsePolicy(policy))).toBe(`Invalid policy: ${message}`);
  });

  it.each(['england-and-wales', 'scotland', 'northern-ireland'])('runs on the bank holidays of %s', (bankHolidays) => {
    expect(parsePolicy({ ...structuredClone(defaultPolicy), bankHolidays }).bankHolidays).toBe(bankHolidays);
  });

  it('accepts the limits exactly', () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      referencePrefix: 'ABCDEFGH',
      closureDays: ['2028-02-29', '2026-12-24'],
      acknowledgeWithinWorkingDays: 1,
      maxExtensionWorkingDays: 250,
      personalDataRetentionMonths: 120,
      stages: Array.from({ length: 10 }, () => defaultPolicy.stages[0]),
    });
    expect(policy).toMatchObject({ referencePrefix: 'ABCDEFGH', closureDays: ['2028-02-29', '2026-12-24'], acknowledgeWithinWorkingDays: 1 });
    expect(policy.stages).toHaveLength(10);
  });

  it('trims the names it is given', () => {
    const policy = parsePolicy({ ...structuredClone(defaultPolicy), functions: [{ id: 'fleet', name: '  Fleet  ' }], stages: [defaultPolicy.stages[0]] });
    expect(policy.functions).toEqual([{ id: 'fleet', name: 'Fleet' }]);
  });

  it.each([undefined, '', '   \n'])('uses the default policy when none is given (%o)', (json) => {
    expect(policyFromJson(json)).toBe(defaultPolicy);
  });

  it('reads a policy given as JSON text', () => {
    expect(policyFromJson(JSON.stringify({ ...defaultPolicy, referencePrefix: 'BLFRS' }))).toEqual({ ...defaultPolicy, referencePrefix: 'BLFRS' });
  });

  it('says why JSON text is not valid', () => {
    expect(messageOf(() => policyFromJson('{not json'))).toMatch(/^Invalid policy: \(root\): not valid JSON \(.*JSON.*\)$/);
  });

  it('runs "another Functional Head" with two functions, the fewest it needs', () => {
    const policy = parsePolicy({ ...structuredClone(defaultPolicy), functions: defaultPolicy.functions.slice(0, 2) });
    expect(policy.functions.map((f) => f.id)).toEqual(['operations', 'prevention']);
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
    expect(own.stages.map((st) => [st.owner, st.workingDays])).toEqual([
      ['functional-head', 20],
      ['cro', 20],
    ]);
    // No stage passes to "another Functional Head", so one function is enough.
    expect(parsePolicy({ ...own, functions: [defaultPolicy.functions[0]] }).functions).toHaveLength(1);
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
