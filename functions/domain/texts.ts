import { ConfigurationError } from './errors';

/**
 * The texts a person reads, pages and emails alike, from the locale file of the policy's language
 * (web/locales/<language>.json): another language is a new file, not new code. Pure: the file is
 * read by the caller (functions/config/locale-source.ts) and passed in.
 */

/** The locale's texts: nested objects of strings, `{name}` marking what is filled in. */
export type Messages = { readonly [key: string]: string | Messages };

/** A `{name}` to be filled in. */
export const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills `{name}` in a text; a name without a value stays as it is, so a missing value shows. */
export function fill(text: string, values: Readonly<Record<string, string | number | undefined>> = {}): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : String(v);
  });
}

/** The text at a dotted path of the messages (`questions.type.title`); throws on a missing one, so no page shows a key. */
export function text(messages: Messages, path: string): string {
  let at: string | Messages | undefined = messages;
  for (const part of path.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  if (typeof at !== 'string') throw new ConfigurationError(`The locale has no text at ${path}`);
  return at;
}
