import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONSOLE_CALLBACK_PATH,
  CONSOLE_PATH,
  CONSOLE_SCOPES,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER_PATH,
} from '../functions/config/identity';
import { ROLE_DESCRIPTIONS } from '../functions/config/roles';
import { securityHeaders } from '../functions/config/security-headers';
import type { DemoUser } from './demo-users';
import { DEFAULT_EXPIRES_IN_SECONDS, issuerPaths, signAccessToken, signIdToken, type SigningKey } from './issuer';

/**
 * The local stand-in for Cognito's managed login: the OpenID Connect authorization code flow with
 * PKCE (RFC 6749, RFC 7636) for the staff console, a public client. `authorize` answers a sign-in
 * page that lists the demo users (no passwords: choosing one signs in as them); `token` exchanges
 * the code for Cognito-shaped access and ID tokens; `logout` sends the browser back to the console.
 *
 * Only the console of this gateway may sign in: the client id is LOCAL_CLIENT_ID and the only
 * redirect URIs are the gateway's own `/staff/callback` and `/staff/`. Anything else is refused with
 * a page saying why, never with a redirect to an address that was not checked.
 */

/** How long an authorization code can be exchanged (Cognito's are valid for 5 minutes; a browser needs a second). */
export const AUTHORIZATION_CODE_SECONDS = 60;
/** A form body this small is all a sign-in or token request needs. */
const MAX_FORM_BYTES = 16 * 1024;
/** The pages' few styles, served beside them (the Content-Security-Policy allows no inline style). */
const STYLESHEET = `${LOCAL_ISSUER_PATH}/sign-in.css`;
const CSS = `body { font-family: system-ui, sans-serif; font-size: 1.1875rem; line-height: 1.4; color: #0b0c0c; margin: 0; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 2rem; margin: 0 0 1.5rem; }
ul { list-style: none; padding: 0; margin: 0; }
li { margin: 0 0 0.75rem; }
button { font: inherit; min-height: 2.75rem; width: 100%; text-align: left; padding: 0.5rem 0.75rem; color: #0b0c0c;
  background: #f3f2f1; border: 2px solid #0b0c0c; border-radius: 0; cursor: pointer; }
button:hover { background: #dbdad9; }
button:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
a { color: #1d70b8; }
a:focus { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; }
`;

/** RFC 7636 §4.1 and §4.2: a verifier, and an S256 challenge, are 43–128 unreserved characters. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface SignInOptions {
  /** The issuer URL; read per request (the gateway's port is known once it listens). */
  issuer: () => string;
  key: SigningKey;
  users: readonly DemoUser[];
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

/** A checked authorization request: what the sign-in form carries and the code is bound to. */
interface AuthorizationRequest {
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  state?: string;
  nonce?: string;
}

interface IssuedCode extends AuthorizationRequest {
  user: DemoUser;
  expiresAt: number;
}

/** The S256 challenge of a verifier: BASE64URL(SHA-256(verifier)). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The one value of a parameter; a repeated one is refused (RFC 6749 §3.1). */
function single(params: URLSearchParams, name: string): string | undefined | 'repeated' {
  const all = params.getAll(name);
  if (all.length > 1) return 'repeated';
  return all[0] === '' ? undefined : all[0];
}

