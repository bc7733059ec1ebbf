import { html, nothing, render, type TemplateResult } from 'lit-html';
import { ApiError } from '../api';
import type { Console, View } from '../main';
import type { Texts } from '../texts';

/**
 * Who holds a post of the procedure, changed by the Administration Manager: a function's Head or
 * Deputy, the Duty Officer, the Customer Relations Officer, the Administration Manager, the
 * Strategic Support Manager, the Consultation and Partnership Officer or Legal & Governance. The id is the one they sign in with (the staff API gives them their
 * cases by it); the email address is where the procedure writes to them. The change carries the
 * version of the directory it read, and the API checks every field.
 */

export interface Person {
  id: string;
  name: string;
  email: string;
  available?: boolean;
}

export interface Directory {
  functions: Array<{ id: string; name: string; head: Person; deputy: Person }>;
  dutyOfficer: Person;
  customerRelationsOfficer: Person;
  administrationManager: Person;
  strategicSupportManager: Person;
  consultationOfficer: Person;
  legalGovernance: Person;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

/** The posts outside the functions, by their place in the console's address and in the directory. */
const POSTS = {
  'duty-officer': 'dutyOfficer',
  cro: 'customerRelationsOfficer',
  'administration-manager': 'administrationManager',
  'strategic-support-manager': 'strategicSupportManager',
  'consultation-officer': 'consultationOfficer',
  'legal-governance': 'legalGovernance',
} as const;
type PostKey = (typeof POSTS)[keyof typeof POSTS];
/** Each post's name, from the locale's `directory` section. */
const POST_TITLE: Record<PostKey, (t: Texts) => string> = {
  dutyOfficer: (t) => t('directory.dutyOfficer'),
  customerRelationsOfficer: (t) => t('directory.cro'),
  administrationManager: (t) => t('directory.administrationManager'),
  strategicSupportManager: (t) => t('directory.strategicSupportManager'),
  consultationOfficer: (t) => t('directory.consultationOfficer'),
  legalGovernance: (t) => t('directory.legalGovernance'),
};

/** A post as the console addresses it: `functions/<id>/head`, `functions/<id>/deputy`, or one of POSTS. */
export interface Post {
  /** The console address under /staff/directory/. */
  slug: string;
  /** Where the post's person is in the directory the API takes (the paths of its answers). */
  path: string;
  title: string;
  person: Person;
  /** The directory with `person` in the post. */
  with(person: Person): Omit<Directory, 'version' | 'updatedAt' | 'updatedBy'>;
}

/** Every post of the directory, in the order the directory page lists them. */
export function postsOf(t: Texts, d: Directory): Post[] {
  const { version: _version, updatedAt: _at, updatedBy: _by, ...input } = d;
  const functionPosts = d.functions.flatMap((f, i) =>
    (['head', 'deputy'] as const).map((role) => ({
      slug: `functions/${f.id}/${role}`,
      path: `functions.${i}.${role}`,
      title: role === 'head' ? t('directory.headOf', { function: f.name }) : t('directory.deputyOf', { function: f.name }),
      person: f[role],
      with: (person: Person) => ({ ...input, functions: d.functions.map((g) => (g.id === f.id ? { ...g, [role]: person } : g)) }),
    })),
  );
  const others = Object.entries(POSTS).map(([slug, key]) => ({
    slug,
    path: key,
    title: POST_TITLE[key](t),
    person: d[key],
    with: (person: Person) => ({ ...input, [key]: person }),
  }));
  return [...functionPosts, ...others];
}

/** The "Change" link of a post on the directory page (its words say which post, for screen readers). */
export function changeLink(t: Texts, post: Post): TemplateResult {
  return html`<a class="govuk-link" href="/staff/directory/${post.slug}" data-nav>${t('directory.change')}<span class="govuk-visually-hidden"> ${post.title}</span></a>`;
}

const FIELDS = ['id', 'name', 'email'] as const;
type FieldName = (typeof FIELDS)[number];

/** /staff/directory/<post>: who holds the post, as a form. */
export async function directoryPostPage(ctx: Console, slug: string): Promise<View> {
  const { t } = ctx;
  if (!ctx.has('admin-manager')) throw new ApiError(403, t('directory.onlyAdministrationManager'));
  const { data: d } = await ctx.api<Directory>('GET', '/api/directory');
  const post = postsOf(t, d).find((p) => p.slug === slug);
  if (!post) throw new ApiError(404, t('directory.noSuchPost'));
  let values: Record<FieldName, string> = { id: post.person.id, name: post.person.name, email: post.person.email };
  let error: Error | undefined;
  let conflict = false;
  /** The API's answers about this post's fields, by field; anything else goes in the summary only. */
  let problems: Partial<Record<FieldName, string>> = {};

  const onSave = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    values = { id: String(form.get('id') ?? '').trim(), name: String(form.get('name') ?? '').trim(), email: String(form.get('email') ?? '').trim() };
    const person: Person = { ...post.person, ...values };
    try {
      await ctx.api('PUT', '/api/directory', { body: { directory: post.with(person) }, version: d.version });
      await ctx.reloadNames();
      sessionStorage.setItem(SAVED, t('directory.postSaved', { post: post.title }));
      ctx.navigate('/staff/directory');
    } catch (e) {
      error = e as Error;
      conflict = e instanceof ApiError && e.status === 409;
      problems = {};
      const issues = e instanceof ApiError ? e.issues : [];
      for (const issue of issues) {
        const field = FIELDS.find((f) => issue.path === `directory.${post.path}.${f}` || issue.path === `${post.path}.${f}`);
        if (field && !problems[field]) problems[field] = issue.message;
      }
      draw();
      document.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
    }
  };

