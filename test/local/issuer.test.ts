import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { base64url, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLIENT_ID } from '../../functions/config/identity';
import { routes, type RouteDefinition } from '../../functions/config/routes';
import { defaultPolicy } from '../../functions/domain/policy';
import { demoUsers, firstUserWithRole } from '../../local/demo-users';
import { startGateway, type Gateway, type JwtAuthorizerContext } from '../../local/gateway';
import {
  accessTokenClaims,
  issuerEndpoints,
  issuerUrlFor,
  jwksOf,
  loadOrCreateSigningKey,
  newSigningKey,
  signClaims,
  signingKeyPath,
  SigningKeyFileError,
  type SigningKey,
} from '../../local/issuer';
import { createJwtAuthorizer, DESCRIPTIONS } from '../../local/jwt-authorizer';
import { dataDir, cleanUp } from '../support/local-process';
import { bearer, get, startTestStack } from '../support/stack';

/**
 * The local gateway checks staff tokens as API Gateway's JWT authorizer does. Here it runs with the
 * real route definitions of routes.ts but with recording handlers, so a refused request can be
 * seen not to reach the function.
 */

const users = demoUsers(defaultPolicy);
const adminManager = firstUserWithRole(users, 'admin-manager');
const staffRoute = routes.find((r) => r.operation === 'whoAmI')!;
const publicRoute = routes.find((r) => r.operation === 'health')!;

let key: SigningKey;
let otherKey: SigningKey;
let gateway: Gateway;
let issuer: string;
const calls: APIGatewayProxyEventV2[] = [];

const recorder = (route: RouteDefinition) => async (event: APIGatewayProxyEventV2) => {
  calls.push(event);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ route: route.operation }) };
};

