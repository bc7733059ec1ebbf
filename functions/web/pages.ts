import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from '../domain/zod';
import { DynamoDbFormSessionRepository } from '../adapters/dynamodb-form-sessions';
import { getWorkflowDeps } from '../api/deps';
import { logger, type HttpResult } from '../api/http';
import { router } from '../api/router';
import { InvalidStateError, TrackingLinkNotFoundError, ValidationError } from '../domain/errors';
import { NO_ROOM } from '../domain/case-size';
import { isQuestionPage, problemOf } from '../domain/form-journey';
import { receiveSubmission } from '../domain/receive-submission';
import { commentOnDraftFindings, openTrackedCase, progressOf } from '../domain/tracking';
import { consoleSignInFromEnv } from '../config/identity';
import { decodeManifest } from '../config/web-assets';
import { otherPage } from './console';
import { webFilesFrom } from './files';
import { FormPages } from './form-pages';
import { formBody, FormBodyError, html, isSameOrigin, messagePage, redirect, type PageContext } from './page-http';
import { createRenderer, fill, text } from './render';

/**
 * The public pages (GET /, the form under /form/, the tracking page under /track/): rendered on the
 * server, working without JavaScript. The answers between pages are kept in a form session
 * (form-pages.ts); the check-answers page sends them through the same receiveSubmission as the API.
 */

const Env = z.object({
  /** The static files' URL paths by logical name (web/build.ts), as JSON. */
  WEB_ASSETS: z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      const manifest = decodeManifest(s);
      if (manifest) return manifest;
      ctx.issues.push({ code: 'custom', message: "WEB_ASSETS must be the static files' hashes (functions/config/web-assets.ts)", input: s });
      return z.NEVER;
    }),
  ),
  /** Where the public reaches these pages (https in AWS): form posts must come from it. */
  PUBLIC_URL: z.optional(z.url()),
});

const env = Env.parse(process.env);
/** Where the staff console signs in (functions/config/identity.ts): checked at cold start, as all configuration. */
const signIn = consoleSignInFromEnv(process.env);
const deps = getWorkflowDeps();
const renderer = createRenderer({ files: webFilesFrom(import.meta.url), language: deps.policy.language, policy: deps.policy, assets: env.WEB_ASSETS });
const ctx: PageContext = { renderer, organisation: deps.policy.organisation };
const formPages = new FormPages({
  ...deps,
  sessions: new DynamoDbFormSessionRepository(deps.doc, deps.env.TABLE_NAME),
  secure: env.PUBLIC_URL?.startsWith('https:') ?? false,
  send: (body) => receiveSubmission(body, deps),
  renderer,
});

const t = renderer.messages;
const trackLimits = { comments: 10_000 };

async function showProgress(token: string, query: Record<string, string | undefined>): Promise<HttpResult> {
  const tracked = await openTrackedCase(token, deps);
  return html(ctx, 200, 'track.njk', {
    title: fill(text(t, tracked.case.kind === 'complaint' ? 'track.title' : 'track.titleCompliment'), { reference: tracked.case.reference }),
    progress: progressOf(tracked, deps.policy, t),
    commented: query.commented === '1',
    limits: trackLimits,
    form: {},
    fieldErrors: {},
  });
}

/** The words for a refused comment: the case has no room left for more, or the comment's own problem. */
const commentProblem = (message: string) => (message.startsWith(NO_ROOM) ? 'noRoom' : problemOf(message));

async function commentOnDraft(event: APIGatewayProxyEventV2, token: string): Promise<HttpResult> {
  if (!isSameOrigin(event, env.PUBLIC_URL)) return messagePage(ctx, 'forbidden', 403, `/track/${encodeURIComponent(token)}`);
  // The token first: nothing about a form is said to someone without a link that opens a case.
  const tracked = await openTrackedCase(token, deps);
  let form: Record<string, string>;
  try {
    form = formBody(event);
  } catch (error) {
    // Not a form post (or too large): a 400 that changes nothing, as on the form's own pages.
    if (error instanceof FormBodyError) return messagePage(ctx, 'forbidden', 400, `/track/${encodeURIComponent(token)}`);
    throw error;
  }
  try {
    await commentOnDraftFindings(token, { comments: form.comments ?? '' }, { ...deps, texts: t });
  } catch (error) {
    if (!(error instanceof ValidationError) && !(error instanceof InvalidStateError)) throw error;
    const message =
      error instanceof InvalidStateError
        ? text(t, 'track.errors.noDraft')
        : fill(text(t, `track.errors.comments.${commentProblem(error.issues[0]?.message ?? '')}`), { max: trackLimits.comments });
    return html(ctx, 422, 'track.njk', {
      title: fill(text(t, 'track.title'), { reference: tracked.case.reference }),
      progress: progressOf(tracked, deps.policy, t),
      limits: trackLimits,
      form,
      fieldErrors: { comments: message },
      errors: [{ text: message, href: '#comments' }],
    });
  }
  return redirect(`/track/${encodeURIComponent(token)}?commented=1#draft-findings`);
}

const operations = router('PublicPages', {
  startPage: async () => html(ctx, 200, 'start.njk', { title: text(t, 'start.title') }, { cache: 'public, max-age=300' }),
  showQuestion: async (event) => {
    const page = event.pathParameters?.page ?? '';
    return formPages.show(event, page);
  },
  answerQuestion: async (event) => {
    const page = event.pathParameters?.page ?? '';
    if (!isSameOrigin(event, env.PUBLIC_URL)) return messagePage(ctx, 'forbidden', 403, `/form/${isQuestionPage(page) ? page : 'type'}`);
    return formPages.answer(event, page);
  },
  showProgress: async (event) => showProgress(event.pathParameters?.token ?? '', event.queryStringParameters ?? {}),
  commentOnDraft: async (event) => commentOnDraft(event, event.pathParameters?.token ?? ''),
  otherPage: async (event) => otherPage(ctx, event, deps.policy, signIn),
});

export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> => {
  try {
    return await operations(event, context);
  } catch (error) {
    if (error instanceof TrackingLinkNotFoundError) return messagePage(ctx, 'notFound', 404);
    logger.error('page failed', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
    return messagePage(ctx, 'unavailable', 503);
  }
};
