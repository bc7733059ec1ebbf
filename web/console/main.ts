/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The staff console: a browser app over the staff API, at /staff/. Staff sign in with OpenID
 * Connect (authorization code with PKCE, by oidc-client-ts) at the staff user pool (Cognito's
 * managed login in AWS, the local issuer on `npm start`); every request carries their access token.
 * It routes in the browser (History API) and offers each person only what their role may do.
 */
import { html, render, type TemplateResult } from 'lit-html';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { apiFor, ApiError, type Api, type Staff } from './api';
import { nameOf, namesFrom, roleName, type DirectoryNames } from './people';
import type { ConsoleConfig } from './config';
import { casePage } from './views/case';
import { caseList } from './views/list';
import { directoryPage } from './views/directory';
import { directoryPostPage } from './views/directory-post';
import { homePage } from './views/home';
import { recordPage } from './views/record';
import { reportPage, reportsPage } from './views/reports';
import { textsFrom, type Texts } from './texts';

export interface View {
  title: string;
  body: TemplateResult;
}

/** What every view gets: the API, the signed-in person, the configuration, its words, and how to move on. */
export interface Console {
  api: Api;
  me: Staff;
  config: ConsoleConfig;
  /** Every word a person reads, from the locale's `console` section (web/console/texts.ts). */
  t: Texts;
  navigate(path: string): void;
  /** Renders the view again (after an action), keeping the address. */
  refresh(): void;
  has(role: string): boolean;
  /** A staff id as people read it: the staff directory's name, else the id. */
  nameOf(id: string): string;
  /** Reads the directory's names again (after the directory changed). */
  reloadNames(): Promise<void>;
}

const app = document.getElementById('app')!;
const BASE = '/staff/';
const RETURN_TO = 'fire-complaints.returnTo';
/** The console's words, once /staff/config.json has brought them. */
let t: Texts | undefined;

function show(view: View, focus = true) {
  // The page's own "loading" content goes the first time: lit-html draws beside what it did not draw.
  if (!app.dataset.drawn) {
    app.replaceChildren();
    app.dataset.drawn = 'yes';
  }
  if (t) document.title = t('pageTitle', { title: view.title });
  render(view.body, app);
  if (focus) app.querySelector<HTMLElement>('h1')?.focus();
}

function failure(title: string, message: string, action?: TemplateResult): View {
  return {
    title,
    body: html`<h1 class="govuk-heading-l" tabindex="-1">${title}</h1>
      <p class="govuk-body">${message}</p>
      ${action ?? ''}`,
  };
}

