import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../functions/domain/errors';
import { groupsOf, staffFromClaims } from '../../functions/api/identity';

describe('the caller from the authorizer claims', () => {
  it.each([
    [['admin-manager', 'functional-head'], ['admin-manager', 'functional-head']],
    ['[admin-manager functional-head]', ['admin-manager', 'functional-head']],
    ['[cro]', ['cro']],
    ['ssm', ['ssm']],
    ['[not-a-role cro]', ['cro']],
    [undefined, []],
  ])('reads groups %o as %o (HTTP APIs flatten arrays to "[a b]")', (value, roles) => {
    expect(groupsOf(value)).toEqual(roles);
  });

  it('names the staff member by username from an access token', () => {
    expect(staffFromClaims({ token_use: 'access', username: 'cro', sub: 'uuid', 'cognito:groups': '[cro]' })).toEqual({ id: 'cro', roles: ['cro'] });
  });

  it.each([
    ['an ID token', { token_use: 'id', 'cognito:username': 'cro', sub: 'uuid', 'cognito:groups': '[cro]' }],
    ['no claims', undefined],
    ['an access token without username', { token_use: 'access', sub: 'uuid' }],
  ])('refuses %s', (_why, claims) => {
    expect(() => staffFromClaims(claims as Record<string, unknown> | undefined)).toThrow(UnauthenticatedError);
  });
});
