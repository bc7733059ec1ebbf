import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { routeKey, routes, type RouteDefinition } from '../../functions/config/routes';
import { GROUPS_CLAIM, USERNAME_CLAIM } from '../../functions/config/identity';
import type { Role } from '../../functions/config/roles';
import { FORM_PAGES } from '../../functions/domain/form-journey';
import { csrfOf, FormClient } from '../support/form-client';
import { captureLogs, hostileBody, hostileSegment, hostileText, hostileValue, nested, scanAll, send, type CapturedLogs, type Raw } from '../support/hostile';
import { mailTo } from '../support/mailbox';
import { aComplaint } from '../support/mothers';
import { startTestStack } from '../support/stack';

/**
 * Issue 7, item 8, on every route: no 5xx for any input. The routes table (functions/config/routes.ts)
 * drives the run: every route must have a generator of hostile requests here (a route added without
 * one fails the first test). Each request is sent byte for byte; the answer must be below 500, must
 * change nothing unless it was accepted (a 2xx or 3xx), must log no ERROR or CRITICAL line, and a
 * page route must answer a page (HTML, or a redirect) that never carries a probe of markup raw.
 */

let stack: Awaited<ReturnType<typeof startTestStack>>;
let logs: CapturedLogs;

/** What the generators need: cases to act on, who acts, a tracking link, a stored report, a form session. */
interface Fixture {
  /** A case of its own for each route that changes one (so one route's accepted change leaves the others' cases as they were). */
  caseOf: Record<string, string>;
  tokens: Partial<Record<Role | 'owner', string>>;
  trackToken: string;
  month: string;
  form: { cookie: string; csrf: string };
  directory: Record<string, unknown>;
  /** Tokens signed with the issuer's key whose claims are odd (ODD_CLAIMS). */
  oddTokens: string[];
}
let fx: Fixture;

// ------------------------------------------------------------------------------ hostile pieces

/** Markup that must never come back raw in a page. */
const PROBE = '<x-probe a="1">';
const probeText = fc.oneof(
  hostileText,
  fc.constantFrom(PROBE, `"'>${PROBE}`, `</title>${PROBE}`, `${PROBE}</textarea>`, `{{ 7*7 }}${PROBE}`),
);
/** Names an object lookup may trip on. */
const OBJECT_WORDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
/** Values at the edges: dates beyond any calendar, numbers beyond any count, names of Object's own properties. */
const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...OBJECT_WORDS),
  fc.constantFrom('0000-01-01', '0001-01-01', '1900-01-01', '1969-12-31', '2026-02-29', '2026-02-30', '2100-01-01', '9999-12-31', '+275760-09-13', '2026-01-05T25:00:00Z', '2026-01-05T12:00:00+14:00', '2026-W02', '2026-13', '9999-12'),
  fc.constantFrom(-0, -1, 0, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e-7),
  fc.constantFrom<unknown>(null, true, false, [], {}, ['operations'], { constructor: 'x' }),
);
/** The values a JSON field is sent: any hostile value, or one at the edges. */
const fieldValue = fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 2, arbitrary: edgeValue });

/**
 * A value as a URL query or form field carries it: %-encoded, or raw bytes and broken escapes. At most
 * `max` characters: API Gateway refuses a request line and headers over 10 KiB itself (and the local
 * gateway, Node's server, over 16 KiB), so a longer query never reaches a handler.
 */
const wire = (text: fc.Arbitrary<string>, max = 1_500) =>
  fc.oneof(
    text.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?')).slice(0, max)),
    fc.constantFrom('%', '%Z', '%ZZ', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '%FF%FE', '+', '&&', '==', '=%3D'),
    fc.integer({ min: 1, max }).map((n) => 'q'.repeat(n)),
  );
/** A query string: known keys and made-up ones, repeated, with hostile values. */
const hostileQuery = (keys: readonly string[], good: Record<string, fc.Arbitrary<string>> = {}) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...keys, ...OBJECT_WORDS), wire(fc.string({ maxLength: 6 }))),
        fc.oneof({ weight: 3, arbitrary: wire(probeText) }, { weight: 2, arbitrary: fc.oneof(...Object.values(good), fc.constantFrom('', ...OBJECT_WORDS)) }),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

/** A header value node:http will send (it refuses controls and characters beyond Latin-1). */
const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
/** Hostile text as a header value, at most 2,000 characters (the headers must stay under API Gateway's 10 KiB). */
const hostileHeader = hostileText.map((s) => headerSafe(s).slice(0, 2_000));

