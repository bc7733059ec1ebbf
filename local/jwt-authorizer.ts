import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

/**
 * The local stand-in for API Gateway's HTTP API JWT authorizer, checking what the AWS one checks
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html):
 * the token is the Authorization header, with or without a `Bearer` prefix; it is decoded; its
 * header names RS256 and a `kid` of the issuer's JWKS and the signature verifies with that key;
 * `iss` is the issuer; `aud`, or `client_id` when there is no `aud`, is one of the audiences; `exp`
 * is after now, `nbf` and `iat` are not after now (no clock tolerance). One check more than AWS:
 * `token_use` must be `access`, so an ID token is refused here. AWS's authorizer does not look at
 * `token_use` (its documentation says it cannot tell access from ID tokens), so in AWS the same rule
 * has to be kept on the handler side (`token_use` reaches the handler as the claim "access").
 *
 * A refusal is what API Gateway answers: 401, body {"message":"Unauthorized"}, and a
 * `www-authenticate` header: plain `Bearer` when there is no token, otherwise
 * `Bearer scope="" error="invalid_token" error_description="…"`.
 */

export type Authorization =
  | { ok: true; claims: Record<string, string> }
  | { ok: false; challenge: string };

export type Authorizer = (authorizationHeader: string | undefined) => Promise<Authorization>;

export interface JwtAuthorizerOptions {
  /** The expected `iss`; a function when it is known only once the gateway listens. */
  issuer: string | (() => string);
  /** Accepted values of `aud` (or of `client_id` when the token has no `aud`). */
  audience: readonly string[];
  jwks: JSONWebKeySet;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

const NO_TOKEN = 'Bearer';
const invalid = (description: string): Authorization => ({
  ok: false,
  challenge: `Bearer scope="" error="invalid_token" error_description="${description}"`,
});

/**
 * error_description values. The audience text is AWS's own (HTTP API JWT troubleshooting page); the
 * segments text was observed from a deployed HTTP API; the rest follow their wording but are not
 * confirmed against AWS. Never echo anything from the token itself into a header.
 */
export const DESCRIPTIONS = {
  segments: 'token contains an invalid number of segments',
  malformed: 'the token is malformed',
  algorithm: 'the token is not signed with a supported signing method',
  key: 'the token is not signed by a key of the issuer',
  signature: 'the token signature is invalid',
  issuer: 'the token does not have a valid issuer',
  audience: 'the token does not have a valid audience',
  expired: 'the token has expired',
  notYetValid: 'the token is not valid yet',
  tokenUse: 'the token is not an access token',
} as const;

export function createJwtAuthorizer(options: JwtAuthorizerOptions): Authorizer {
  const keys = createLocalJWKSet(options.jwks);
  const kids = new Set(options.jwks.keys.map((k) => k.kid));
  const issuer = typeof options.issuer === 'function' ? options.issuer : () => options.issuer as string;
  const now = options.now ?? Date.now;

  return async (authorizationHeader) => {
    const raw = authorizationHeader?.trim() ?? '';
    if (raw === '') return { ok: false, challenge: NO_TOKEN };
    const token = /^bearer\s+/i.test(raw) ? raw.replace(/^bearer\s+/i, '').trim() : raw;
    if (token === '' || /^bearer$/i.test(raw)) return { ok: false, challenge: NO_TOKEN };
    if (token.split('.').length !== 3) return invalid(DESCRIPTIONS.segments);

    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return invalid(DESCRIPTIONS.malformed);
    }
    // Only RS256 (so never `none`, never a symmetric key made out of the public one).
    if (header.alg !== 'RS256') return invalid(DESCRIPTIONS.algorithm);
    if (typeof header.kid !== 'string' || !kids.has(header.kid)) return invalid(DESCRIPTIONS.key);

    const currentDate = new Date(now());
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: issuer(),
        algorithms: ['RS256'],
        clockTolerance: 0,
        requiredClaims: ['exp'],
        currentDate,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return invalid(DESCRIPTIONS.expired);
      if (error instanceof errors.JWTClaimValidationFailed) {
        if (error.claim === 'iss') return invalid(DESCRIPTIONS.issuer);
        if (error.claim === 'nbf') return invalid(DESCRIPTIONS.notYetValid);
        return invalid(DESCRIPTIONS.malformed);
      }
      if (error instanceof errors.JWSSignatureVerificationFailed) return invalid(DESCRIPTIONS.signature);
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return invalid(DESCRIPTIONS.key);
      return invalid(DESCRIPTIONS.malformed);
    }

    // API Gateway's audience rule: `aud` when present, else `client_id`.
    const audiences = payload.aud === undefined ? [payload.client_id] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.some((a) => typeof a === 'string' && options.audience.includes(a))) return invalid(DESCRIPTIONS.audience);
    if (typeof payload.iat === 'number' && payload.iat > currentDate.getTime() / 1000) return invalid(DESCRIPTIONS.notYetValid);
    if (payload.token_use !== 'access') return invalid(DESCRIPTIONS.tokenUse);

    return { ok: true, claims: flattenClaims(payload) };
  };
}

/**
 * Claims as an HTTP API hands them to the integration (`requestContext.authorizer.jwt.claims`):
 * every value a string. A string stays as it is; a number or boolean is written out (`1767225600`,
 * `true`); an array becomes its items, each written out the same way, separated by spaces inside
 * square brackets, e.g. `cognito:groups` ["admin-manager","functional-head"] becomes
 * "[admin-manager functional-head]" (the form reported from real HTTP APIs:
 * aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock#802). An object claim
 * (Cognito access tokens have none) becomes its JSON text: not confirmed against AWS.
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value !== undefined) claims[name] = flatten(value);
  }
  return claims;
}

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(flatten).join(' ')}]`;
  return JSON.stringify(value);
}

/** API Gateway's refusal: 401 {"message":"Unauthorized"} with the challenge. */
export function unauthorized(challenge: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': challenge },
    body: JSON.stringify({ message: 'Unauthorized' }),
  };
}
