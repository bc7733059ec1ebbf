import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../functions/domain/policy';
import { demoUsers } from '../../local/demo-users';
import { parseTokenArgs } from '../../local/token-args';

const users = demoUsers(defaultPolicy);
const parse = (...argv: string[]) => parseTokenArgs(argv, users);

describe('npm run token arguments', () => {
  it('takes a role, defaulting to its first demo user and one hour', () => {
    expect(parse('admin-manager')).toMatchObject({ kind: 'token', role: 'admin-manager', user: { id: 'admin-manager' }, expiresIn: 3600 });
    expect(parse('functional-head')).toMatchObject({ kind: 'token', user: { id: 'operations-head' } });
  });

  it.each([
    [['functional-head', '--user', 'fleet-deputy'], 'fleet-deputy', 3600],
    [['functional-head', '--user=fleet-deputy', '--expires-in=60'], 'fleet-deputy', 60],
    [['--expires-in', '1', 'cro'], 'cro', 1],
    [['cro', '--expires-in', '86400'], 'cro', 86400],
  ])('%j', (argv, user, expiresIn) => {
    expect(parse(...argv)).toMatchObject({ kind: 'token', user: { id: user }, expiresIn });
  });

  it.each([
    [[], /which role/],
    [['chief'], /unknown role "chief"/],
    [['cro', 'ssm'], /one role only/],
    [['cro', '--user', 'admin-manager'], /"admin-manager" does not hold the role cro; users with cro: cro/],
    [['cro', '--user', 'nobody'], /no demo user "nobody"/],
    [['cro', '--user'], /--user needs a value/],
    [['cro', '--expires-in', '0'], /--expires-in must be a whole number/],
    [['cro', '--expires-in', '-5'], /--expires-in must be a whole number/],
    [['cro', '--expires-in', '1.5'], /--expires-in must be a whole number/],
    [['cro', '--expires-in', '1e3'], /--expires-in must be a whole number/],
    [['cro', '--expires-in', '86401'], /--expires-in must be a whole number/],
    [['cro', '--expires-in', '5', '--expires-in', '6'], /given twice/],
    [['cro', '--verbose'], /unknown option --verbose/],
  ])('refuses %j', (argv, message) => {
    const result = parse(...argv);
    expect(result.kind).toBe('error');
    if (result.kind === 'error') expect(result.message).toMatch(message);
  });

  it('asks for help', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
  });
});
