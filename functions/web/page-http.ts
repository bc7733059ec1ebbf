import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { securityHeaders } from '../config/security-headers';
import { header, type HttpResult } from '../api/http';
import { MAX_BODY_BYTES } from '../domain/submission';
import { fill, text, type Renderer } from './render';

/** The HTTP side of the pages: HTML answers with the security headers, redirects, form bodies, cookies. */

export interface PageContext {
  renderer: Renderer;
  /** How the pages tell people to get in touch (the policy's organisation). */
  organisation: { phone: string; email: string };
}

const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', ...securityHeaders };

/**
 * A rendered page. Pages that show answers or a case are never stored by a browser or a proxy
 * (`no-store`); the start page may be cached briefly.
 */
export function html(ctx: PageContext, statusCode: number, template: string, context: Record<string, unknown>, options: { cache?: string; cookies?: string[] } = {}): HttpResult {
  const result: HttpResult = {
    statusCode,
    headers: { ...HTML_HEADERS, 'cache-control': options.cache ?? 'no-store' },
    body: ctx.renderer.render(template, context),
  };
  if (options.cookies?.length) result.cookies = options.cookies;
  return result;
}

/** 303 See Other: after a POST the browser GETs the next page (Post/Redirect/Get), so a refresh never posts twice. */
export function redirect(location: string, cookies?: string[]): HttpResult {
  const result: HttpResult = { statusCode: 303, headers: { location, 'cache-control': 'no-store', ...securityHeaders } };
  if (cookies?.length) result.cookies = cookies;
  return result;
}

export type MessageKind = 'notFound' | 'expired' | 'forbidden' | 'conflict' | 'unavailable';

/** A page that only tells something (the texts are the locale's `errors.<kind>`). */
export function messagePage(ctx: PageContext, kind: MessageKind, status: number, actionHref?: string, cookies?: string[]): HttpResult {
  const m = ctx.renderer.messages;
  const values = { phone: ctx.organisation.phone, email: ctx.organisation.email };
  const paragraphs = ['text', 'contact']
    .map((p) => optionalText(m, `errors.${kind}.${p}`))
    .filter((p): p is string => p !== undefined)
    .map((p) => fill(p, values));
  const again = optionalText(m, `errors.${kind}.again`);
  return html(
    ctx,
    status,
    'message.njk',
    { title: text(m, `errors.${kind}.title`), paragraphs, action: actionHref && again ? { text: again, href: actionHref } : undefined },
    { cookies },
  );
}

function optionalText(m: Parameters<typeof text>[0], path: string): string | undefined {
  try {
    return text(m, path);
  } catch {
    return undefined;
  }
}

export class FormBodyError extends Error {
  override name = 'FormBodyError';
}

/**
 * The fields of an HTML form post (application/x-www-form-urlencoded), at most MAX_BODY_BYTES. A
 * field sent twice keeps its first value. Anything else is a FormBodyError (answered 400).
 */
export function formBody(event: APIGatewayProxyEventV2): Record<string, string> {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new FormBodyError(`The form is larger than ${MAX_BODY_BYTES} bytes`);
  const type = (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new FormBodyError('Expected a form post');
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) if (!(k in fields)) fields[k] = v;
  return fields;
}

/**
 * Whether a form post comes from these pages. Every current browser says where a request comes from
 * in Sec-Fetch-Site, whatever name the site is reached by; an older one sends Origin, checked
 * against the public address (or the Host). A post from another site is refused. A client that
 * sends neither is not a browser, so it cannot carry a victim's cookies, and the form's anti-forgery
 * token still applies.
 */
export function isSameOrigin(event: APIGatewayProxyEventV2, publicUrl: string | undefined): boolean {
  const site = header(event, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = header(event, 'origin');
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  if (publicUrl) return new URL(origin).origin === new URL(publicUrl).origin;
  return new URL(origin).host === header(event, 'host');
}

/** The value of cookie `name` (API Gateway's payload 2.0 puts cookies in `event.cookies`). */
export function cookie(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const c of event.cookies ?? []) {
    const eq = c.indexOf('=');
    if (eq > 0 && c.slice(0, eq).trim() === name) return c.slice(eq + 1).trim();
  }
  return undefined;
}
