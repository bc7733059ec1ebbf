import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import {
  defaultDirectory,
  directoryOrDefault,
  DirectoryInput,
  functionalOwners,
  functionsLedBy,
  isUnavailable,
  stageOneOwner,
  type Directory,
} from '../../functions/domain/staff';
import { toIssues } from '../../functions/domain/validation';

describe('the staff directory before it is first saved', () => {
  it('gives every post a role address at the organisation’s mail domain, everyone available', () => {
    const d = defaultDirectory(defaultPolicy);
    expect(d.functions.map((f) => [f.head.email, f.deputy.email])[0]).toEqual(['operations-head@bedsfire.example', 'operations-deputy@bedsfire.example']);
    expect(d.functions.every((f) => f.head.available && f.deputy.available)).toBe(true);
    expect([d.dutyOfficer, d.customerRelationsOfficer, d.administrationManager, d.strategicSupportManager].map((p) => p.email)).toEqual([
      'duty-officer@bedsfire.example',
      'cro@bedsfire.example',
      'admin-manager@bedsfire.example',
      'ssm@bedsfire.example',
    ]);
    expect(d.version).toBe(0);
  });

  it("follows the policy's functions and domain", () => {
    const policy = parsePolicy({ ...structuredClone(defaultPolicy), organisation: { ...defaultPolicy.organisation, email: 'feedback@x.example' }, functions: [{ id: 'response', name: 'Response' }, { id: 'safety', name: 'Safety' }] });
    const d = defaultDirectory(policy);
    expect(d.functions.map((f) => f.head.name)).toEqual(['Head of Response', 'Head of Safety']);
    expect(d.administrationManager.email).toBe('admin-manager@x.example');
  });

  it('holds, for a service of one function, exactly these posts', () => {
    const policy = parsePolicy({
      ...structuredClone(defaultPolicy),
      organisation: { ...defaultPolicy.organisation, email: 'complaints@fire.example' },
      functions: [{ id: 'response', name: 'Response' }],
      stages: [{ name: 'Investigation', owner: 'functional-head', workingDays: 20 }],
    });
    expect(defaultDirectory(policy)).toEqual({
      functions: [
        {
          id: 'response',
          name: 'Response',
          head: { id: 'response-head', name: 'Head of Response', email: 'response-head@fire.example', available: true },
          deputy: { id: 'response-deputy', name: 'Deputy Head of Response', email: 'response-deputy@fire.example', available: true },
        },
      ],
      dutyOfficer: { id: 'duty-officer', name: 'Duty Officer', email: 'duty-officer@fire.example' },
      customerRelationsOfficer: { id: 'cro', name: 'Customer Relations Officer', email: 'cro@fire.example' },
      administrationManager: { id: 'admin-manager', name: 'Administration Manager', email: 'admin-manager@fire.example' },
      strategicSupportManager: { id: 'ssm', name: 'Strategic Support Manager', email: 'ssm@fire.example' },
      consultationOfficer: { id: 'consultation-officer', name: 'Consultation and Partnership Officer', email: 'consultation-officer@fire.example' },
      legalGovernance: { id: 'legal-governance', name: 'Legal & Governance', email: 'legal-governance@fire.example' },
      version: 0,
    });
  });

  it('is a valid directory to save as it is', () => {
    const { version: _version, ...input } = defaultDirectory(defaultPolicy);
    expect(DirectoryInput.safeParse(input).success).toBe(true);
  });
});