async function boot() {
  const config = (await (await fetch('/staff/config.json')).json()) as ConsoleConfig;
  const texts = textsFrom(config.texts, config.language);
  t = texts;
  const users = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${location.origin}${BASE}callback`,
    post_logout_redirect_uri: `${location.origin}${BASE}`,
    response_type: 'code',
    scope: config.scope,
    // Cognito's discovery document names no end_session_endpoint; the server tells it.
    metadataSeed: { end_session_endpoint: config.endSessionEndpoint },
    loadUserInfo: false,
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });

  if (location.pathname === `${BASE}callback`) {
    try {
      await users.signinRedirectCallback();
    } catch (error) {
      show(failure(texts('signIn.didNotFinish'), texts('signIn.tryAgain', { message: (error as Error).message }), html`<a class="govuk-button" href="${BASE}">${texts('signIn.again')}</a>`));
      return;
    }
    history.replaceState(null, '', sessionStorage.getItem(RETURN_TO) ?? BASE);
    sessionStorage.removeItem(RETURN_TO);
  }

  const user = await users.getUser();
  const signIn = async () => {
    sessionStorage.setItem(RETURN_TO, location.pathname + location.search);
    await users.signinRedirect();
  };
  if (!user || user.expired) {
    show({
      title: texts('signIn.title'),
      body: html`<h1 class="govuk-heading-l" tabindex="-1">${texts('signIn.heading')}</h1>
        <p class="govuk-body">${texts('signIn.intro')}</p>
        <button class="govuk-button" data-module="govuk-button" @click=${signIn}>${texts('signIn.button')}</button>`,
    });
    return;
  }

  const api = apiFor(() => user.access_token, () => void signIn(), texts);
  let me: Staff;
  try {
    me = (await api<Staff>('GET', '/api/me')).data;
  } catch (error) {
    show(failure(texts('failure.cannotStart'), (error as Error).message));
    return;
  }

  // The directory's names (any member of staff may read it); without it, people show by their ids.
  const readNames = () => api<DirectoryNames>('GET', '/api/directory').then((r) => namesFrom(r.data), () => namesFrom(undefined));
  let names = await readNames();

  const nav = document.getElementById('console-nav');
  const signOut = async () => {
    await users.removeUser();
    // Cognito's names (client_id, logout_uri) beside OpenID's post_logout_redirect_uri; the local issuer reads either.
    await users.signoutRedirect({ id_token_hint: user.id_token, extraQueryParams: { client_id: config.clientId, logout_uri: `${location.origin}${BASE}` } });
  };
  const ctx: Console = {
    api,
    me,
    config,
    t: texts,
    navigate: (path) => {
      history.pushState(null, '', path);
      void route();
    },
    refresh: () => void route(false),
    has: (role) => me.roles.includes(role),
    nameOf: (id) => nameOf(names, id),
    reloadNames: async () => {
      names = await readNames();
      drawNav();
    },
  };

  const links: Array<[string, string, boolean]> = [
    [texts('nav.home'), BASE, true],
    [texts('nav.cases'), `${BASE}cases`, true],
    [texts('nav.record'), `${BASE}record`, !ctx.has('ssm') || me.roles.length > 1],
    [texts('nav.directory'), `${BASE}directory`, ctx.has('admin-manager')],
    [texts('nav.reports'), `${BASE}reports`, ['ssm', 'admin-manager', 'cro'].some((r) => ctx.has(r))],
  ];
  function drawNav() {
    if (!nav) return;
    const signedIn = { name: html`<strong>${ctx.nameOf(me.id)}</strong>`, roles: me.roles.map((r) => roleName(texts, r)).join(', ') };
    render(
      html`<p class="govuk-body-s app-signed-in" data-staff-id=${me.id}>${texts.parts('nav.signedIn', signedIn)}</p>
        <ul class="govuk-service-navigation__list">
          ${links
            .filter(([, , shown]) => shown)
            .map(([text, href]) => html`<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href=${href} data-nav>${text}</a></li>`)}
          <li class="govuk-service-navigation__item"><button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" @click=${signOut}>${texts('nav.signOut')}</button></li>
        </ul>`,
      nav,
    );
  }
  drawNav();

  /** Each route's number: a page the user has left while it loaded (a slow list) must not replace the one they went to. */
  let routes = 0;
  async function route(focus = true) {
    const mine = ++routes;
    const path = location.pathname;
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#console-nav a')) {
      const active = a.getAttribute('href') === path || (a.getAttribute('href') !== BASE && path.startsWith(a.getAttribute('href')!));
      if (active) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    try {
      const caseMatch = /^\/staff\/cases\/([A-Z]+-\d{4}-\d{5,9})$/.exec(path);
      const reportMatch = /^\/staff\/reports\/(\d{4}-\d{2})$/.exec(path);
      const view =
        path === BASE
          ? await homePage(ctx)
          : path === `${BASE}cases`
            ? await caseList(ctx, new URLSearchParams(location.search))
            : caseMatch
              ? await casePage(ctx, caseMatch[1]!)
              : path === `${BASE}record`
                ? recordPage(ctx)
                : path === `${BASE}directory`
                  ? await directoryPage(ctx)
                  : path.startsWith(`${BASE}directory/`)
                    ? await directoryPostPage(ctx, path.slice(`${BASE}directory/`.length))
                  : path === `${BASE}reports`
                    ? await reportsPage(ctx)
                  : reportMatch
                    ? await reportPage(ctx, reportMatch[1]!)
                  : failure(texts('failure.pageNotFound'), texts('failure.noSuchPage'));
      if (mine === routes) show(view, focus);
    } catch (error) {
      if (mine !== routes) return;
      if (error instanceof ApiError && error.status === 404) show(failure(texts('failure.notFound'), error.message));
      // Your role may not see it (a case of another function, a report): the API says why.
      else if (error instanceof ApiError && error.status === 403) show(failure(texts('failure.notForYou'), error.message));
      else show(failure(texts('failure.somethingWrong'), (error as Error).message));
    }
  }

  // Links within the console move without reloading the page.
  document.addEventListener('click', (event) => {
    const a = (event.target as Element | null)?.closest?.('a[data-nav]') as HTMLAnchorElement | null;
    if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    ctx.navigate(a.getAttribute('href')!);
  });
  window.addEventListener('popstate', () => void route());
  await route(false);
}

// Without its words (no /staff/config.json) the console says only what went wrong, under the page's own heading.
void boot().catch((error: unknown) => {
  if (t) show(failure(t('failure.cannotStart'), (error as Error).message));
  else render(html`<p class="govuk-body">${(error as Error).message}</p>`, app);
});
