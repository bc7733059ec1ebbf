import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { InMemoryWebStorage, OidcClient, WebStorageStateStore } from 'oidc-client-ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CALLBACK_PATH, CONSOLE_PATH, consoleSignInFromEnv, LOCAL_CLIENT_ID } from '../../functions/config/identity';
import { ROLE_DESCRIPTIONS } from '../../functions/config/roles';
import { localConsoleSignIn } from '../../local/issuer';
import { s256 } from '../../local/sign-in';
import { axeViolations, launchChromium, openPage } from '../support/browser';
import { answer, bearer, get, startTestStack } from '../support/stack';

/**
 * The staff console's sign-in on the local stack: discovery, the authorization code flow with PKCE
 * S256 over HTTP as oidc-client-ts runs it, the sign-in page (in Chromium too), and sign-out.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let callback: string;
let discovery: Record<string, any>;

beforeAll(async () => {
  stack = await startTestStack();
  callback = `${stack.apiUrl}${CONSOLE_CALLBACK_PATH}`;
  discovery = (await get(`${stack.issuerUrl}/.well-known/openid-configuration`)).json;
});
afterAll(async () => {
  await stack?.stop();
});

const newVerifier = () => randomBytes(32).toString('base64url');

function authorizeUrl(overrides: Record<string, string | null> = {}, verifier = newVerifier()): string {
  const url = new URL(discovery.authorization_endpoint);
  const params: Record<string, string | null> = {
    response_type: 'code',
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: callback,
    code_challenge: s256(verifier),
    code_challenge_method: 'S256',
    scope: 'openid profile',
    state: 'state-1',
    nonce: 'nonce-1',
    ...overrides,
  };
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/** Posts a form without following redirects. */
async function postForm(url: string, fields: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return answer(res);
}

/** The hidden fields of the sign-in page, as the browser would send them back. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return fields;
}

/** Opens the sign-in page, chooses `user`, and returns the code the console receives. */
async function signIn(user: string, verifier: string, overrides: Record<string, string | null> = {}): Promise<{ code: string; location: URL }> {
  const page = await get(authorizeUrl(overrides, verifier));
  expect(page.status).toBe(200);
  const res = await postForm(new URL(discovery.authorization_endpoint).toString(), { ...hiddenFields(page.text), user });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!);
  return { code: location.searchParams.get('code')!, location };
}

const exchange = (fields: Record<string, string>) => postForm(discovery.token_endpoint, fields);
const tokenRequest = (code: string, verifier: string) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: callback,
  client_id: LOCAL_CLIENT_ID,
  code_verifier: verifier,
});

