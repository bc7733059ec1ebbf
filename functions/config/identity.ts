/**
 * How staff tokens look, defined once for the Cognito user pool (infra/) and the local issuer
 * (local/). Tokens are Cognito access tokens: `client_id` (not `aud`) names the app client,
 * `cognito:groups` carries the roles, `username` the staff id.
 */
export const GROUPS_CLAIM = 'cognito:groups';
export const USERNAME_CLAIM = 'username';
/** The local issuer's app client id (the audience the local gateway accepts). */
export const LOCAL_CLIENT_ID = 'fire-complaints-local';
/** Path of the local issuer under the gateway, e.g. http://127.0.0.1:3000/local/issuer. */
export const LOCAL_ISSUER_PATH = '/local/issuer';

/**
 * The staff console's sign-in (OpenID Connect authorization code with PKCE S256), the same in AWS
 * (Cognito managed login) and locally (local/sign-in.ts): the console at CONSOLE_PATH receives the
 * code at CONSOLE_CALLBACK_PATH and lands on CONSOLE_PATH after signing out, on the site's own origin.
 */
export const CONSOLE_PATH = '/staff/';
export const CONSOLE_CALLBACK_PATH = '/staff/callback';
/** The scopes the console asks for; the Cognito app client allows exactly these. */
export const CONSOLE_SCOPES = ['openid', 'profile', 'email'] as const;

/**
 * What the console needs to sign in (served as `/staff/config.json`), in oidc-client-ts's words:
 * `authority` (discovery at `<authority>/.well-known/openid-configuration`), `client_id`, `scope`,
 * and where signing out happens. Cognito's discovery document has no `end_session_endpoint`: the
 * console seeds it (`metadataSeed`) and sends `client_id` and `logout_uri` (Cognito's names) with
 * `post_logout_redirect_uri`; the local issuer reads either.
 */
export interface ConsoleSignIn {
  authority: string;
  client_id: string;
  scope: string;
  end_session_endpoint: string;
}

/**
 * What a deployment decides of the console's sign-in, as a function's environment carries it (JSON in
 * CONSOLE_SIGN_IN_ENV): everything but the scopes, which are CONSOLE_SCOPES everywhere.
 */
export type ConsoleSignInVariable = Omit<ConsoleSignIn, 'scope'>;

/** The environment variable (JSON of ConsoleSignInVariable) of a function that serves the console's sign-in settings. */
export const CONSOLE_SIGN_IN_ENV = 'STAFF_SIGN_IN';

/** The part of the sign-in settings that goes in CONSOLE_SIGN_IN_ENV. */
export function consoleSignInVariable({ authority, client_id, end_session_endpoint }: ConsoleSignIn): ConsoleSignInVariable {
  return { authority, client_id, end_session_endpoint };
}

/** The console's sign-in settings from a function's environment (CONSOLE_SIGN_IN_ENV); throws when it is missing or incomplete. */
export function consoleSignInFromEnv(env: Readonly<Record<string, string | undefined>>): ConsoleSignIn {
  const text = env[CONSOLE_SIGN_IN_ENV];
  if (!text) throw new Error(`${CONSOLE_SIGN_IN_ENV} is not set: the staff console cannot sign in`);
  const value = JSON.parse(text) as Partial<Record<keyof ConsoleSignInVariable, unknown>>;
  const fields = ['authority', 'client_id', 'end_session_endpoint'] as const;
  for (const field of fields) {
    if (typeof value[field] !== 'string' || value[field] === '') throw new Error(`${CONSOLE_SIGN_IN_ENV} has no ${field}`);
  }
  const given = Object.fromEntries(fields.map((f) => [f, value[f]])) as unknown as ConsoleSignInVariable;
  return { ...given, scope: CONSOLE_SCOPES.join(' ') };
}