/** Authorization headers no authorizer may accept. */
const badAuthorization = fc.oneof(
  fc.constantFrom('Bearer', 'Bearer ', 'Bearer a.b', 'Bearer a.b.c', 'Bearer ...', 'Basic Zm9vOmJhcg==', 'bearer', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
  hostileHeader.map((s) => `Bearer ${s}`),
  fc.integer({ min: 1, max: 8_000 }).map((n) => `Bearer ${'e'.repeat(n)}`),
);

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-stream', ';;', 'application/json; charset=%ZZ'];

/** A body as bytes or text, with the Content-Type it claims. */
interface Body {
  body?: string | Buffer;
  contentType?: string;
}
/** JSON bodies for a change: mostly `valid` with fields made hostile, as JSON; else the wrong type, binary, huge, nothing. */
const hostileJson = (valid: () => Record<string, unknown>, fields: readonly string[]): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 6, arbitrary: hostileBody(valid, [...fields, ...OBJECT_WORDS], fieldValue).map((body) => ({ body, contentType: 'application/json' })) },
    // The valid body itself, so that some requests get past validation to the case's state and version.
    { weight: 1, arbitrary: fc.constant(null).map(() => ({ body: JSON.stringify(valid()), contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(hostileBody(valid, fields, fieldValue), fc.constantFrom(...CONTENT_TYPES, undefined)).map(([body, contentType]) => ({ body, contentType })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((b) => ({ body: Buffer.from(b), contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.integer({ min: 200_000, max: 1_200_000 }).map((n) => ({ body: `{"x":"${'y'.repeat(n)}"}`, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom<Body>({}, { body: '', contentType: 'application/json' }, { body: 'null', contentType: 'application/json' }, { body: '[]', contentType: 'application/json' }) },
  );

/** A form post's body: the page's fields with hostile values, the anti-forgery token right, forged or missing. */
const hostileForm = (fields: readonly string[], csrf: () => string): fc.Arbitrary<Body> => {
  const token = fc.oneof(
    { weight: 3, arbitrary: fc.constant('@@CSRF@@') },
    { weight: 1, arbitrary: fc.constantFrom('', 'x', 'A'.repeat(43), '%00', '@@CSRF@@x', '@@CSRF@@&csrf=x') },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const form = fc
    .tuple(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...fields, ...OBJECT_WORDS), fc.string({ maxLength: 6 })), fc.oneof(wire(probeText, 200_000), fc.constantFrom(...OBJECT_WORDS), edgeValue.map((v) => encodeURIComponent(String(v))))), { maxLength: 6 }), token)
    .map(([pairs, t]) => [...(t === undefined ? [] : [`csrf=${t === '@@CSRF@@' ? csrf() : t.replace('@@CSRF@@', csrf())}`]), ...pairs.map(([k, v]) => `${encodeURIComponent(k.replace(/[\ud800-\udfff]/g, '?'))}=${v}`)].join('&'));
  return fc.oneof(
    { weight: 6, arbitrary: form.map((body) => ({ body, contentType: 'application/x-www-form-urlencoded' })) },
    { weight: 1, arbitrary: fc.tuple(form, fc.constantFrom(...CONTENT_TYPES, undefined)).map(([body, contentType]) => ({ body, contentType })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((b) => ({ body: Buffer.from(b), contentType: 'application/x-www-form-urlencoded' })) },
    { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 1_200_000 }).map((n) => ({ body: `csrf=${csrf()}&details=${'y'.repeat(n)}`, contentType: 'application/x-www-form-urlencoded' })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((n) => ({ body: nested(n), contentType: 'application/json' })) },
  );
};

/** The form session cookie: the real one, forged, missing, malformed, doubled. */
const hostileCookie = fc.oneof(
  { weight: 3, arbitrary: fc.constant('@@COOKIE@@') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('form=', 'form', '=', ';;;', `form=${'A'.repeat(43)}`, 'form=%ZZ', 'form=@@COOKIE_VALUE@@; form=x', `form=${'A'.repeat(6_000)}`, 'a=1; form=@@COOKIE_VALUE@@'),
      hostileHeader.map((s) => `form=${s}`),
      hostileHeader,
    ),
  },
);
/** Where a post says it comes from. */
const hostileOrigin = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Record<string, string>>({ 'sec-fetch-site': 'same-origin' }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constant<Record<string, string>>({}),
      fc.constantFrom<Record<string, string>>({ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'none' }, { origin: 'null' }, { origin: 'http://evil.example' }, { origin: '%ZZ' }, { origin: 'http://' }),
      hostileHeader.map((s) => ({ origin: s })),
      hostileHeader.map((s) => ({ 'sec-fetch-site': s })),
      // With no public address configured, an Origin is compared with the Host.
      hostileHeader.map((s) => ({ origin: 'http://127.0.0.1', host: s || '%' })),
    ),
  },
);

// ------------------------------------------------------------------------------ a generator per route

/** One hostile request. `@@V@@` in the body or headers becomes the current version of what it changes when sent. */
interface Hostile {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The version `@@V@@` stands for, read when the request is sent. */
  version?: () => Promise<number>;
}

const withBody = (b: Body, headers: Record<string, string> = {}) => ({ body: b.body, headers: b.contentType === undefined ? headers : { ...headers, 'content-type': b.contentType } });

const REFERENCE_WORDS = fc.constantFrom('@@REF@@', '@@REF@@x', 'CC-2026-99999', 'cc-2026-00001', '..', '.', '%2e%2e', 'CC-2026-00001%00');
/** The {reference} segment: the route's own case (most often), near misses, anything at all. */
const referenceSegment = (route: string) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant('@@REF@@') }, { weight: 1, arbitrary: REFERENCE_WORDS }, { weight: 2, arbitrary: hostileSegment }).map((s) => s.replaceAll('@@REF@@', fx.caseOf[route]!));

/** If-Match: the version read (most often), a stale or future one, or nonsense. */
const ifMatch = fc.oneof(
  { weight: 2, arbitrary: fc.constant('"@@V@@"') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('"999999"', 'W/"@@V@@"', '*', '"-1"', '"1e3"', '"99999999999"', '"0"', '""'), hostileHeader) },
);

