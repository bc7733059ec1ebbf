import { createHash } from 'node:crypto';
import { REPORT_STYLE } from '../reports/style';

/**
 * The security headers of every page and static file, defined once: the pages function sets them
 * on what it renders, the local gateway on the static files it serves, and infra/ puts the same
 * values in CloudFront's response headers policy (which adds HSTS, as only HTTPS can carry it).
 */

/**
 * The one inline script of the pages: govuk-frontend's template.njk adds it at the top of <body> so
 * that styles for JavaScript can apply before the page paints. The Content-Security-Policy allows
 * it by its hash and no other inline script (test/web/pages.test.ts hashes every inline script of
 * every page and checks it against this).
 */
export const GOVUK_INLINE_SCRIPT =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The report page's stylesheet (functions/reports/style.ts), the one inline style any page may
 * carry: the console shows a month's report in a frame that inherits the console's policy, and the
 * staff API's HTML answer allows it too (functions/api/reports.ts).
 */
export const REPORT_STYLE_SOURCE = sha256(REPORT_STYLE);

/**
 * The policy, with the origins the staff console may also fetch from (in AWS, Cognito's issuer and
 * managed login domain, where the console reads the sign-in configuration and exchanges its code
 * for tokens; locally the issuer is on the same origin, so none).
 */
export function contentSecurityPolicyFor(connectSources: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${sha256(GOVUK_INLINE_SCRIPT)}`,
    `style-src 'self' ${REPORT_STYLE_SOURCE}`,
    "img-src 'self'",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

export const contentSecurityPolicy = contentSecurityPolicyFor();

/** What every page and static file carries: here, and in AWS with the console's sign-in origins (securityHeadersFor). */
export function securityHeadersFor(connectSources: readonly string[] = []) {
  return { ...securityHeaders, 'content-security-policy': contentSecurityPolicyFor(connectSources) };
}

export const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  // The tracking page's URL holds its private token: no page ever sends its address elsewhere.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
} as const;

/** HTTPS only (CloudFront): two years, subdomains included. */
export const strictTransportSecurity = { maxAgeSeconds: 63_072_000, includeSubdomains: true } as const;

/** Static files have content-hashed names (web/build.ts), so a browser may keep them for a year. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';
