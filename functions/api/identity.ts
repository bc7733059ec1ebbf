import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { GROUPS_CLAIM, USERNAME_CLAIM } from '../config/identity';
import { isRole, type Role } from '../config/roles';
import { UnauthenticatedError } from '../domain/errors';
import type { Staff } from '../domain/staff';

/**
 * The caller, from the JWT authorizer's claims. API Gateway has already checked the token's
 * signature, issuer, audience and expiry; this only reads who it is. HTTP APIs hand array claims
 * to Lambda flattened into one string, "[admin-manager functional-head]", so both forms are read.
 */
export function staffFromClaims(claims: Record<string, unknown> | undefined): Staff {
  // API Gateway's authorizer lets a Cognito ID token through too (its `aud` is the client id);
  // only access tokens name the staff member by `username`.
  if (claims?.token_use !== 'access') throw new UnauthenticatedError('Sign in with a staff access token');
  const id = claims[USERNAME_CLAIM];
  if (typeof id !== 'string' || id === '') throw new UnauthenticatedError('No signed-in member of staff');
  return { id, roles: groupsOf(claims?.[GROUPS_CLAIM]) };
}

export function groupsOf(value: unknown): Role[] {
  let groups: unknown[] = [];
  if (Array.isArray(value)) groups = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    groups = (text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text).split(/[\s,]+/);
  }
  return [...new Set(groups.filter((g): g is string => typeof g === 'string').map((g) => g.replace(/^"|"$/g, '')).filter(isRole))];
}

export function staffFromEvent(event: { requestContext: unknown }): Staff {
  const ctx = event.requestContext as Partial<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']>;
  return staffFromClaims(ctx.authorizer?.jwt?.claims as Record<string, unknown> | undefined);
}
