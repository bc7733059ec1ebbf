import { fileURLToPath } from 'node:url';
import { readMessages } from '../../functions/config/locale-source';

/** The repository's locales folder, where the functions read their texts when run from the sources. */
export const LOCALES = fileURLToPath(new URL('../../web/locales', import.meta.url));

/** The en-GB texts, read as the functions read them (functions/config/locale-source.ts). */
export const enGB = readMessages(LOCALES, 'en-GB');
