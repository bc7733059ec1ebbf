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
