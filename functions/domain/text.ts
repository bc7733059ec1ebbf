import * as z from './zod';

/**
 * Free text a person typed, checked the same way in every field that keeps it (the public form,
 * staff records and decisions, directory names). What passes is stored as it will be read and
 * mailed: NFC-normalised, trimmed, and free of anything that is not text a person writes:
 * - broken UTF-16 (an unpaired surrogate) and Unicode noncharacters;
 * - C0 and C1 control characters and DEL, except tab, line feed and carriage return;
 * - bidirectional override and isolate controls (U+202A–U+202E, U+2066–U+2069), which can make a
 *   line read differently from what it holds; the plain marks LRM/RLM/ALM stay, as mixed
 *   right-to-left text needs them;
 * - in a one-line field (it may end up in a subject or a header), any line break.
 * Text made only of spaces, invisible format characters, blanks that render as nothing (braille
 * blank, Hangul fillers) or lone combining marks counts as empty, so "required" fires.
 */

/** zod's message for a field that is absent or of the wrong type. */
export const expected = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : `expected ${what}`);

// C0 and C1 controls and DEL, but tab, line feed and carriage return (line breaks are LINE_BREAK's).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
// With the u flag a surrogate pair is one code point, so this finds only unpaired halves (what
// String.prototype.isWellFormed checks; ES2024, not in this project's type library yet).
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/**
 * Nothing a reader could see: White_Space, controls, format characters (zero-width spaces, joiners,
 * tags), every Default_Ignorable code point (Hangul fillers U+115F/U+1160/U+3164/U+FFA0, variation
 * selectors, ...), combining marks with nothing to combine with, and the braille blank U+2800.
 */
const NOTHING_VISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\u2800]*$/u;

const codePoint = (s: string, re: RegExp) => {
  const c = re.exec(s)![0].codePointAt(0)!;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** Why `s` is not acceptable text, or undefined when it is. */
export function textProblem(s: string, lines: 'one' | 'many'): string | undefined {
  if (LONE_SURROGATE.test(s)) return 'contains a broken character (an unpaired surrogate)';
  if (NONCHARACTER.test(s)) return `contains a character that is not text (${codePoint(s, NONCHARACTER)})`;
  if (lines === 'one' && LINE_BREAK.test(s)) return 'must be a single line';
  if (CONTROL.test(s)) return `contains a control character (${codePoint(s, CONTROL)})`;
  if (BIDI_CONTROL.test(s)) return `contains a bidirectional override or isolate character (${codePoint(s, BIDI_CONTROL)})`;
  return undefined;
}

/** True when there is nothing to read in `s`. */
export const isBlank = (s: string) => NOTHING_VISIBLE.test(s);

/**
 * A free-text field of at most `max` characters, as sent and once normalised and trimmed. Blank
 * text becomes ''; `requiredText` refuses it and `optionalText` drops it.
 */
function freeText(max: number, lines: 'one' | 'many') {
  return z.pipe(
    z.string({ error: expected('text') }).check(z.maxLength(max, `at most ${max} characters`)),
    z.transform((raw: string, ctx) => {
      const problem = textProblem(raw, lines);
      if (problem) {
        ctx.issues.push({
          // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
          code: 'custom',
          message: problem,
          input: raw,
        });
        return z.NEVER;
      }
      const s = raw.normalize('NFC').trim();
      if (isBlank(s)) return '';
      if (s.length > max) {
        ctx.issues.push({
          // Stryker disable next-line StringLiteral: equivalent, the code never leaves the domain (toIssues keeps path and message)
          code: 'custom',
          message: `at most ${max} characters`,
          input: raw,
        });
        return z.NEVER;
      }
      return s;
    }),
  );
}

/** Text on one line: a name, a summary, a reference. */
export const oneLine = (max: number) => freeText(max, 'one');

/** Text that may run over several lines: details, an address, a response. */
// Stryker disable next-line StringLiteral: equivalent, textProblem only asks whether `lines` is 'one'
export const multiLine = (max: number) => freeText(max, 'many');

type TextField = (max: number) => ReturnType<typeof freeText>;

/** Text that must say something. */
export const requiredText = (field: TextField, max: number) => field(max).check(z.refine((s) => s.length > 0, 'required'));

/** Text that may be left out; blank counts as left out. */
export const optionalText = (field: TextField, max: number) => z.optional(z.pipe(field(max), z.transform((s) => (s === '' ? undefined : s))));
