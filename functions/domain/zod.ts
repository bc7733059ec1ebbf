import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini, with English messages: every schema of the functions imports `z` from here. zod/mini is
 * the same zod as `zod`, with functions in place of methods, so a bundle carries only the parts it
 * uses (about 40 KB against classic zod's 95); unlike `zod`, it loads no locale of its own. English
 * alone is configured here, once, so the messages callers read ("Too big: expected string to have
 * <=254 characters") stay those of `zod`, and no other language reaches a bundle.
 */
config(en());

export * from 'zod/mini';
