import { html, type TemplateResult } from 'lit-html';
import { fill, PLACEHOLDER, text, type Messages } from '../../functions/domain/texts';

/**
 * The console's words, from the locale's `console` section (web/locales/<language>.json, sent in
 * /staff/config.json): `t('case.standing.title')`, `{name}` filled from values. Nothing a person
 * reads is written in the console's code; test/web/console-texts.test.ts keeps it so.
 */

export type Values = Readonly<Record<string, string | number | undefined>>;

export interface Texts {
  /** The text at a dotted path of the console section, `{name}` filled; throws on a missing one. */
  (key: string, values?: Values): string;
  /** `key.one` or `key.other` (by the language's plural rules, `other` when a form is missing), `{count}` filled. */
  plural(key: string, count: number, values?: Values): string;
  /** Whether the console section has a text at this path (for words looked up by a value, such as an event's type). */
  has(key: string): boolean;
  /** A text with parts of the page in its placeholders (`Signed in as {id}`, the id in bold). */
  parts(key: string, values: Readonly<Record<string, TemplateResult | string | number>>): TemplateResult;
}

export function textsFrom(messages: Messages, language: string): Texts {
  const rules = new Intl.PluralRules(language);
  const has = (key: string) => {
    try {
      text(messages, key);
      return true;
    } catch {
      return false;
    }
  };
  const t = ((key: string, values?: Values) => fill(text(messages, key), values)) as Texts;
  t.has = has;
  t.plural = (key, count, values) => {
    const form = `${key}.${rules.select(count)}`;
    return fill(text(messages, has(form) ? form : `${key}.other`), { count, ...values });
  };
  t.parts = (key, values) => {
    const pieces: Array<TemplateResult | string | number> = [];
    let last = 0;
    const source = text(messages, key);
    for (const m of source.matchAll(PLACEHOLDER)) {
      pieces.push(source.slice(last, m.index));
      pieces.push(values[m[1]!] ?? m[0]);
      last = m.index + m[0].length;
    }
    pieces.push(source.slice(last));
    return html`${pieces}`;
  };
  return t;
}
