import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ConsoleSignIn } from '../config/identity';
import { json, type HttpResult } from '../api/http';
import { CHANNELS, DECISIONS, STAFF_CHANNELS } from '../domain/case';
import type { Policy } from '../domain/policy';
import { ConfigurationError } from '../domain/errors';
import type { Messages } from '../domain/texts';
import { html, messagePage, redirect, type PageContext } from './page-http';
import { text } from './render';

/**
 * The staff console under /staff/: one page whatever the address below it (the console routes in
 * the browser), and /staff/config.json, which tells it where staff sign in and what the policy
 * says (functions, stages, the calendar for working days left). Any other address nobody routes is
 * a not-found page (or, under /api/, a JSON 404 as the API answers).
 */

/** Where the console signs in: the OpenID Connect issuer, its client id, scope and sign-out address. */
export type ConsoleSettings = ConsoleSignIn;

/** `texts` is the locale's `console` section: every word the console shows comes from it. */
export function consoleConfig(policy: Policy, settings: ConsoleSettings, texts: Messages) {
  return {
    authority: settings.authority,
    clientId: settings.client_id,
    scope: settings.scope,
    endSessionEndpoint: settings.end_session_endpoint,
    organisation: policy.organisation,
    language: policy.language,
    bankHolidays: policy.bankHolidays,
    closureDays: policy.closureDays,
    functions: policy.functions,
    complaintCategories: policy.complaintCategories,
    informationRequestReview: policy.informationRequestReview,
    stages: policy.stages,
    channels: CHANNELS,
    staffChannels: STAFF_CHANNELS,
    decisions: DECISIONS,
    texts,
  };
}

/** The locale's `console` section (a locale without one is a configuration error, found on the first request). */
function consoleTexts(messages: Messages): Messages {
  const texts = messages.console;
  if (typeof texts !== 'object') throw new ConfigurationError('The locale has no console section');
  return texts;
}

export function otherPage(ctx: PageContext, event: APIGatewayProxyEventV2, policy: Policy, settings: ConsoleSettings): HttpResult {
  const path = event.rawPath;
  const method = event.requestContext.http.method;
  if (path.startsWith('/api/')) return json(404, { error: 'not-found', message: 'Not Found' });
  if (path === '/staff') return redirect('/staff/');
  if (path.startsWith('/staff/') && (method === 'GET' || method === 'HEAD')) {
    if (path === '/staff/config.json') return json(200, consoleConfig(policy, settings, consoleTexts(ctx.renderer.messages)));
    return html(ctx, 200, 'console.njk', { title: text(ctx.renderer.messages, 'console.serviceName') });
  }
  return messagePage(ctx, 'notFound', 404);
}
