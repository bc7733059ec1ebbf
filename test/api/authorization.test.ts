import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../functions/config/identity';
import { ROLES, type Role } from '../../functions/config/roles';
import { routes, type RouteDefinition } from '../../functions/config/routes';
import { demoUsers } from '../../local/demo-users';
import { accessTokenClaims, newSigningKey, signClaims } from '../../local/issuer';
import { defaultPolicy } from '../../functions/domain/policy';
import { call } from '../support/http';
import { aComplaint } from '../support/mothers';
import { post, startTestStack } from '../support/stack';
import { settled } from '../support/workflow';

/**
 * The authorisation matrix: every staff route × every kind of bad token (401) and × every role
 * (403 or let through). The fixture is a complaint in stage 1 owned by the Head of Operations, the
 * default demo user of the functional-head role. Bodies are empty, so a request let through is
 * refused for its input (400), never carried out: the fixture must end as it began.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let reference: string;
let fixtureVersion: number;
/** A month with a stored report (the schedule of the 1st, fired once). */
let month: string;

const ALLOWED: Record<string, Role[] | 'all'> = {
  whoAmI: 'all',
  getDirectory: 'all',
  listCases: ['admin-manager', 'functional-head', 'duty-officer', 'cro', 'ssm', 'consultation-officer', 'legal-governance'],
  getCase: ['admin-manager', 'functional-head', 'duty-officer', 'cro', 'ssm', 'legal-governance'],
  recordCase: ROLES.filter((r) => r !== 'ssm'),
  updateCase: ['admin-manager'],
  assignOwner: ['admin-manager', 'functional-head'],
  recordOutcome: ['functional-head'],
  extendDeadline: ['functional-head'],
  shareDraftFindings: ['functional-head'],
  recordDraftComments: ['admin-manager', 'functional-head'],
  referToCro: ['admin-manager'],
  recordOmbudsman: ['cro'],
  revokeTrackingLink: ['admin-manager'],
  setCategory: ['admin-manager', 'functional-head'],
  recordAcknowledgement: ['admin-manager'],
  completeTask: ['admin-manager'],
  decideConsultation: ['admin-manager'],
  referInformationReview: ['admin-manager'],
  extendInformationReview: ['legal-governance'],
  decideInformationReview: ['legal-governance'],
  updateDirectory: ['admin-manager'],
  listReports: ['admin-manager', 'cro', 'ssm'],
  getReport: ['admin-manager', 'cro', 'ssm'],
};

const staffRoutes = routes.filter((r) => r.auth === 'staff');
const pathOf = (r: RouteDefinition) => r.path.replace('{reference}', reference).replace('{month}', month);
const bodyOf = (r: RouteDefinition) => (r.method === 'GET' ? undefined : {});

beforeAll(async () => {
  stack = await startTestStack();
  reference = (await post(`${stack.apiUrl}/api/public/submissions`, aComplaint({ function: 'operations' }))).json.reference;
  // The workflow acknowledges it and gives stage 1 to the Head of Operations.
  fixtureVersion = (await settled(stack, reference)).version;
  const fixture = await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: await stack.token('ssm') });
  expect(fixture.json).toMatchObject({ stage: 1, owner: 'operations-head' });
  month = ((await stack.scheduler.fire('FirstOfMonthReport')) as { month: string }).month;
});
afterAll(async () => stack?.stop());

it('has an expectation for every staff route', () => {
  expect(staffRoutes.map((r) => r.operation).sort()).toEqual(Object.keys(ALLOWED).sort());
});

describe.each(staffRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  const admin = demoUsers(defaultPolicy).find((u) => u.id === 'admin-manager')!;
  const refused = async (token: string | undefined) => {
    const res = await call(stack.apiUrl, route.method, pathOf(route), { token, body: bodyOf(route) });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ message: 'Unauthorized' });
  };

  it('refuses a missing token with 401', async () => refused(undefined));

  it('refuses an expired token with 401', async () => {
    const claims = accessTokenClaims({ issuer: stack.issuerUrl, user: admin, now: new Date(Date.now() - 7_200_000), expiresIn: 3600 });
    await refused(await stack.signClaims(claims));
  });

  it('refuses a token signed with another key with 401', async () => {
    const forger = await newSigningKey();
    const claims = accessTokenClaims({ issuer: stack.issuerUrl, user: admin });
    const real = await stack.signClaims(claims);
    const kid = JSON.parse(Buffer.from(real.split('.')[0]!, 'base64url').toString()).kid as string;
    await refused(await signClaims(forger, claims, { kid }));
  });

  it('refuses a token for another audience with 401', async () => {
    const claims = { ...accessTokenClaims({ issuer: stack.issuerUrl, user: admin }), client_id: `not-${LOCAL_CLIENT_ID}` };
    await refused(await stack.signClaims(claims));
  });

  it.each([...ROLES])('role %s', async (role) => {
    const allowed = ALLOWED[route.operation]!;
    const ok = allowed === 'all' || allowed.includes(role);
    const res = await call(stack.apiUrl, route.method, pathOf(route), { token: await stack.token(role), body: bodyOf(route) });
    if (ok) {
      // Let through: a read answers; a change is refused for its empty body (400) or missing version (428).
      if (route.method === 'GET') expect(res.status, JSON.stringify(res.json)).toBe(200);
      else expect([400, 428], JSON.stringify(res.json)).toContain(res.status);
    } else {
      expect(res.status, JSON.stringify(res.json)).toBe(403);
      expect(res.json.message).toEqual(expect.any(String));
    }
  });
});

it('left the fixture exactly as it was: refused and invalid requests write nothing', async () => {
  const res = await call(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token: await stack.token('ssm') });
  expect(res.json.version).toBe(fixtureVersion);
  expect(res.json.timeline).toHaveLength(fixtureVersion);
});
