import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
} from 'jose';
import {
  CONSOLE_SCOPES,
  GROUPS_CLAIM,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER_PATH,
  USERNAME_CLAIM,
  type ConsoleSignIn,
} from '../functions/config/identity';
import type { DemoUser } from './demo-users';

/**
 * The local stand-in for the Cognito user pool (DESIGN.md §4): an RS256 key pair that signs tokens
 * shaped like Cognito access and ID tokens, and the two discovery documents a verifier or an OIDC
 * client reads (`/.well-known/jwks.json`, `/.well-known/openid-configuration`) under the issuer URL.
 * The sign-in endpoints the discovery document names are in local/sign-in.ts.
 *
 * With a data directory the private key lives in `<dataDir>/issuer/signing-key.json` (mode 0600),
 * so tokens stay valid across restarts and `npm run token` can sign for the running stack.
 */

export const ALGORITHM = 'RS256';
/** Cognito's default access-token lifetime, and the token CLI's default. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;
/** The scope Cognito puts in an access token obtained by SRP sign-in. */
const SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

export interface SigningKey {
  /** Key id: the RFC 7638 thumbprint of the public key, sent as the token header's `kid`. */
  kid: string;
  privateKey: CryptoKey;
  /** The public half only, as published in the JWKS. */
  publicJwk: JWK;
}

export class SigningKeyFileError extends Error {
  override name = 'SigningKeyFileError';
}

/** http://127.0.0.1:<port>: where the local gateway listens (it binds 127.0.0.1). */
export const localGatewayUrl = (port: number) => `http://127.0.0.1:${port}`;
/** The issuer (`iss`) of tokens for the gateway at `gatewayUrl`. */
export const issuerUrlFor = (gatewayUrl: string) => `${gatewayUrl}${LOCAL_ISSUER_PATH}`;
/** Where a data directory keeps the issuer's private key. */
export const signingKeyPath = (dataDir: string) => join(dataDir, 'issuer', 'signing-key.json');

const PUBLIC_RSA_MEMBERS = ['kty', 'n', 'e'] as const;

async function fromPrivateJwk(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string' || typeof jwk.d !== 'string') {
    throw new SigningKeyFileError('not an RSA private key');
  }
  const publicPart: JWK = Object.fromEntries(PUBLIC_RSA_MEMBERS.map((k) => [k, jwk[k]]));
  const kid = await calculateJwkThumbprint(publicPart);
  const privateKey = (await importJWK({ ...jwk, alg: ALGORITHM }, ALGORITHM)) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicPart, kid, alg: ALGORITHM, use: 'sig' } };
}

/** A fresh RS256 key pair (in memory only). Tests use a second one to forge tokens. */
export async function newSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { modulusLength: 2048, extractable: true });
  return fromPrivateJwk(await exportJWK(privateKey));
}

/** The key kept in `dataDir`, or null when the stack has never been started with that directory. */
export async function readSigningKey(dataDir: string): Promise<SigningKey | null> {
  const file = signingKeyPath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return await fromPrivateJwk(JSON.parse(text) as JWK);
  } catch (cause) {
    throw new SigningKeyFileError(`${file} is not a usable signing key (${(cause as Error).message}); delete it and start again to make a new one`, { cause });
  }
}

/**
 * The issuer's key: with a data directory, the one kept there (created on first start, readable by
 * its owner only); without one, a fresh key in memory.
 */