/** Each staff route acts as a role that may use it, so hostile requests reach the handler. */
const ROLE_OF: Record<string, Role | 'owner'> = { recordOutcome: 'owner', extendDeadline: 'owner', shareDraftFindings: 'owner', recordOmbudsman: 'cro', extendInformationReview: 'legal-governance', decideInformationReview: 'legal-governance' };

/**
 * The Authorization header: the route's role's token; sometimes a bad one; sometimes one signed by
 * the issuer's own key whose claims are odd (no username, a long or strange one, groups of every shape).
 */
const authorization = (operation: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${fx.tokens[ROLE_OF[operation] ?? 'admin-manager']!}`) },
    { weight: 1, arbitrary: badAuthorization },
    { weight: 1, arbitrary: fc.constantFrom(...fx.oddTokens).map((t) => `Bearer ${t}`) },
  );

/** Claims a signed token may carry that no real sign-in gives (each replaces the same claim of a valid token). */
const ODD_CLAIMS: Array<Record<string, unknown>> = [
  { token_use: undefined },
  { token_use: 'id' },
  { [USERNAME_CLAIM]: undefined },
  { [USERNAME_CLAIM]: '' },
  { [USERNAME_CLAIM]: '\u0000' },
  { [USERNAME_CLAIM]: '\ud800' },
  { [USERNAME_CLAIM]: 'x'.repeat(4_000) },
  { [USERNAME_CLAIM]: '<x-probe a="1">' },
  { [USERNAME_CLAIM]: '__proto__' },
  { [USERNAME_CLAIM]: 'constructor' },
  { [USERNAME_CLAIM]: 42 },
  { [USERNAME_CLAIM]: ['a', 'b'] },
  { [USERNAME_CLAIM]: { id: 'x' } },
  { [GROUPS_CLAIM]: undefined },
  { [GROUPS_CLAIM]: 'admin-manager' },
  { [GROUPS_CLAIM]: '[admin-manager' },
  { [GROUPS_CLAIM]: '[admin-manager cro ssm functional-head receiver]' },
  { [GROUPS_CLAIM]: [1, null, {}] },
  { [GROUPS_CLAIM]: { 0: 'admin-manager' } },
  { [GROUPS_CLAIM]: ['__proto__', 'constructor'] },
  { [GROUPS_CLAIM]: 'admin-manager'.repeat(300) },
];

/** A change to one case: hostile reference, If-Match and body. */
function caseChange(operation: string, tail: string, valid: () => Record<string, unknown>) {
  const fields = Object.keys(valid());
  return fc.tuple(referenceSegment(operation), ifMatch, hostileJson(valid, fields), authorization(operation)).map(([ref, match, b, auth]): Hostile => {
    const reference = fx.caseOf[operation]!;
    const { body, headers } = withBody(b, { authorization: auth, ...(match === undefined ? {} : { 'if-match': match }) });
    return { method: routes.find((r) => r.operation === operation)!.method, path: `/api/cases/${ref}${tail}`, headers, body, version: () => caseVersion(reference) };
  });
}

const get = (path: fc.Arbitrary<string>, headers: fc.Arbitrary<Record<string, string>>) => fc.tuple(path, headers).map(([p, h]): Hostile => ({ method: 'GET', path: p, headers: h }));
const staffGet = (operation: string, path: fc.Arbitrary<string>) => get(path, authorization(operation).map((a) => ({ authorization: a })));

const LIST_KEYS = ['kind', 'status', 'stage', 'owner', 'function', 'month', 'channel', 'category', 'consultation', 'overdue', 'dueWithin', 'limit', 'cursor'];
const goodList: Record<string, fc.Arbitrary<string>> = {
  limit: fc.constantFrom('1', '100', '0', '101', '1e2', '-1', '0x10', '%205', '+5', 'NaN', 'Infinity', '99999999999999999999'),
  stage: fc.constantFrom('1', '3', '4', '0', '1.5'),
  dueWithin: fc.constantFrom('0', '250', '251', '-0', '1e9'),
  month: fc.constantFrom('2026-01', '2026-13', '0000-01', '9999-12'),
  cursor: fc.constantFrom('', 'x', 'eyJ9', 'A'.repeat(1_000), 'A'.repeat(1_001), '%ZZ', '@@CURSOR@@', '@@CURSOR@@x', '@@CURSOR@@'.slice(0, 8)),
  overdue: fc.constantFrom('true', 'false', 'yes', '1', ''),
  consultation: fc.constantFrom('awaiting', 'entered', 'not-entered', 'pending', ''),
};

const FORM_FIELDS = ['kind', 'urgent', 'summary', 'details', 'website', 'incidentDay', 'incidentMonth', 'incidentYear', 'location', 'function', 'name', 'preferredContact', 'email', 'phone', 'address', 'accessibilityNeeds'];
const formPage = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...FORM_PAGES) }, { weight: 1, arbitrary: hostileSegment });
const trackSegment = fc.oneof(
  { weight: 2, arbitrary: fc.constant('@@TRACK@@') },
  { weight: 1, arbitrary: fc.constantFrom('@@TRACK@@x', 'A'.repeat(43), 'short', '@@TRACK@@%00', '..') },
  { weight: 2, arbitrary: hostileSegment },
);
const withCookie = (c: string | undefined): Record<string, string> =>
  c === undefined ? {} : { cookie: c.replaceAll('@@COOKIE@@', fx.form.cookie).replaceAll('@@COOKIE_VALUE@@', fx.form.cookie.slice('form='.length)) };

/** Every route's generator, by operation. */
const generators: Record<string, () => fc.Arbitrary<Hostile>> = {
  health: () => get(hostileQuery(['x']).map((q) => `/api/health${q}`), fc.constant({})),
  openApi: () => get(hostileQuery(['format']).map((q) => `/api/openapi.json${q}`), fc.constant({})),
  submitPublic: () =>
    fc.tuple(hostileJson(aComplaint, Object.keys(aComplaint())), fc.option(hostileHeader, { nil: undefined })).map(([b, key]) => ({
      method: 'POST',
      path: '/api/public/submissions',
      ...withBody(b, key === undefined ? {} : { 'idempotency-key': key }),
    })),
  whoAmI: () => staffGet('whoAmI', hostileQuery(['x']).map((q) => `/api/me${q}`)),
  listCases: () => staffGet('listCases', hostileQuery(LIST_KEYS, goodList).map((q) => `/api/cases${q}`)),
  getCase: () => staffGet('getCase', fc.tuple(referenceSegment('getCase'), hostileQuery(['x'])).map(([r, q]) => `/api/cases/${r}${q}`)),
  getDirectory: () => staffGet('getDirectory', hostileQuery(['x']).map((q) => `/api/directory${q}`)),
  recordCase: () =>
    fc.tuple(hostileJson(() => ({ ...aComplaint(), channel: 'phone', receivedAt: '2026-01-05' }), [...Object.keys(aComplaint()), 'channel', 'receivedAt', 'receivedBy']), authorization('recordCase')).map(
      ([b, auth]) => ({ method: 'POST', path: '/api/cases', ...withBody(b, { authorization: auth }) }),
    ),
  updateCase: () => caseChange('updateCase', '', () => ({ expectedVersion: '@@V@@', phone: '01234 000000' })),
  assignOwner: () => caseChange('assignOwner', '/owner', () => ({ expectedVersion: '@@V@@', owner: 'operations-head', reason: 'Cover' })),
  recordOutcome: () => caseChange('recordOutcome', '/outcome', () => ({ expectedVersion: '@@V@@', result: 'resolved', decision: 'upheld', response: 'Sorry' })),
  extendDeadline: () => caseChange('extendDeadline', '/extension', () => ({ expectedVersion: '@@V@@', workingDays: 5, reason: 'Waiting for a witness' })),
  shareDraftFindings: () => caseChange('shareDraftFindings', '/draft-findings', () => ({ expectedVersion: '@@V@@', findings: 'We found' })),
  recordDraftComments: () => caseChange('recordDraftComments', '/draft-findings/comments', () => ({ expectedVersion: '@@V@@', comments: 'Fine', receivedOn: '2026-01-05' })),
  referToCro: () => caseChange('referToCro', '/referral', () => ({ expectedVersion: '@@V@@', reason: 'Still unhappy' })),
  recordOmbudsman: () => caseChange('recordOmbudsman', '/ombudsman', () => ({ expectedVersion: '@@V@@', enquiryReceivedOn: '2026-01-05', ombudsmanReference: 'LG-1' })),
  revokeTrackingLink: () => caseChange('revokeTrackingLink', '/tracking-link/revocation', () => ({ expectedVersion: '@@V@@', reason: 'Wrong address' })),
  setCategory: () => caseChange('setCategory', '/category', () => ({ expectedVersion: '@@V@@', category: 'driving' })),
  // Its case was acknowledged by the workflow's email, and has no task: well-formed requests are 409s there.
  recordAcknowledgement: () => caseChange('recordAcknowledgement', '/acknowledgement', () => ({ expectedVersion: '@@V@@', via: 'letter', acknowledgedOn: '2026-01-05' })),
  completeTask: () => caseChange('completeTask', '/task-done', () => ({ expectedVersion: '@@V@@', task: 'email-failed' })),
  // Its case is a public complaint, not a consultation comment: a well-formed decision is a 409 there.
  decideConsultation: () => caseChange('decideConsultation', '/consultation-decision', () => ({ expectedVersion: '@@V@@', decision: 'not-enter', reason: 'Not about a service we gave' })),
  referInformationReview: () => caseChange('referInformationReview', '/information-review', () => ({ expectedVersion: '@@V@@', request: 'foi', note: 'About FOI 2026/17' })),
  // Its case is not under review: well-formed extensions and outcomes are 409s there.
  extendInformationReview: () => caseChange('extendInformationReview', '/information-review/extension', () => ({ expectedVersion: '@@V@@', workingDays: 5, reason: 'A third party must be asked' })),
  decideInformationReview: () => caseChange('decideInformationReview', '/information-review/outcome', () => ({ expectedVersion: '@@V@@', decision: 'upheld', response: 'Sorry', lessonsLearned: 'Log requests' })),
  listReports: () => staffGet('listReports', hostileQuery(['x', 'format']).map((q) => `/api/reports${q}`)),
  getReport: () =>
    staffGet(
      'getReport',
      fc
        .tuple(
          fc.oneof({ weight: 2, arbitrary: fc.constantFrom(fx.month, '2026-13', '1999-01', '2026-1', `${fx.month}x`) }, { weight: 2, arbitrary: hostileSegment }),
          hostileQuery(['format'], { format: fc.constantFrom('json', 'csv', 'html', 'JSON', 'pdf', 'csv,html', '') }),
        )
        .map(([m, q]) => `/api/reports/${m}${q}`),
    ),
  updateDirectory: () =>
    fc
      .tuple(hostileJson(() => ({ expectedVersion: '@@V@@', directory: fx.directory }), ['expectedVersion', 'directory']), ifMatch, authorization('updateDirectory'))
      .map(([b, match, auth]) => ({
        method: 'PUT',
        path: '/api/directory',
        ...withBody(b, { authorization: auth, ...(match === undefined ? {} : { 'if-match': match }) }),
        version: directoryVersion,
      })),
  startPage: () => get(hostileQuery(['x']).map((q) => `/${q}`), hostileCookie.map(withCookie)),
  showQuestion: () =>
    get(
      fc.tuple(formPage, hostileQuery(['change'], { change: fc.constantFrom('1', '0', '11') })).map(([p, q]) => `/form/${p}${q}`),
      hostileCookie.map(withCookie),
    ),
  answerQuestion: () =>
    fc.tuple(formPage, hostileQuery(['change'], { change: fc.constantFrom('1') }), hostileForm(FORM_FIELDS, () => fx.form.csrf), hostileCookie, hostileOrigin).map(([p, q, b, c, o]) => ({
      method: 'POST',
      path: `/form/${p}${q}`,
      ...withBody(b, { ...withCookie(c), ...o }),
    })),
  showProgress: () =>
    get(
      fc.tuple(trackSegment, hostileQuery(['commented'], { commented: fc.constantFrom('1', '0') })).map(([t, q]) => `/track/${t.replaceAll('@@TRACK@@', fx.trackToken)}${q}`),
      fc.constant({}),
    ),
  commentOnDraft: () =>
    fc.tuple(trackSegment, hostileForm(['comments'], () => 'none'), hostileOrigin).map(([t, b, o]) => ({
      method: 'POST',
      path: `/track/${t.replaceAll('@@TRACK@@', fx.trackToken)}`,
      ...withBody(b, o),
    })),
  otherPage: () =>
    fc
      .tuple(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.constantFrom('/', '/staff/', '/staff', '/api/', '/nowhere/', '/staff/config.json', '/form', '/track'),
        fc.array(hostileSegment.map((seg) => seg.slice(0, 3_000)), { maxLength: 2 }),
        hostileQuery(['x']),
        fc.option(hostileJson(() => ({}), []), { nil: undefined }),
      )
      .map(([method, base, segments, q, b]) => ({ method, path: `${base}${segments.join('/')}${q}`.replace(/^\/\//, '/x/'), ...withBody(b ?? {}, {}) })),
};

// ------------------------------------------------------------------------------ what the table holds

async function caseVersion(reference: string): Promise<number> {
  const out = await stack.doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, ConsistentRead: true }));
  return Number(out.Item?.version);
}
async function directoryVersion(): Promise<number> {
  const out = await stack.doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: 'DIRECTORY', sk: 'DIRECTORY' }, ConsistentRead: true }));
  return Number(out.Item?.version ?? 0);
}

/** JSON with keys sorted, so the same item always reads the same. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' && !(v instanceof Uint8Array) ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);

/**
 * What a refused request must leave as it was: how many cases there are, every item of the fixture
 * cases (case, events, notes, workflow, traces), the directory and its events, the reports. Not
 * form sessions (a page shown makes one), idempotency records, send markers, or the items of cases
 * an accepted request made (their workflows go on in the background).
 */
async function stored(): Promise<string> {
  const items = await scanAll(stack);
  const fixtures = new Set(Object.values(fx.caseOf));
  const kept = items.filter((i) => {
    const pk = String(i.pk);
    if (/^(FORM|IDEMPOTENCY|MARK|TRACK|COUNTER)#/.test(pk)) return false;
    return pk.startsWith('CASE#') ? fixtures.has(pk.slice('CASE#'.length)) : true;
  });
  return canonical([items.filter((i) => i.sk === 'CASE').length, kept.map(canonical).sort()]);
}

/** Waits until what is stored stops changing (a workflow told of an accepted change moves on). */
async function settled(): Promise<string> {
  let last = await stored();
  for (let i = 0; i < 40; i++) {
    await sleep(250);
    const now = await stored();
    if (now === last) return now;
    last = now;
  }
  throw new Error('the table never settled');
}

// ------------------------------------------------------------------------------ the stack and its fixtures

async function waitForOwner(reference: string, token: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const c = await send(stack.apiUrl, 'GET', `/api/cases/${reference}`, { token });
    if (c.json?.stage === 1 && c.json.owner) return c.json.owner as string;
    await sleep(100);
  }
  throw new Error(`${reference} never reached stage 1`);
}

beforeAll(async () => {
  // Refusals are logged at INFO: seeing them proves the capture works; an ERROR line is a failure.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  logs = captureLogs();
  stack = await startTestStack();
  const tokens: Fixture['tokens'] = { 'admin-manager': await stack.token('admin-manager'), cro: await stack.token('cro'), 'legal-governance': await stack.token('legal-governance') };
  const changing = routes.filter((r) => r.path.startsWith('/api/cases/{reference}')).map((r) => r.operation);
  const references = await Promise.all(
    [...changing, 'tracked'].map(async (op) => {
      const email = `hostile.${op.toLowerCase()}@example.com`;
      const res = await send(stack.apiUrl, 'POST', '/api/public/submissions', { body: JSON.stringify(aComplaint({ email })) });
      expect(res.status, res.text).toBe(201);
      return [op, res.json.reference as string, email] as const;
    }),
  );
  const caseOf = Object.fromEntries(references.map(([op, ref]) => [op, ref]));
  const owners = await Promise.all(references.map(([, ref]) => waitForOwner(ref, tokens['admin-manager']!)));
  tokens.owner = await stack.token('functional-head', { user: owners[0]! });
  const [, trackedRef, trackedEmail] = references.at(-1)!;
  const ack = await mailTo(stack.mailboxUrl, { subject: `reference ${trackedRef}`, to: trackedEmail });
  const trackToken = /\/track\/([A-Za-z0-9_-]{43})/.exec(ack.text)![1]!;
  // Draft findings shared, so that the tracking page takes comments (and a valid one is stored).
  const shared = await send(stack.apiUrl, 'POST', `/api/cases/${trackedRef}/draft-findings`, {
    token: tokens.owner,
    body: JSON.stringify({ findings: 'We found the crew parked across the drive.' }),
    headers: { 'if-match': `"${await caseVersion(trackedRef)}"` },
  });
  expect(shared.status, shared.text).toBe(200);
  // A stored report of this month, as the schedule of the 1st makes it.
  const now = new Date();
  const month = now.toISOString().slice(0, 7);
  await stack.scheduler.fire('FirstOfMonthReport', new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 6)));
  const form = new FormClient(stack.apiUrl);
  const first = await form.get('/form/type');
  const directoryAnswer = await send(stack.apiUrl, 'GET', '/api/directory', { token: tokens['admin-manager'] });
  const { version: _v, updatedAt: _u, updatedBy: _b, ...directory } = directoryAnswer.json;
  const claims = JSON.parse(Buffer.from(tokens['admin-manager']!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const oddTokens = await Promise.all(ODD_CLAIMS.map((odd) => stack.signClaims(JSON.parse(JSON.stringify({ ...claims, ...odd })))));
  fx = { caseOf, tokens, trackToken, month, form: { cookie: `form=${form.cookies.get('form')}`, csrf: csrfOf(first.html) }, directory, oddTokens };
  // Cursors: one this API gave, for the list's hostile query to use and bend.
  const page = await send(stack.apiUrl, 'GET', '/api/cases?limit=1', { token: tokens['admin-manager'] });
  const cursor = encodeURIComponent(page.json.nextCursor as string);
  goodList.cursor = goodList.cursor!.map((c) => c.replaceAll('@@CURSOR@@', cursor));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  logs?.restore();
});

// ------------------------------------------------------------------------------ the checks

/** Sends `h`, filling in the version it names. */
async function sendHostile(h: Hostile): Promise<Raw> {
  const version = h.version && (JSON.stringify(h.body ?? '') + JSON.stringify(h.headers)).includes('@@V@@') ? String(await h.version()) : '';
  const fill = (s: string) => s.replaceAll('"@@V@@"', version).replaceAll('@@V@@', version);
  const headers = Object.fromEntries(Object.entries(h.headers).map(([k, v]) => [k, headerSafe(fill(v))]));
  const body = typeof h.body === 'string' ? fill(h.body) : h.body;
  return send(stack.apiUrl, h.method, h.path, { body, headers });
}

/** Where a page route may answer JSON or a static file: the API's own not-found, the console's configuration, the static files. */
const notAPage = (path: string) => /^\/(api\/|staff\/config\.json|assets\/)/.test(path);

function checkAnswer(route: RouteDefinition, h: Hostile, res: Raw): void {
  const what = `${h.method} ${h.path.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  expect(res.status, what).toBeGreaterThanOrEqual(200);
  if (route.page) {
    expect(res.text, what).not.toContain('<x-probe');
    if (notAPage(h.path) && route.path === '$default') return;
    if (res.status >= 300 && res.status < 400) {
      expect(res.headers.location, what).toMatch(/^\//);
      return;
    }
    expect(String(res.headers['content-type']), what).toBe('text/html; charset=utf-8');
    expect(res.text, what).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\s*$/i);
  } else if (res.status >= 400) {
    // A refusal says what was wrong: the field and the reason, or the gateway's own word.
    expect(res.json, what).toBeTypeOf('object');
    if (res.status === 400 && res.json.error === 'validation') expect(res.json.issues.length, what).toBeGreaterThan(0);
    else expect(res.json.message, what).toBeTypeOf('string');
  }
}

/** Runs per route: enough to reach every branch of the generators, few enough for about two minutes in all. */
const RUNS: Record<string, number> = { answerQuestion: 300, showQuestion: 200, commentOnDraft: 200, otherPage: 200, listCases: 200 };
/**
 * Against the bundles (the `bundles` project) the same seed runs a quarter as many inputs: what that
 * project looks for is a fault bundling brings into a handler, which any input reaching it shows; the
 * input space itself is explored against the sources. It kept CI past its 20 minutes.
 */
const SHARE = inject('bundles') ? 0.25 : 1;
const runsOf = (operation: string) => Math.ceil((RUNS[operation] ?? 120) * SHARE);

describe('hostile requests on every route (fast-check, driven by the routes table)', () => {
  it('has a hostile generator for every route, and none for a route that does not exist', () => {
    expect(routes.map((r) => r.operation).filter((op) => !generators[op])).toEqual([]);
    expect(Object.keys(generators).filter((op) => !routes.some((r) => r.operation === op))).toEqual([]);
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('%s: never a 5xx, nothing stored unless accepted, no ERROR logged', async (_key, route) => {
    const statuses = new Map<number, number>();
    let before = await settled();
    await fc.assert(
      fc.asyncProperty(generators[route.operation]!(), async (h) => {
        const errorsBefore = logs.errors().length;
        const res = await sendHostile(h);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        checkAnswer(route, h, res);
        expect(logs.errors().slice(errorsBefore), `${h.method} ${h.path.slice(0, 200)}`).toEqual([]);
        if (res.status < 400 && h.method !== 'GET') before = await settled();
        else expect(await stored(), `${h.method} ${h.path.slice(0, 200)} -> ${res.status} changed what is stored`).toBe(before);
      }),
      { numRuns: runsOf(route.operation), seed: 7_008, endOnFailure: true },
    );
    // The run reached the route's handler: some answers are not the authorizer's or the gateway's.
    expect([...statuses.keys()].some((s) => s !== 401 && s !== 413), JSON.stringify([...statuses])).toBe(true);
  }, 120_000);

  it('logged the refusals at INFO (so the capture of ERROR lines works) and no ERROR line at all', () => {
    expect(logs.lines.some((l) => l.includes('request refused'))).toBe(true);
    expect(logs.errors()).toEqual([]);
  });
});

describe('what the hostile run found', () => {
  // The local gateway refused a path segment that does not decode (a malformed %-escape) with its
  // JSON 400 on every route, so a person following a broken link to a form page or a tracking link
  // read JSON. A page route now gets the segment as sent, and its handler answers its own page.
  it.each([
    ['GET', '/form/%ZZ'],
    ['POST', '/form/%E0%A4%A'],
    ['GET', '/track/%ED%A0%80'],
    ['POST', '/track/%ZZ'],
  ])('answers %s %s (a malformed escape) with a page, not JSON', async (method, path) => {
    const res = await send(stack.apiUrl, method, path, { body: method === 'POST' ? 'csrf=x' : undefined, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>\s*$/i);
  });

  it('sees a change an accepted request made (so "nothing stored" can fail)', async () => {
    const before = await settled();
    const reference = fx.caseOf.setCategory!;
    const current = await stack.doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'CASE' }, ConsistentRead: true }));
    const res = await send(stack.apiUrl, 'POST', `/api/cases/${reference}/category`, {
      token: fx.tokens['admin-manager'],
      body: JSON.stringify({ category: current.Item?.category === 'behaviour' ? 'driving' : 'behaviour' }),
      headers: { 'if-match': `"${await caseVersion(reference)}"` },
    });
    expect(res.status, res.text).toBe(200);
    expect(await settled()).not.toBe(before);
  });

  // Draft findings accumulate on the case item: the fourteenth draft of 10,000 three-byte characters
  // took it past DynamoDB's 400 KB item, a 503 (and an ERROR), and no later change could be stored.
  it('refuses a draft, a comment or an extension reason the case has no room for with a 4xx, and the case can still be decided', async () => {
    const errorsBefore = logs.errors().length;
    const email = 'hostile.full@example.com';
    const created = await send(stack.apiUrl, 'POST', '/api/public/submissions', { body: JSON.stringify(aComplaint({ email })) });
    const reference = created.json.reference as string;
    const owner = await stack.token('functional-head', { user: await waitForOwner(reference, fx.tokens['admin-manager']!) });
    const ack = await mailTo(stack.mailboxUrl, { subject: `reference ${reference}`, to: email });
    const token = /\/track\/([A-Za-z0-9_-]{43})/.exec(ack.text)![1]!;
    const act = async (tail: string, body: Record<string, unknown>) =>
      send(stack.apiUrl, 'POST', `/api/cases/${reference}/${tail}`, { token: owner, body: JSON.stringify(body), headers: { 'if-match': `"${await caseVersion(reference)}"` } });
    const wide = '中'.repeat(10_000);
    const shared: number[] = [];
    for (let i = 0; i < 6; i++) shared.push((await act('draft-findings', { findings: wide })).status);
    expect(shared).toEqual([200, 200, 200, 200, 200, 400]);
    const refused = await act('draft-findings', { findings: wide });
    expect(refused.json.issues).toEqual([{ path: 'findings', message: expect.stringMatching(/^too long for this case: .* 150 KB of text in all/) }]);
    expect((await act('extension', { workingDays: 1, reason: '中'.repeat(2_000) })).json.issues[0].path).toBe('reason');
    // The customer's comments from the tracking page: a page saying to send them another way.
    const page = await send(stack.apiUrl, 'POST', `/track/${token}`, { body: `comments=${encodeURIComponent('中'.repeat(2_000))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.status).toBe(422);
    expect(page.text).toContain('We cannot add more comments to this complaint online.');
    const decided = await act('outcome', { result: 'resolved', decision: 'upheld', response: wide, remedy: '中'.repeat(5_000), lessonsLearned: '中'.repeat(5_000) });
    expect(decided.status, decided.text.slice(0, 300)).toBe(200);
    expect(logs.errors().slice(errorsBefore)).toEqual([]);
  });

  // The form session kept whatever was posted to a page (to show it back); seven pages of 60 KB made
  // it larger than a DynamoDB item, and the seventh post answered 503 (and logged an ERROR).
  it('answers seven pages of 60 KB answers with the pages and their problems, never a 503', async () => {
    const errorsBefore = logs.errors().length;
    const c = new FormClient(stack.apiUrl);
    const csrf = csrfOf((await c.get('/form/type')).html);
    const big = 'x'.repeat(60_000);
    const statuses: number[] = [];
    for (const [page, field] of [['type', 'kind'], ['urgent', 'urgent'], ['what-happened', 'details'], ['when-and-where', 'location'], ['service', 'function'], ['contact', 'name'], ['support', 'accessibilityNeeds']] as const) {
      statuses.push((await c.post(`/form/${page}`, { csrf, [field]: big })).status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 422, 422]);
    expect(logs.errors().slice(errorsBefore)).toEqual([]);
  });

  it('still refuses a malformed %-escape on an API route with JSON naming the parameter', async () => {
    const res = await send(stack.apiUrl, 'GET', '/api/reports/%ZZ', { token: fx.tokens['admin-manager'] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'validation', issues: [{ path: 'month', message: 'malformed %-escape: not percent-encoded UTF-8' }] });
  });
});
