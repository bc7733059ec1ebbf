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
import type { ConsoleConfig } from './config';
import { casePage } from './views/case';
import { caseList } from './views/list';
import { directoryPage } from './views/directory';
import { homePage } from './views/home';
import { recordPage } from './views/record';

export interface View {
  title: string;
  body: TemplateResult;
}

/** What every view gets: the API, the signed-in person, the configuration, and how to move on. */
export interface Console {
  api: Api;
  me: Staff;
  config: ConsoleConfig;
  navigate(path: string): void;
  /** Renders the view again (after an action), keeping the address. */
  refresh(): void;
  has(role: string): boolean;
}

const app = document.getElementById('app')!;
const BASE = '/staff/';
const RETURN_TO = 'fire-complaints.returnTo';

function show(view: View, focus = true) {
  // The page's own "loading" content goes the first time: lit-html draws beside what it did not draw.
  if (!app.dataset.drawn) {
    app.replaceChildren();
    app.dataset.drawn = 'yes';
  }
  document.title = `${view.title} – Staff console`;
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
  const users = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${location.origin}${BASE}callback`,
    post_logout_redirect_uri: `${location.origin}${BASE}`,
    response_type: 'code',
    scope: 'openid profile',
    loadUserInfo: false,
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });

  if (location.pathname === `${BASE}callback`) {
    try {
      await users.signinRedirectCallback();
    } catch (error) {
      show(failure('Sign-in did not finish', `${(error as Error).message}. Try again.`, html`<a class="govuk-button" href="${BASE}">Sign in again</a>`));
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
      title: 'Sign in',
      body: html`<h1 class="govuk-heading-l" tabindex="-1">Staff console</h1>
        <p class="govuk-body">Sign in with your staff account to see and work on complaints and compliments.</p>
        <button class="govuk-button" data-module="govuk-button" @click=${signIn}>Sign in</button>`,
    });
    return;
  }

  const api = apiFor(() => user.access_token, () => void signIn());
  let me: Staff;
  try {
    me = (await api<Staff>('GET', '/api/me')).data;
  } catch (error) {
    show(failure('The console cannot start', (error as Error).message));
    return;
  }

  const nav = document.getElementById('console-nav');
  const signOut = async () => {
    await users.removeUser();
    await users.signoutRedirect({ id_token_hint: user.id_token });
  };
  const ctx: Console = {
    api,
    me,
    config,
    navigate: (path) => {
      history.pushState(null, '', path);
      void route();
    },
    refresh: () => void route(false),
    has: (role) => me.roles.includes(role),
  };

  const links: Array<[string, string, boolean]> = [
    ['Home', BASE, true],
    ['Cases', `${BASE}cases`, true],
    ['Record a case', `${BASE}record`, !ctx.has('ssm') || me.roles.length > 1],
    ['Staff directory', `${BASE}directory`, ctx.has('admin-manager')],
  ];
  if (nav) {
    render(
      html`<p class="govuk-body-s app-signed-in">Signed in as <strong>${me.id}</strong> (${me.roles.join(', ')})</p>
        <ul class="govuk-service-navigation__list">
          ${links
            .filter(([, , shown]) => shown)
            .map(([text, href]) => html`<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href=${href} data-nav>${text}</a></li>`)}
          <li class="govuk-service-navigation__item"><button class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" @click=${signOut}>Sign out</button></li>
        </ul>`,
      nav,
    );
  }

  async function route(focus = true) {
    const path = location.pathname;
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#console-nav a')) {
      const active = a.getAttribute('href') === path || (a.getAttribute('href') !== BASE && path.startsWith(a.getAttribute('href')!));
      if (active) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    try {
      const caseMatch = /^\/staff\/cases\/([A-Z]+-\d{4}-\d{5,9})$/.exec(path);
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
                  : failure('Page not found', 'There is no such page in the console.');
      show(view, focus);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) show(failure('Not found', error.message));
      else show(failure('Something went wrong', (error as Error).message));
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

void boot().catch((error: unknown) => show(failure('The console cannot start', (error as Error).message)));
