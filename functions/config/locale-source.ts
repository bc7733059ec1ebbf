import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../domain/errors';
import type { Messages } from '../domain/texts';

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/**
 * The texts of one language: `<folder>/<language>.json`, read by name at run time, so a new
 * language (cy.json beside en-GB.json) needs no change of code. `folder` is where the function finds
 * its locales (functions/web/files.ts, `webFilesFrom(import.meta.url).locales`). Throws
 * ConfigurationError at start when the tag is not a language tag or the file is not a JSON object.
 */
export function readMessages(folder: string, language: string): Messages {
  if (!LANGUAGE_TAG.test(language)) throw new ConfigurationError(`Not a language tag: ${language}`);
  const file = join(folder, `${language}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`Cannot read the texts of ${language} from ${file}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigurationError(`${file} is not an object of texts`);
  return parsed as Messages;
}