beforeAll(async () => {
  key = await newSigningKey();
  otherKey = await newSigningKey();
  issuer = '';
  gateway = await startGateway({
    port: 0,
    routes: [staffRoute, publicRoute].map((route) => ({ route, handler: recorder(route) })),
    authorizer: createJwtAuthorizer({ issuer: () => issuer, audience: [LOCAL_CLIENT_ID], jwks: jwksOf(key) }),
    fallbacks: [issuerEndpoints(() => issuer, key)],
  });
  issuer = issuerUrlFor(gateway.url);
});
afterAll(async () => {
  await gateway?.close();
  cleanUp();
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: JWTPayload = {}): JWTPayload => ({ ...accessTokenClaims({ issuer, user: adminManager }), ...overrides });
const withoutClaim = (name: string): JWTPayload => {
  const c = claims();
  delete c[name];
  return c;
};

/** GET /api/me with these headers; how many times the function ran. */
async function me(headers: Record<string, string>) {
  const before = calls.length;
  const res = await get(`${gateway.url}${staffRoute.path}`, headers);
  return { ...res, handlerCalls: calls.length - before, event: calls.at(-1) };
}

const unsigned = (header: object, payload: object, signature = '') =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.${signature}`;

describe('a valid staff token', () => {
  it('reaches the handler with the claims flattened as HTTP API does', async () => {
    const token = await signClaims(key, claims({ 'cognito:groups': ['admin-manager', 'functional-head'] }));
    const res = await me(bearer(token));
    expect(res.status).toBe(200);
    expect(res.handlerCalls).toBe(1);
    const payload = decodeJwt(token);
    const authorizer = (res.event!.requestContext as unknown as { authorizer: JwtAuthorizerContext }).authorizer;
    expect(authorizer.jwt.scopes).toBeNull();
    expect(authorizer.jwt.claims).toEqual({
      iss: issuer,
      sub: 'admin-manager',
      username: 'admin-manager',
      client_id: LOCAL_CLIENT_ID,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      'cognito:groups': '[admin-manager functional-head]',
      auth_time: String(payload.auth_time),
      iat: String(payload.iat),
      exp: String(payload.exp),
      jti: payload.jti,
    });
    expect(res.event!.routeKey).toBe('GET /api/me');
    expect(res.event!.requestContext.routeKey).toBe('GET /api/me');
  });

  it('looks like a Cognito access token: RS256, kid of the JWKS, one hour, groups as an array', async () => {
    const token = await signClaims(key, claims());
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: key.kid });
    const payload = decodeJwt(token);
    expect(payload['cognito:groups']).toEqual(['admin-manager']);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.aud).toBeUndefined();
  });

  it('is accepted without the Bearer prefix, as API Gateway accepts it', async () => {
    const res = await me({ authorization: await signClaims(key, claims()) });
    expect(res.status).toBe(200);
  });

  it("is accepted when its aud is the client id, whatever its client_id (API Gateway reads aud first)", async () => {
    const res = await me(bearer(await signClaims(key, claims({ aud: LOCAL_CLIENT_ID, client_id: 'someone-else' }))));
    expect(res.status).toBe(200);
  });
});

describe('a refused request gets 401 {"message":"Unauthorized"} and never reaches the handler', () => {
  const refusals: Array<[string, () => Promise<Record<string, string>>, string]> = [
    ['no Authorization header', async () => ({}), 'Bearer'],
    ['an empty Authorization header', async () => ({ authorization: '' }), 'Bearer'],
    ['"Bearer" and no token', async () => ({ authorization: 'Bearer ' }), 'Bearer'],
    ['a Basic scheme', async () => ({ authorization: 'Basic YWRtaW46cGFzc3dvcmQ=' }), DESCRIPTIONS.segments],
    ['a garbage token', async () => bearer('not-a-token'), DESCRIPTIONS.segments],
    ['three segments of garbage', async () => bearer('abc.def.ghi'), DESCRIPTIONS.malformed],
    ['a token signed by another key (forged)', async () => bearer(await signClaims(otherKey, claims())), DESCRIPTIONS.key],
    [
      "another key's signature under this issuer's kid",
      async () => bearer(await signClaims(otherKey, claims(), { kid: key.kid })),
      DESCRIPTIONS.signature,
    ],
    ['a token with no kid', async () => bearer(await signClaims(key, claims(), { kid: undefined })), DESCRIPTIONS.key],
    ['a wrong issuer', async () => bearer(await signClaims(key, claims({ iss: 'http://127.0.0.1:1/local/issuer' }))), DESCRIPTIONS.issuer],
    ['no issuer', async () => bearer(await signClaims(key, withoutClaim('iss'))), DESCRIPTIONS.issuer],
    ['a wrong client_id', async () => bearer(await signClaims(key, claims({ client_id: 'another-app' }))), DESCRIPTIONS.audience],
    ['no client_id and no aud', async () => bearer(await signClaims(key, withoutClaim('client_id'))), DESCRIPTIONS.audience],
    [
      'a wrong aud, even with the right client_id',
      async () => bearer(await signClaims(key, claims({ aud: ['another-app'] }))),
      DESCRIPTIONS.audience,
    ],
    ['an expired token', async () => bearer(await signClaims(key, claims({ iat: now() - 3600, exp: now() - 1 }))), DESCRIPTIONS.expired],
    ['a token expiring this very second', async () => bearer(await signClaims(key, claims({ iat: now() - 60, exp: now() }))), DESCRIPTIONS.expired],
    ['no expiry', async () => bearer(await signClaims(key, withoutClaim('exp'))), DESCRIPTIONS.malformed],
    ['a token not valid before a later time', async () => bearer(await signClaims(key, claims({ nbf: now() + 60 }))), DESCRIPTIONS.notYetValid],
    ['a token issued in the future', async () => bearer(await signClaims(key, claims({ iat: now() + 60 }))), DESCRIPTIONS.notYetValid],
    ['an ID token', async () => bearer(await signClaims(key, claims({ token_use: 'id' }))), DESCRIPTIONS.tokenUse],
    ['alg none', async () => bearer(unsigned({ alg: 'none', kid: key.kid }, claims())), DESCRIPTIONS.algorithm],
    [
      'HS256 keyed with the public key (algorithm confusion)',
      async () => {
        const unsignedPart = unsigned({ alg: 'HS256', kid: key.kid }, claims()).slice(0, -1);
        const mac = createHmac('sha256', JSON.stringify(key.publicJwk)).update(unsignedPart).digest('base64url');
        return bearer(`${unsignedPart}.${mac}`);
      },
      DESCRIPTIONS.algorithm,
    ],
    [
      'a payload changed after signing (another role)',
      async () => {
        const [header, , signature] = (await signClaims(key, claims({ 'cognito:groups': ['receiver'] }))).split('.');
        const payload = base64url.encode(JSON.stringify(claims({ 'cognito:groups': ['admin-manager'] })));
        return bearer(`${header}.${payload}.${signature}`);
      },
      DESCRIPTIONS.signature,
    ],
    [
      'one character of the payload flipped',
      async () => {
        const [header, payload, signature] = (await signClaims(key, claims())).split('.') as [string, string, string];
        const i = Math.floor(payload.length / 2);
        const flipped = payload.slice(0, i) + (payload[i] === 'A' ? 'B' : 'A') + payload.slice(i + 1);
        return bearer(`${header}.${flipped}.${signature}`);
      },
      '*',
    ],
  ];

  it.each(refusals)('%s', async (_case, headers, description) => {
    const res = await me(await headers());
    expect(res.status).toBe(401);
    expect(res.text).toBe('{"message":"Unauthorized"}');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.handlerCalls).toBe(0);
    const challenge = res.headers.get('www-authenticate');
    if (description === 'Bearer') expect(challenge).toBe('Bearer');
    else if (description === '*') expect(challenge).toMatch(/^Bearer scope="" error="invalid_token" error_description="[^"]+"$/);
    else expect(challenge).toBe(`Bearer scope="" error="invalid_token" error_description="${description}"`);
  });
});

describe('public routes', () => {
  it('never look at Authorization, not even a garbage one, and get no authorizer context', async () => {
    const before = calls.length;
    const res = await get(`${gateway.url}${publicRoute.path}`, { authorization: 'Bearer garbage' });
    expect(res.status).toBe(200);
    expect(calls.length - before).toBe(1);
    expect((calls.at(-1)!.requestContext as { authorizer?: unknown }).authorizer).toBeUndefined();
  });
});

describe('the issuer endpoints', () => {
  it('publish the public key only, with its kid, as a JWKS', async () => {
    const res = await get(`${issuer}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.json.keys).toHaveLength(1);
    const [jwk] = res.json.keys;
    expect(jwk).toEqual({ kty: 'RSA', n: key.publicJwk.n, e: 'AQAB', kid: key.kid, alg: 'RS256', use: 'sig' });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(secret);
  });

  it('describe the issuer in its OpenID configuration', async () => {
    const res = await get(`${issuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` });
  });

  it('answer nothing else under the issuer', async () => {
    expect((await get(`${issuer}/.well-known/other`)).status).toBe(404);
  });
});

