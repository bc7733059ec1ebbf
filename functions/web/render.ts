import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { dateInWords } from '../domain/emails';
import type { Policy } from '../domain/policy';
import type { WebFiles } from './files';

/**
 * Server-side rendering: Nunjucks with govuk-frontend's own macros, escaping everything by default
 * (autoescape), every word from the locale file of the policy's language (web/locales/<lang>.json),
 * so another language is a new file, not new code.
 */

/** The locale's texts: nested objects of strings, `{name}` marking what is filled in. */
export type Messages = { readonly [key: string]: string | Messages };

/** Fills `{name}` in a text; a name without a value stays as it is, so a missing value shows. */
export function fill(text: string, values: Readonly<Record<string, string | number | undefined>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : String(v);
  });
}

/** The text at a dotted path of the messages (`questions.type.title`); throws on a missing one, so no page shows a key. */
export function text(messages: Messages, path: string): string {
  let at: string | Messages | undefined = messages;
  for (const part of path.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  if (typeof at !== 'string') throw new Error(`The locale has no text at ${path}`);
  return at;
}

export interface Renderer {
  readonly messages: Messages;
  render(template: string, context: Record<string, unknown>): string;
}

export interface RendererOptions {
  files: WebFiles;
  language: string;
  policy: Policy;
  /** Logical asset name → URL path (web/build.ts). */
  assets: Readonly<Record<string, string>>;
}

export function loadMessages(files: WebFiles, language: string): Messages {
  if (!/^[a-z]{2,3}(-[A-Z]{2})?$/.test(language)) throw new Error(`Not a language tag: ${language}`);
  return JSON.parse(readFileSync(join(files.locales, `${language}.json`), 'utf8')) as Messages;
}

export function createRenderer(options: RendererOptions): Renderer {
  const messages = loadMessages(options.files, options.language);
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([options.files.templates, options.files.govukFrontend]), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('fill', (s: string, values: Record<string, string | number | undefined>) => fill(s, values));
  env.addFilter('date', (iso: string) => dateInWords(iso));
  env.addGlobal('t', messages);
  env.addGlobal('policy', options.policy);
  env.addGlobal('assets', options.assets);
  return {
    messages,
    render: (template, context) => env.render(template, context),
  };
}