describe('the stored directory', () => {
  const stored = (): Directory => {
    const d = defaultDirectory(defaultPolicy);
    d.administrationManager = { id: 'pat-admin', name: 'Pat Admin', email: 'pat@bedsfire.example' };
    d.version = 3;
    return d;
  };

  it('is used as stored when it is complete', () => {
    expect(directoryOrDefault(stored(), defaultPolicy)).toEqual(stored());
  });

  it('is the default when nothing is stored', () => {
    expect(directoryOrDefault(null, defaultPolicy)).toEqual(defaultDirectory(defaultPolicy));
    expect(directoryOrDefault(undefined, defaultPolicy)).toEqual(defaultDirectory(defaultPolicy));
  });

  it('gets a post saved before the directory had it from the default, and keeps everything else', () => {
    const { administrationManager: _a, strategicSupportManager: _s, consultationOfficer: _c, legalGovernance: _l, ...older } = stored();
    const read = directoryOrDefault(older as Directory, defaultPolicy);
    expect(read.administrationManager).toEqual(defaultDirectory(defaultPolicy).administrationManager);
    expect(read.strategicSupportManager).toEqual(defaultDirectory(defaultPolicy).strategicSupportManager);
    expect(read.consultationOfficer).toEqual(defaultDirectory(defaultPolicy).consultationOfficer);
    expect(read.legalGovernance).toEqual(defaultDirectory(defaultPolicy).legalGovernance);
    expect(read.version).toBe(3);
  });

  it('refuses a directory without the Administration Manager or the Strategic Support Manager', () => {
    const { version: _version, administrationManager: _a, ...input } = defaultDirectory(defaultPolicy);
    expect(DirectoryInput.safeParse(input).error?.issues.map((i) => i.path.join('.'))).toEqual(['administrationManager']);
  });
});

/** The default directory with Operations' Head and Deputy set as given. */
function withOperations(head: Partial<Directory['functions'][number]['head']>, deputy: Partial<Directory['functions'][number]['deputy']> = {}): Directory {
  const d = defaultDirectory(defaultPolicy);
  const [operations, ...rest] = d.functions;
  return { ...d, functions: [{ ...operations!, head: { ...operations!.head, ...head }, deputy: { ...operations!.deputy, ...deputy } }, ...rest] };
}

describe('who owns stage 1 (the function’s Head, else the Deputy, else the Duty Officer)', () => {
  it.each<[string, boolean, boolean, { owner: string; why: string }]>([
    ['the Head when available', true, true, { owner: 'operations-head', why: 'head' }],
    ['the Head even when the Deputy is away', true, false, { owner: 'operations-head', why: 'head' }],
    ['the Deputy when the Head is away', false, true, { owner: 'operations-deputy', why: 'deputy' }],
    ['the Duty Officer when both are away', false, false, { owner: 'duty-officer', why: 'duty-officer' }],
  ])('%s', (_why, headAvailable, deputyAvailable, expected) => {
    const d = withOperations({ available: headAvailable }, { available: deputyAvailable });
    expect(stageOneOwner(d, 'operations')).toEqual(expected);
  });

  it('looks only at the case’s own function', () => {
    const d = withOperations({ available: false }, { available: false });
    expect(stageOneOwner(d, 'prevention')).toEqual({ owner: 'prevention-head', why: 'head' });
  });

  it('falls back to the Duty Officer for a function the directory does not list', () => {
    expect(stageOneOwner(defaultDirectory(defaultPolicy), 'catering')).toEqual({ owner: 'duty-officer', why: 'duty-officer' });
  });
});