describe('the signing key', () => {
  it('is created owner-only in the data directory on first start and reused after', async () => {
    const dir = dataDir();
    const first = await loadOrCreateSigningKey(dir);
    const file = signingKeyPath(dir);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateSigningKey(dir);
    expect(second.kid).toBe(first.kid);
    // A token signed with the first load verifies against the second's JWKS.
    const authorize = createJwtAuthorizer({ issuer: 'http://x', audience: [LOCAL_CLIENT_ID], jwks: jwksOf(second) });
    const token = await signClaims(first, { ...accessTokenClaims({ issuer: 'http://x', user: adminManager }) });
    expect((await authorize(`Bearer ${token}`)).ok).toBe(true);
  });

  it('is new for every in-memory stack', async () => {
    const [a, b] = await Promise.all([loadOrCreateSigningKey(null), loadOrCreateSigningKey(null)]);
    expect(a.kid).not.toBe(b.kid);
  });

  it('refuses a corrupt key file with a message saying what to do', async () => {
    const dir = dataDir();
    await loadOrCreateSigningKey(dir);
    chmodSync(signingKeyPath(dir), 0o600);
    writeFileSync(signingKeyPath(dir), '{"kty":"RSA"}');
    await expect(loadOrCreateSigningKey(dir)).rejects.toThrow(SigningKeyFileError);
    await expect(loadOrCreateSigningKey(dir)).rejects.toThrow(/delete it and start again/);
    expect(readFileSync(signingKeyPath(dir), 'utf8')).toBe('{"kty":"RSA"}'); // left for the user to look at
  });
});

describe('the in-memory stack', { timeout: 90_000 }, () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves GET /api/me to a staff token of its own issuer', async () => {
    expect(stack.issuerUrl).toBe(`${stack.apiUrl}/local/issuer`);
    const res = await get(`${stack.apiUrl}/api/me`, bearer(await stack.token('admin-manager')));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 'admin-manager', roles: ['admin-manager'] });
  });

  it('signs for a chosen user of the role', async () => {
    const res = await get(`${stack.apiUrl}/api/me`, bearer(await stack.token('functional-head', { user: 'prevention-deputy' })));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 'prevention-deputy', roles: ['functional-head'] });
  });

  it('refuses to sign for a user without the role', async () => {
    await expect(stack.token('cro', { user: 'admin-manager' })).rejects.toThrow(/admin-manager/);
  });

  it('answers 401 to no token, an expired one and a forged one', async () => {
    const expired = await stack.signClaims({ ...accessTokenClaims({ issuer: stack.issuerUrl, user: adminManager }), iat: now() - 120, exp: now() - 60 });
    const forged = await signClaims(otherKey, accessTokenClaims({ issuer: stack.issuerUrl, user: adminManager }));
    for (const headers of [{}, bearer(expired), bearer(forged)]) {
      const res = await get(`${stack.apiUrl}/api/me`, headers);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ message: 'Unauthorized' });
    }
  });

  it('keeps the public health route open whatever Authorization says', async () => {
    expect((await get(`${stack.apiUrl}/api/health`, { authorization: 'Bearer garbage' })).status).toBe(200);
  });
});