/** Checks an authorization request against the one client this issuer knows; a problem in words otherwise. */
export function checkAuthorizationRequest(params: URLSearchParams, origin: string): AuthorizationRequest | { problem: string } {
  const names = ['response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'scope', 'state', 'nonce'];
  const value: Record<string, string | undefined> = {};
  for (const name of names) {
    const v = single(params, name);
    if (v === 'repeated') return { problem: `The parameter ${name} is given more than once.` };
    value[name] = v;
  }
  if (value.client_id !== LOCAL_CLIENT_ID) return { problem: `The client_id is not this issuer's console client (${LOCAL_CLIENT_ID}).` };
  const callback = `${origin}${CONSOLE_CALLBACK_PATH}`;
  if (value.redirect_uri !== callback) return { problem: `The redirect_uri must be ${callback}, the staff console of this stack.` };
  if (value.response_type !== 'code') return { problem: 'The response_type must be code (the authorization code flow).' };
  if (value.code_challenge_method !== 'S256') return { problem: 'The code_challenge_method must be S256 (PKCE); plain is not accepted.' };
  if (!value.code_challenge || !PKCE_VALUE.test(value.code_challenge)) {
    return { problem: 'The code_challenge must be 43 to 128 letters, digits, "-", ".", "_" or "~" (an S256 PKCE challenge).' };
  }
  const scopes = (value.scope ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('openid')) return { problem: 'The scope must include openid.' };
  const unknown = scopes.filter((s) => !(CONSOLE_SCOPES as readonly string[]).includes(s));
  if (unknown.length) return { problem: `The console client may not ask for the scope ${unknown.join(', ')}; it may ask for ${CONSOLE_SCOPES.join(', ')}.` };
  return {
    redirectUri: callback,
    codeChallenge: value.code_challenge,
    scopes,
    ...(value.state === undefined ? {} : { state: value.state }),
    ...(value.nonce === undefined ? {} : { nonce: value.nonce }),
  };
}

/** The hidden fields that carry a checked request through the sign-in form. */
function requestFields(request: AuthorizationRequest): Record<string, string> {
  return {
    response_type: 'code',
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: request.redirectUri,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    scope: request.scopes.join(' '),
    ...(request.state === undefined ? {} : { state: request.state }),
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
  };
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – local staff sign-in</title>
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The sign-in page: one form, one submit button per demo user, its text the user's id, name and roles. */
export function signInPage(request: AuthorizationRequest, users: readonly DemoUser[]): string {
  const hidden = Object.entries(requestFields(request))
    .map(([name, v]) => `<input type="hidden" name="${name}" value="${escapeHtml(v)}">`)
    .join('\n');
  const items = users
    .map((u) => {
      const roles = u.roles.map((r) => `${r} (${ROLE_DESCRIPTIONS[r].split(':')[0]})`).join(', ');
      return `<li><button type="submit" name="user" value="${escapeHtml(u.id)}">Sign in as ${escapeHtml(u.id)}: ${escapeHtml(u.name)}, role ${escapeHtml(roles)}</button></li>`;
    })
    .join('\n');
  return page(
    'Sign in',
    `<h1>Sign in to the staff console</h1>
<p>This is the local stack's stand-in for the service's sign-in page: there are no passwords here. Choose the member of staff to sign in as; the console gets their roles.</p>
<form method="post" action="${issuerPaths(LOCAL_ISSUER_PATH).authorize}">
${hidden}
<ul>
${items}
</ul>
</form>`,
  );
}

const errorPage = (problem: string) =>
  page(
    'Sign-in request refused',
    `<h1>Sign-in request refused</h1>
<p>${escapeHtml(problem)}</p>
<p>Open the <a href="${CONSOLE_PATH}">staff console</a> to start signing in again.</p>`,
  );

const signedOutPage = () =>
  page('Signed out', `<h1>You are signed out</h1>\n<p>Open the <a href="${CONSOLE_PATH}">staff console</a> to sign in again.</p>`);

function html(res: ServerResponse, status: number, body: string, head: boolean): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

function redirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.writeHead(status, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  res.end();
}

/** RFC 6749 §5.2: an error of the token endpoint. */
function tokenError(res: ServerResponse, status: 400 | 401, error: string, description: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' });
  res.end(JSON.stringify({ error, error_description: description }));
}

/** The body of a urlencoded form, or null when it is too large or of another type. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  if (type !== 'application/x-www-form-urlencoded') return null;
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const withQuery = (base: string, params: Record<string, string | undefined>) => {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
};

/**
 * Answers `<issuer>/authorize` (GET: the sign-in page; POST: the user chosen), `<issuer>/token`
 * (POST) and `<issuer>/logout` (GET); a gateway fallback.
 */
export function signInEndpoints(options: SignInOptions) {
  const now = options.now ?? Date.now;
  const codes = new Map<string, IssuedCode>();
  const paths = issuerPaths(LOCAL_ISSUER_PATH);

  const authorize = async (req: IncomingMessage, res: ServerResponse, url: URL, origin: string) => {
    const head = req.method === 'HEAD';
    let params = url.searchParams;
    if (req.method === 'POST') {
      const form = await readForm(req);
      if (!form) return html(res, 400, errorPage('The sign-in form must be sent as application/x-www-form-urlencoded.'), false);
      params = form;
    }
    const request = checkAuthorizationRequest(params, origin);
    if ('problem' in request) return html(res, 400, errorPage(request.problem), head);
    if (req.method !== 'POST') return html(res, 200, signInPage(request, options.users), head);
    const user = options.users.find((u) => u.id === params.get('user'));
    if (!user) return html(res, 400, errorPage('Choose one of the listed members of staff.'), false);
    // Expired codes go when the next one is made: the map stays as small as the sign-ins of a minute.
    for (const [c, issued] of codes) if (issued.expiresAt <= now()) codes.delete(c);
    const code = randomBytes(32).toString('base64url');
    codes.set(code, { ...request, user, expiresAt: now() + AUTHORIZATION_CODE_SECONDS * 1000 });
    redirect(res, 303, withQuery(request.redirectUri, { code, state: request.state }));
  };

  const token = async (req: IncomingMessage, res: ServerResponse) => {
    const form = await readForm(req);
    if (!form) return tokenError(res, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    for (const name of ['grant_type', 'code', 'redirect_uri', 'client_id', 'code_verifier']) {
      if (form.getAll(name).length > 1) return tokenError(res, 400, 'invalid_request', `${name} is given more than once`);
    }
    const grantType = form.get('grant_type');
    if (!grantType) return tokenError(res, 400, 'invalid_request', 'grant_type is missing');
    if (grantType !== 'authorization_code') return tokenError(res, 400, 'unsupported_grant_type', 'only authorization_code is supported');
    const clientId = form.get('client_id');
    if (!clientId) return tokenError(res, 400, 'invalid_request', 'client_id is missing (a public client names itself)');
    if (clientId !== LOCAL_CLIENT_ID) return tokenError(res, 401, 'invalid_client', 'unknown client');
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    const verifier = form.get('code_verifier');
    if (!code || !redirectUri || !verifier) return tokenError(res, 400, 'invalid_request', 'code, redirect_uri and code_verifier are required');
    const issued = codes.get(code);
    // Single use: the first exchange takes the code, whatever its outcome.
    codes.delete(code);
    if (!issued || issued.expiresAt <= now()) return tokenError(res, 400, 'invalid_grant', 'the code is unknown, used or expired');
    if (redirectUri !== issued.redirectUri) return tokenError(res, 400, 'invalid_grant', 'redirect_uri is not the one the code was issued for');
    if (!PKCE_VALUE.test(verifier) || s256(verifier) !== issued.codeChallenge) {
      return tokenError(res, 400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const issuer = options.issuer();
    const at = new Date(now());
    const body = {
      access_token: await signAccessToken(options.key, { issuer, user: issued.user, now: at }),
      id_token: await signIdToken(options.key, {
        issuer,
        user: issued.user,
        now: at,
        clientId,
        scopes: issued.scopes,
        ...(issued.nonce === undefined ? {} : { nonce: issued.nonce }),
      }),
      token_type: 'Bearer',
      expires_in: DEFAULT_EXPIRES_IN_SECONDS,
    };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' });
    res.end(JSON.stringify(body));
  };

  /** OpenID RP-initiated logout (`post_logout_redirect_uri`) or Cognito's (`client_id` and `logout_uri`). */
  const logout = (req: IncomingMessage, res: ServerResponse, url: URL, origin: string) => {
    const head = req.method === 'HEAD';
    const params = url.searchParams;
    const clientId = params.get('client_id');
    if (clientId !== null && clientId !== LOCAL_CLIENT_ID) return html(res, 400, errorPage(`The client_id is not this issuer's console client (${LOCAL_CLIENT_ID}).`), head);
    // Both names may come at once (the console sends OpenID's and Cognito's): the same address twice is one target.
    const targets = [...new Set([...params.getAll('post_logout_redirect_uri'), ...params.getAll('logout_uri')])];
    if (targets.length === 0) return html(res, 200, signedOutPage(), head);
    const consoleUrl = `${origin}${CONSOLE_PATH}`;
    if (targets.length > 1 || targets[0] !== consoleUrl) {
      return html(res, 400, errorPage(`After signing out the only way back is the staff console, ${consoleUrl}.`), head);
    }
    redirect(res, 302, withQuery(consoleUrl, { state: params.get('state') ?? undefined }));
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const method = req.method ?? 'GET';
    const origin = new URL(options.issuer()).origin;
    if (url.pathname === paths.authorize && ['GET', 'HEAD', 'POST'].includes(method)) await authorize(req, res, url, origin);
    else if (url.pathname === paths.token && method === 'POST') await token(req, res);
    else if (url.pathname === paths.logout && ['GET', 'HEAD'].includes(method)) logout(req, res, url, origin);
    else if (url.pathname === STYLESHEET && ['GET', 'HEAD'].includes(method)) {
      res.writeHead(200, { ...securityHeaders, 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' });
      res.end(method === 'HEAD' ? undefined : CSS);
    }
    else return false;
    return true;
  };
}