describe('discovery', () => {
  it('lists what oidc-client-ts reads: the code flow with PKCE S256 and the endpoints under the issuer', () => {
    expect(discovery).toMatchObject({
      issuer: stack.issuerUrl,
      authorization_endpoint: `${stack.issuerUrl}/authorize`,
      token_endpoint: `${stack.issuerUrl}/token`,
      end_session_endpoint: `${stack.issuerUrl}/logout`,
      jwks_uri: `${stack.issuerUrl}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
    });
  });

  it("gives the console its authority, client id and sign-out endpoint from one function", () => {
    expect(localConsoleSignIn(stack.apiUrl)).toEqual({
      authority: stack.issuerUrl,
      client_id: LOCAL_CLIENT_ID,
      scope: 'openid profile email',
      end_session_endpoint: discovery.end_session_endpoint,
    });
    // What a function of the stack reads, as in AWS (StaffDirectory.bindConsoleSignIn).
    expect(consoleSignInFromEnv(process.env)).toEqual(localConsoleSignIn(stack.apiUrl));
  });
});

describe('the authorization code flow with PKCE', () => {
  it('gives tokens for the chosen user that the staff API accepts, and an ID token for the console', async () => {
    const verifier = newVerifier();
    const { code, location } = await signIn('operations-head', verifier);
    expect(`${location.origin}${location.pathname}`).toBe(callback);
    expect(location.searchParams.get('state')).toBe('state-1');

    const res = await exchange(tokenRequest(code, verifier));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

    const me = await get(`${stack.apiUrl}/api/me`, bearer(res.json.access_token));
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: 'operations-head', roles: ['functional-head'] });

    const jwks = createLocalJWKSet((await get(discovery.jwks_uri)).json as JSONWebKeySet);
    const access = await jwtVerify(res.json.access_token, jwks, { issuer: stack.issuerUrl });
    expect(access.payload).toMatchObject({ client_id: LOCAL_CLIENT_ID, token_use: 'access', username: 'operations-head', 'cognito:groups': ['functional-head'] });
    expect(access.payload).not.toHaveProperty('aud');

    const id = await jwtVerify(res.json.id_token, jwks, { issuer: stack.issuerUrl, audience: LOCAL_CLIENT_ID });
    expect(decodeProtectedHeader(res.json.id_token)).toMatchObject({ alg: 'RS256' });
    expect(id.payload).toMatchObject({
      sub: 'operations-head',
      nonce: 'nonce-1',
      token_use: 'id',
      'cognito:username': 'operations-head',
      'cognito:groups': ['functional-head'],
      name: 'Head of Operations',
    });
    expect(id.payload).not.toHaveProperty('email'); // the email scope was not asked for
  });

  it('refuses the ID token at the staff API (an access token only)', async () => {
    const verifier = newVerifier();
    const { code } = await signIn('ssm', verifier);
    const res = await exchange(tokenRequest(code, verifier));
    expect((await get(`${stack.apiUrl}/api/me`, bearer(res.json.id_token))).status).toBe(401);
  });

  it('refuses a wrong verifier, and the code is then spent', async () => {
    const verifier = newVerifier();
    const { code } = await signIn('admin-manager', verifier);
    const wrong = await exchange(tokenRequest(code, newVerifier()));
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
    expect((await exchange(tokenRequest(code, verifier))).json.error).toBe('invalid_grant');
  });

  it('refuses a code used twice', async () => {
    const verifier = newVerifier();
    const { code } = await signIn('admin-manager', verifier);
    expect((await exchange(tokenRequest(code, verifier))).status).toBe(200);
    const again = await exchange(tokenRequest(code, verifier));
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const verifier = newVerifier();
    const { code } = await signIn('admin-manager', verifier);
    const res = await exchange({ ...tokenRequest(code, verifier), redirect_uri: `${stack.apiUrl}${CONSOLE_PATH}` });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_grant');
  });

  it('refuses another client', async () => {
    const verifier = newVerifier();
    const { code } = await signIn('admin-manager', verifier);
    const res = await exchange({ ...tokenRequest(code, verifier), client_id: 'someone-else' });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('invalid_client');
  });

  it('answers RFC 6749 errors to a malformed token request', async () => {
    expect((await exchange({ grant_type: 'password', client_id: LOCAL_CLIENT_ID })).json.error).toBe('unsupported_grant_type');
    expect((await exchange({ grant_type: 'authorization_code', client_id: LOCAL_CLIENT_ID })).json.error).toBe('invalid_request');
    const json = await fetch(discovery.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
    expect((await exchange({ ...tokenRequest('made-up', newVerifier()) })).json.error).toBe('invalid_grant');
  });
});

describe('oidc-client-ts, as the console uses it', () => {
  it('signs in with the code flow and PKCE, and signs out back to the console', async () => {
    const settings = localConsoleSignIn(stack.apiUrl);
    const client = new OidcClient({
      authority: settings.authority,
      client_id: settings.client_id,
      redirect_uri: callback,
      post_logout_redirect_uri: `${stack.apiUrl}${CONSOLE_PATH}`,
      response_type: 'code',
      scope: settings.scope,
      stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    });
    const request = await client.createSigninRequest({});
    const authorize = new URL(request.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const page = await get(request.url);
    expect(page.status).toBe(200);
    const chosen = await postForm(discovery.authorization_endpoint, { ...hiddenFields(page.text), user: 'legal-governance' });
    expect(chosen.status).toBe(303);

    const response = await client.processSigninResponse(chosen.headers.get('location')!);
    expect(response.profile).toMatchObject({ sub: 'legal-governance', 'cognito:groups': ['legal-governance'], email: 'legal-governance@' + stack.users.find((u) => u.id === 'legal-governance')!.email.split('@')[1] });
    const me = await get(`${stack.apiUrl}/api/me`, bearer(response.access_token));
    expect(me.json).toMatchObject({ id: 'legal-governance', roles: ['legal-governance'] });

    const signOut = await client.createSignoutRequest({ id_token_hint: response.id_token, state: { back: 'home' } });
    const res = await fetch(signOut.url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = await client.processSignoutResponse(res.headers.get('location')!);
    expect(back.userState).toEqual({ back: 'home' });
  });
});

describe('the sign-in page', () => {
  it('lists every demo user as a button holding its id and role', async () => {
    const res = await get(authorizeUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(res.text).toMatch(/<html lang="en-GB">/);
    expect(res.text.match(/<h1>/g)).toHaveLength(1);
    expect(res.text).not.toMatch(/<script/);
    const buttons = [...res.text.matchAll(/<button type="submit" name="user" value="([^"]+)">([^<]+)<\/button>/g)];
    expect(buttons.map((b) => b[1])).toEqual(stack.users.map((u) => u.id));
    for (const [, id, text] of buttons) {
      const user = stack.users.find((u) => u.id === id)!;
      expect(text).toContain(id);
      for (const role of user.roles) expect(text).toContain(role);
    }
  });

  it.each([
    ['another client', { client_id: 'someone-else' }, /client_id/],
    ['a redirect_uri elsewhere', { redirect_uri: 'https://evil.example/staff/callback' }, /redirect_uri must be/],
    ['the right path on another origin', { redirect_uri: 'http://localhost:1/staff/callback' }, /redirect_uri must be/],
    ['no PKCE', { code_challenge: null, code_challenge_method: null }, /code_challenge_method must be S256/],
    ['plain PKCE', { code_challenge_method: 'plain' }, /code_challenge_method must be S256/],
    ['a short challenge', { code_challenge: 'abc' }, /code_challenge must be/],
    ['the implicit flow', { response_type: 'token' }, /response_type must be code/],
    ['no openid scope', { scope: 'profile' }, /scope must include openid/],
    ['a scope the client may not have', { scope: 'openid aws.cognito.signin.user.admin' }, /may not ask for the scope/],
  ])('refuses %s with a page saying why, not a redirect', async (_, overrides, reason) => {
    const res = await fetch(authorizeUrl(overrides), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const text = await res.text();
    expect(text).toContain('<h1>Sign-in request refused</h1>');
    expect(text).toMatch(reason);
  });

  it('refuses a posted choice whose request was tampered with, or an unknown user', async () => {
    const page = await get(authorizeUrl());
    const fields = hiddenFields(page.text);
    const tampered = await postForm(discovery.authorization_endpoint, { ...fields, redirect_uri: 'https://evil.example/staff/callback', user: 'ssm' });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('location')).toBeNull();
    const nobody = await postForm(discovery.authorization_endpoint, { ...fields, user: 'nobody' });
    expect(nobody.status).toBe(400);
  });

  describe('in Chromium', { timeout: 60_000 }, () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('passes axe, works by keyboard, and signs in as the user chosen', async () => {
      const { page, problems } = await openPage(browser);
      await page.goto(authorizeUrl());
      expect(await axeViolations(page)).toEqual([]);
      const button = page.getByRole('button', { name: /operations-deputy/ });
      await expect(button.textContent()).resolves.toContain(ROLE_DESCRIPTIONS['functional-head'].split(':')[0]);
      await button.focus();
      const landed = page.waitForURL((url) => url.pathname === CONSOLE_CALLBACK_PATH);
      await page.keyboard.press('Enter');
      await landed;
      const url = new URL(page.url());
      expect(url.searchParams.get('state')).toBe('state-1');
      expect(url.searchParams.get('code')).toBeTruthy();
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
});

describe('signing out', () => {
  it("returns to the console by OpenID's post_logout_redirect_uri, with the state", async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('post_logout_redirect_uri', `${stack.apiUrl}${CONSOLE_PATH}`);
    url.searchParams.set('state', 's');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${stack.apiUrl}${CONSOLE_PATH}?state=s`);
  });

  it("returns to the console by Cognito's client_id and logout_uri", async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('client_id', LOCAL_CLIENT_ID);
    url.searchParams.set('logout_uri', `${stack.apiUrl}${CONSOLE_PATH}`);
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${stack.apiUrl}${CONSOLE_PATH}`);
  });

  it('takes both forms at once, as the console sends them, when they name the same address; two different ones are refused', async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('post_logout_redirect_uri', `${stack.apiUrl}${CONSOLE_PATH}`);
    url.searchParams.set('client_id', LOCAL_CLIENT_ID);
    url.searchParams.set('logout_uri', `${stack.apiUrl}${CONSOLE_PATH}`);
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${stack.apiUrl}${CONSOLE_PATH}`);
    url.searchParams.set('logout_uri', `${stack.apiUrl}/elsewhere/`);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
  });

  it('refuses to send the browser anywhere else, and says so', async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('post_logout_redirect_uri', 'https://evil.example/staff/');
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('says the user is signed out when there is nowhere to return to', async () => {
    const res = await get(discovery.end_session_endpoint);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>You are signed out</h1>');
  });
});
