import nunjucks from 'nunjucks';
import { readMessages } from '../config/locale-source';
import { dateInWords } from '../domain/emails';
import { fill, type Messages } from '../domain/texts';
import type { Policy } from '../domain/policy';
import type { WebFiles } from './files';

/**
 * Server-side rendering: Nunjucks with govuk-frontend's own macros, escaping everything by default
 * (autoescape), every word from the locale file of the policy's language (web/locales/<lang>.json),
 * so another language is a new file, not new code.
 */

export { fill, text, type Messages } from '../domain/texts';

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
  return readMessages(files.locales, language);
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
