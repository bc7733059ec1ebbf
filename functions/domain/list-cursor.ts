import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from './errors';
import type { ListPosition } from './ports';

/**
 * The case list's cursor: where a page ended (an index position, ports.ts `ListPosition`), the
 * query it belongs to and the instant the listing started, signed with HMAC-SHA256.
 *
 *   <base64url(JSON {v, q, at, p})>.<base64url(HMAC-SHA256(key, first part))>
 *
 * `q` is the SHA-256 of the query's filters (not its limit), so a cursor taken to another query is
 * refused; `at` keeps "overdue" and "due within" as they were on the first page. The key comes from
 * configuration (CURSOR_KEY); nothing in a cursor is secret, only unforgeable.
 */

const VERSION = 1;
const refused = () => new ValidationError([{ path: 'cursor', message: 'not a cursor this API gave for this query' }]);

export interface CursorContent {
  position: ListPosition;
  /** ISO instant the listing started (its first page). */
  at: string;
}

/** The filters of a query, in a fixed order: what a cursor is bound to. */
export function queryDigest(filters: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(filters).sort().map((k) => [k, filters[k]]));
  return createHash('sha256').update(canonical).digest('base64url');
}

const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest();

export function sealCursor(key: string, digest: string, content: CursorContent): string {
  const body = Buffer.from(JSON.stringify({ v: VERSION, q: digest, at: content.at, p: content.position })).toString('base64url');
  return `${body}.${sign(key, body).toString('base64url')}`;
}

/** The content of a cursor this API sealed for the same query, or a ValidationError naming `cursor`. */
export function openCursor(key: string, digest: string, cursor: string): CursorContent {
  const [body, mac, ...rest] = cursor.split('.');
  if (!body || !mac || rest.length) throw refused();
  // Decoding base64url skips what it cannot read: only the signature's own spelling is taken.
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(key, body);
  if (given.toString('base64url') !== mac || given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  // Signed by us, so well-formed: only the query it was given for is left to check.
  const content = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { v: number; q: string; at: string; p: ListPosition };
  if (content.v !== VERSION || content.q !== digest) throw refused();
  return { position: content.p, at: content.at };
}
