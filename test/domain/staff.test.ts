import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy } from '../../functions/domain/policy';
import { defaultDirectory, directoryOrDefault, DirectoryInput, type Directory } from '../../functions/domain/staff';

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
    const { administrationManager: _a, strategicSupportManager: _s, ...older } = stored();
    const read = directoryOrDefault(older as Directory, defaultPolicy);
    expect(read.administrationManager).toEqual(defaultDirectory(defaultPolicy).administrationManager);
    expect(read.strategicSupportManager).toEqual(defaultDirectory(defaultPolicy).strategicSupportManager);
    expect(read.version).toBe(3);
  });

  it('refuses a directory without the Administration Manager or the Strategic Support Manager', () => {
    const { version: _version, administrationManager: _a, ...input } = defaultDirectory(defaultPolicy);
    expect(DirectoryInput.safeParse(input).error?.issues.map((i) => i.path.join('.'))).toEqual(['administrationManager']);
  });
});