describe('reading the directory', () => {
  it.each<[string, string[]]>([
    ['operations-head', ['operations']],
    ['operations-deputy', ['operations']],
    ['duty-officer', []],
    ['nobody', []],
  ])('%s leads %o', (id, functions) => {
    expect(functionsLedBy(defaultDirectory(defaultPolicy), id)).toEqual(functions);
  });

  it('counts every function a person heads or deputises', () => {
    const d = defaultDirectory(defaultPolicy);
    d.functions[2]!.deputy = { ...d.functions[2]!.deputy, id: 'operations-head' };
    expect(functionsLedBy(d, 'operations-head')).toEqual(['operations', d.functions[2]!.id]);
  });

  it('lists who may own a Functional Head stage: every Head and Deputy, and the Duty Officer', () => {
    const d = defaultDirectory(defaultPolicy);
    const owners = functionalOwners(d);
    expect([...owners.keys()]).toEqual([...d.functions.flatMap((f) => [f.head.id, f.deputy.id]), 'duty-officer']);
    expect(owners.get('operations-deputy')).toEqual(d.functions[0]!.deputy);
    expect(owners.get('duty-officer')).toEqual(d.dutyOfficer);
    expect(owners.has('cro')).toBe(false);
  });

  it.each<[string, Directory, string, boolean]>([
    ['a Head marked away', withOperations({ available: false }), 'operations-head', true],
    ['a Deputy marked away', withOperations({}, { available: false }), 'operations-deputy', true],
    ['an available Head', withOperations({ available: true }), 'operations-head', false],
    ['the other post-holder of that function', withOperations({ available: false }), 'operations-deputy', false],
    ['someone who is neither Head nor Deputy', withOperations({ available: false }), 'duty-officer', false],
  ])('%s: unavailable is %s', (_why, d, id, expected) => {
    expect(isUnavailable(d, id)).toBe(expected);
  });
});

describe('saving the directory', () => {
  const { version: _version, ...valid } = defaultDirectory(defaultPolicy);
  const issuesOf = (input: unknown) => {
    const result = DirectoryInput.safeParse(input);
    return result.success ? [] : toIssues(result.error);
  };
  const withFirst = (change: Record<string, unknown>) => ({ ...valid, functions: [{ ...valid.functions[0]!, ...change }, ...valid.functions.slice(1)] });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    ['the same function twice', { ...valid, functions: [valid.functions[0], valid.functions[0]] }, [{ path: 'functions.1.id', message: 'duplicate function "operations"' }]],
    [
      'a Deputy who is the Head',
      withFirst({ deputy: { ...valid.functions[0]!.head } }),
      [{ path: 'functions.0.deputy.id', message: 'the Deputy must be another person than the Head' }],
    ],
    ['no functions', { ...valid, functions: [] }, [{ path: 'functions', message: 'at least one function' }]],
    ['a function id in capitals', withFirst({ id: 'Operations' }), [{ path: 'functions.0.id', message: 'expected a lower-case identifier' }]],
    ['a function id with words before it', withFirst({ id: 'the operations' }), [{ path: 'functions.0.id', message: 'expected a lower-case identifier' }]],
    [
      'a staff id with a space',
      withFirst({ head: { ...valid.functions[0]!.head, id: 'ann example' } }),
      [{ path: 'functions.0.head.id', message: 'expected a staff id (a-z, 0-9, ., _, -)' }],
    ],
    [
      'availability that is not true or false',
      withFirst({ head: { ...valid.functions[0]!.head, available: 'yes' } }),
      [{ path: 'functions.0.head.available', message: 'expected true or false' }],
    ],
    [
      'an email that is not an address',
      { ...valid, dutyOfficer: { ...valid.dutyOfficer, email: 'duty officer' } },
      [{ path: 'dutyOfficer.email', message: 'expected an email address' }],
    ],
    ['availability for the Duty Officer', { ...valid, dutyOfficer: { ...valid.dutyOfficer, available: true } }, [{ path: 'dutyOfficer.available', message: 'unknown field' }]],
  ])('refuses %s, saying why', (_why, input, expected) => {
    expect(issuesOf(input)).toEqual(expected);
  });

  it('accepts fifty functions and no more', () => {
    const many = (n: number) => ({
      ...valid,
      functions: Array.from({ length: n }, (_, i) => ({
        ...valid.functions[0]!,
        id: `f${i}`,
        head: { ...valid.functions[0]!.head, id: `h${i}` },
        deputy: { ...valid.functions[0]!.deputy, id: `d${i}` },
      })),
    });
    expect(issuesOf(many(50))).toEqual([]);
    expect(issuesOf(many(51)).map((i) => i.path)).toEqual(['functions']);
  });
});