  const input = (name: FieldName, type: string, label: string, hint?: string) => {
    const id = `post-${name}`;
    const problem = problems[name];
    return html`<div class="govuk-form-group ${problem ? 'govuk-form-group--error' : ''}">
      <label class="govuk-label govuk-label--s" for=${id}>${label}</label>
      ${hint ? html`<div class="govuk-hint" id="${id}-hint">${hint}</div>` : nothing}
      ${problem ? html`<p class="govuk-error-message" id="${id}-error"><span class="govuk-visually-hidden">${t('errorPrefix')}</span> ${problem}</p>` : nothing}
      <input class="govuk-input ${problem ? 'govuk-input--error' : ''}" id=${id} name=${name} type=${type} spellcheck="false" autocomplete="off"
        .value=${values[name]} aria-describedby=${[hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing} />
    </div>`;
  };

  const summary = () => {
    if (!error) return nothing;
    if (conflict) {
      return html`<div class="govuk-error-summary" tabindex="-1" data-conflict><div role="alert">
        <h2 class="govuk-error-summary__title">${t('conflict.title')}</h2>
        <div class="govuk-error-summary__body"><p class="govuk-body">${t('conflict.body')}</p>
        <button class="govuk-button govuk-button--secondary" @click=${() => ctx.refresh()}>${t('conflict.reload')}</button></div></div></div>`;
    }
    const fieldProblems = FIELDS.filter((f) => problems[f]);
    return html`<div class="govuk-error-summary" tabindex="-1"><div role="alert">
      <h2 class="govuk-error-summary__title">${t('problem')}</h2>
      <div class="govuk-error-summary__body">
        ${fieldProblems.length ? nothing : html`<p class="govuk-body">${error.message}</p>`}
        ${fieldProblems.length
          ? html`<ul class="govuk-list govuk-error-summary__list">${fieldProblems.map((f) => html`<li><a href="#post-${f}">${problems[f]}</a></li>`)}</ul>`
          : nothing}
      </div></div></div>`;
  };

  const body = () => html`<a class="govuk-back-link" href="/staff/directory" data-nav>${t('directory.back')}</a>
    ${summary()}
    <h1 class="govuk-heading-l" tabindex="-1">${t('directory.changeTitle', { post: post.title })}</h1>
    <p class="govuk-body">${t('directory.changeIntro')}</p>
    <form novalidate @submit=${onSave}>
      ${input('id', 'text', t('directory.fields.id'), t('directory.fields.idHint'))} ${input('name', 'text', t('directory.fields.name'))}
      ${input('email', 'email', t('directory.fields.email'), t('directory.fields.emailHint'))}
      <div class="govuk-button-group">
        <button class="govuk-button" type="submit">${t('directory.savePost')}</button>
        <a class="govuk-link" href="/staff/directory" data-nav>${t('directory.cancel')}</a>
      </div>
    </form>`;
  const draw = () => render(body(), document.getElementById('app')!);
  return { title: t('directory.changeTitle', { post: post.title }), body: body() };
}

/** The message of a save that succeeded, shown by the directory page once it has read the directory again. */
export const SAVED = 'fire-complaints.directory-saved';