export async function loadOrCreateSigningKey(dataDir: string | null): Promise<SigningKey> {
  if (dataDir === null) return newSigningKey();
  const existing = await readSigningKey(dataDir);
  if (existing) return existing;
  const file = signingKeyPath(dataDir);
  mkdirSync(join(dataDir, 'issuer'), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(ALGORITHM, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  try {
    // 'wx': if another process made the key a moment ago, keep theirs.
    writeFileSync(file, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600); // mode is filtered by the umask; the key must be owner-only whatever it is
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readSigningKey(dataDir))!;
  }
  return fromPrivateJwk(jwk);
}

/** The JSON Web Key Set a verifier fetches: public keys only. */
export const jwksOf = (key: SigningKey): JSONWebKeySet => ({ keys: [{ ...key.publicJwk }] });

export interface AccessTokenOptions {
  issuer: string;
  user: DemoUser;
  /** Lifetime in seconds (default 3600). */
  expiresIn?: number;
  /** Issue time (default now). */
  now?: Date;
}

/** The claims of a Cognito access token for `user` (see functions/config/identity.ts). */
export function accessTokenClaims(options: AccessTokenOptions): JWTPayload {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return {
    iss: options.issuer,
    sub: options.user.id,
    [USERNAME_CLAIM]: options.user.id,
    client_id: LOCAL_CLIENT_ID,
    token_use: 'access',
    scope: SIGN_IN_SCOPE,
    [GROUPS_CLAIM]: [...options.user.roles],
    auth_time: iat,
    iat,
    exp: iat + (options.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS),
    jti: randomUUID(),
  };
}

/** The ID token's name for the staff id (the access token's is USERNAME_CLAIM). */
export const ID_USERNAME_CLAIM = 'cognito:username';

export interface IdTokenOptions extends AccessTokenOptions {
  /** The app client the token is for (`aud`). */
  clientId: string;
  /** The `nonce` of the authorization request, when it had one. */
  nonce?: string;
  /** The scopes granted: `profile` adds `name`, `email` adds `email` (as Cognito gives them). */
  scopes: readonly string[];
}

/** The claims of a Cognito ID token for `user`: `aud` is the client, the staff id is `cognito:username`. */
export function idTokenClaims(options: IdTokenOptions): JWTPayload {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return {
    iss: options.issuer,
    sub: options.user.id,
    aud: options.clientId,
    token_use: 'id',
    [ID_USERNAME_CLAIM]: options.user.id,
    [GROUPS_CLAIM]: [...options.user.roles],
    ...(options.scopes.includes('profile') ? { name: options.user.name } : {}),
    ...(options.scopes.includes('email') ? { email: options.user.email, email_verified: true } : {}),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    auth_time: iat,
    iat,
    exp: iat + (options.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS),
    jti: randomUUID(),
  };
}

/**
 * Signs any claims as they are (no defaults added), with the header Cognito uses: `alg` RS256 and
 * the key's `kid`. For tests of refused tokens, `header` overrides the header's members.
 */
export async function signClaims(key: SigningKey, claims: JWTPayload, header: { kid?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM, kid: key.kid, ...header }).sign(key.privateKey);
}

/** A signed access token for `user`. */
export async function signAccessToken(key: SigningKey, options: AccessTokenOptions): Promise<string> {
  return signClaims(key, accessTokenClaims(options));
}

/** A signed ID token for `user`. */
export async function signIdToken(key: SigningKey, options: IdTokenOptions): Promise<string> {
  return signClaims(key, idTokenClaims(options));
}

/** Where the issuer's endpoints live under the issuer URL (Cognito's managed login uses /oauth2/authorize, /oauth2/token, /logout). */
export const issuerPaths = (issuer: string) => ({
  jwks: `${issuer}/.well-known/jwks.json`,
  authorize: `${issuer}/authorize`,
  token: `${issuer}/token`,
  logout: `${issuer}/logout`,
});

/**
 * Cognito's discovery document, reduced to what this issuer really offers: the authorization code
 * flow with PKCE S256 for a public client (no client secret), no refresh tokens, no userinfo.
 */
export const openIdConfiguration = (issuer: string) => {
  const paths = issuerPaths(issuer);
  return {
    issuer,
    authorization_endpoint: paths.authorize,
    token_endpoint: paths.token,
    end_session_endpoint: paths.logout,
    jwks_uri: paths.jwks,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: [...CONSOLE_SCOPES],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ALGORITHM],
    claims_supported: [
      'iss', 'sub', 'aud', USERNAME_CLAIM, ID_USERNAME_CLAIM, 'client_id', 'token_use', 'scope', GROUPS_CLAIM,
      'auth_time', 'iat', 'exp', 'jti', 'nonce', 'name', 'email', 'email_verified',
    ],
  };
};

/** What the staff console signs in with on the local stack at `gatewayUrl` (served as /staff/config.json). */
export const localConsoleSignIn = (gatewayUrl: string): ConsoleSignIn => {
  const issuer = issuerUrlFor(gatewayUrl);
  return { authority: issuer, client_id: LOCAL_CLIENT_ID, scope: CONSOLE_SCOPES.join(' '), end_session_endpoint: issuerPaths(issuer).logout };
};

/**
 * Answers GET `<issuer>/.well-known/jwks.json` and `/.well-known/openid-configuration`; a gateway
 * fallback. `issuer` is read per request because the gateway's port is known only once it listens.
 */
export function issuerEndpoints(issuer: () => string, key: SigningKey) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let body: unknown;
    if (url.pathname === issuerPaths(LOCAL_ISSUER_PATH).jwks) body = jwksOf(key);
    else if (url.pathname === `${LOCAL_ISSUER_PATH}/.well-known/openid-configuration`) body = openIdConfiguration(issuer());
    else return false;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=300' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    return true;
  };
}
