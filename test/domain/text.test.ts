import * as z from '../../functions/domain/zod';
import { describe, expect, it } from 'vitest';
import { AssignOwner, RecordOmbudsman, RecordOutcome, ReferToCro, parseReference, recordCaseSchema } from '../../functions/domain/commands';
import { ValidationError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';
import { DirectoryInput, defaultDirectory } from '../../functions/domain/staff';
import { parseSubmission } from '../../functions/domain/submission';
import { isBlank, multiLine, oneLine, optionalText, requiredText } from '../../functions/domain/text';
import { toIssues } from '../../functions/domain/validation';
import { aComplaint } from '../support/mothers';

const Form = z.strictObject({
  name: optionalText(oneLine, 20),
  summary: requiredText(oneLine, 20),
  details: requiredText(multiLine, 200),
});

const valid = { summary: 'Blocked drive', details: 'The crew parked across it.' };

function outcome(input: Record<string, unknown>) {
  const result = Form.safeParse({ ...valid, ...input });
  return result.success ? { ok: true as const, data: result.data } : { ok: false as const, issues: toIssues(result.error) };
}

describe('free text (functions/domain/text.ts)', () => {
  it.each<[string, string, string, RegExp]>([
    ['an unpaired high surrogate', 'details', 'broken \ud800 text', /unpaired surrogate/],
    ['an unpaired low surrogate', 'summary', '\udc00', /unpaired surrogate/],
    ['a surrogate pair written backwards', 'name', '\udc00\ud800', /unpaired surrogate/],
    ['a NUL', 'details', 'a\u0000b', /control character \(U\+0000\)/],
    ['a bell', 'summary', 'ding\u0007', /control character \(U\+0007\)/],
    ['an escape', 'name', '\u001b[31mred', /control character \(U\+001B\)/],
    ['a vertical tab', 'details', 'a\u000bb', /control character \(U\+000B\)/],
    ['DEL', 'details', 'a\u007fb', /control character \(U\+007F\)/],
    ['a C1 control (NEL)', 'details', 'one\u0085two', /control character \(U\+0085\)/],
    ['a C1 control (CSI)', 'name', 'x\u009by', /control character \(U\+009B\)/],
    ['a right-to-left override', 'name', 'Ann \u202eelpmaxE', /bidirectional override or isolate character \(U\+202E\)/],
    ['a left-to-right embedding', 'summary', '\u202aabc', /U\+202A/],
    ['a pop directional formatting', 'details', 'abc\u202c', /U\+202C/],
    ['a right-to-left isolate', 'details', 'x \u2067y\u2069', /U\+2067/],
    ['a first-strong isolate', 'summary', '\u2068abc', /U\+2068/],
    ['a noncharacter', 'details', 'x\uffffy', /not text \(U\+FFFF\)/],
    ['a noncharacter in a high plane', 'details', 'x\u{10fffe}y', /not text \(U\+10FFFE\)/],
    ['a line feed in a one-line field', 'summary', 'one\ntwo', /single line/],
    ['a carriage return in a one-line field', 'name', 'Ann\r\nBcc: x@y.z', /single line/],
    ['a line separator in a one-line field', 'summary', 'one\u2028two', /single line/],
    ['too many characters', 'summary', 'x'.repeat(21), /at most 20 characters/],
    ['something other than text', 'details', 42 as unknown as string, /expected text/],
  ])('refuses %s, naming the field', (_why, field, value, message) => {
    const result = outcome({ [field]: value });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([{ path: field, message: expect.stringMatching(message) }]);
  });

  it.each<[string, string]>([
    ['spaces', '   '],
    ['tabs and line breaks', '\t\r\n'],
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a zero-width joiner and non-joiner', '\u200d\u200c'],
    ['word joiners and a byte order mark', '\u2060\ufeff'],
    ['braille blanks', '\u2800\u2800'],
    ['the Hangul filler', '\u3164'],
    ['the Hangul choseong and jungseong fillers', '\u115f\u1160'],
    ['the halfwidth Hangul filler', '\uffa0'],
    ['ideographic and other wide spaces', '\u3000\u2003\u00a0\u202f'],
    ['the Mongolian vowel separator', '\u180e'],
    ['a soft hyphen', '\u00ad'],
    ['variation selectors', '\ufe0f\ufe0e'],
    ['combining marks with nothing to mark', '\u0301\u0308'],
    ['the combining grapheme joiner', '\u034f'],
    ['tag characters', '\u{e0041}\u{e0042}'],
    ['left-to-right and right-to-left marks', '\u200e\u200f'],
    ['a mixture of them all', ' \u200b\u2800\u3164\u115f\u00ad\u200e '],
  ])('counts text made only of %s as empty, so "required" fires', (_why, value) => {
    expect(isBlank(value)).toBe(true);
    for (const field of ['summary', 'details']) {
      const value2 = field === 'summary' ? value.replace(/[\r\n]/g, '') : value;
      const result = outcome({ [field]: value2 });
      expect(result.ok ? [] : result.issues, field).toEqual([{ path: field, message: 'required' }]);
    }
    const optional = outcome({ name: value.replace(/[\r\n]/g, '') });
    expect(optional).toEqual({ ok: true, data: { ...valid } });
  });

  it.each<[string, string]>([
    ['accents', 'Zoë Brontë-Ćirić, café crème'],
    ['Welsh', 'Mae’r criw wedi parcio ar draws fy dreif. Diolch yn fawr iawn! Ŵyn ŷd'],
    ['Urdu (right-to-left)', 'فائر بریگیڈ کی گاڑی نے میرا راستہ روک دیا'],
    ['Urdu with a right-to-left mark and a Latin reference', 'حوالہ \u200fCC-2026-00042'],
    ['Hindi with a zero-width joiner', 'क्‍ष अग्निशमन'],
    ['Chinese', '消防车挡住了我的车道'],
    ['emoji with skin tones and joiners', 'Thank you 👩🏽‍🚒🧑‍🚒❤️'],
    ['the Welsh flag (tag characters)', 'Diolch 🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}'],
    ['markup, kept as text', '<b>bold</b> & "quotes"'],
    ['a tab between words', 'one\ttwo'],
    ['one visible letter among invisibles', '\u200bx\u2800'],
  ])('accepts visible text: %s', (_why, value) => {
    const summary = value.slice(0, 20);
    const result = outcome({ details: value, name: [...value].slice(0, 5).join('').replace(/\s+$/, '') || undefined });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(result.ok && result.data.details).toBe(value.normalize('NFC').trim());
    expect(isBlank(summary)).toBe(false);
  });

  it('keeps line breaks and tabs in a multi-line field', () => {
    const details = 'Line one\r\nLine two\n\tindented';
    expect(outcome({ details })).toEqual({ ok: true, data: { ...valid, details } });
  });

  it('stores text normalised to NFC and trimmed', () => {
    const decomposed = '  Zoe\u0308 Bronte\u0308, cafe\u0301  ';
    const result = outcome({ name: 'Zoe\u0308', details: decomposed });
    expect(result).toEqual({ ok: true, data: { ...valid, name: 'Zo\u00eb', details: 'Zo\u00eb Bront\u00eb, caf\u00e9' } });
    // Hangul written as jamo becomes the syllables a reader sees.
    expect(outcome({ summary: '\u1112\u1161\u11ab\u1100\u1173\u11af' })).toEqual({ ok: true, data: { ...valid, summary: '한글' } });
  });

  it.each<[string, string]>([
    ['U+0001', '\u0001'],
    ['U+0008', '\u0008'],
    ['U+000C', '\u000c'],
    ['U+000E', '\u000e'],
    ['U+001F', '\u001f'],
    ['U+0080', '\u0080'],
    ['U+009F', '\u009f'],
  ])('refuses the control character %s at the edge of a refused range', (code, char) => {
    expect(outcome({ details: `a${char}b` })).toEqual({ ok: false, issues: [{ path: 'details', message: `contains a control character (${code})` }] });
  });

  it.each<[string, string]>([
    ['U+202B', '\u202b'],
    ['U+202D', '\u202d'],
    ['U+2066', '\u2066'],
    ['U+2069', '\u2069'],
  ])('refuses the bidirectional control %s', (code, char) => {
    expect(outcome({ details: `a${char}b` })).toEqual({
      ok: false,
      issues: [{ path: 'details', message: `contains a bidirectional override or isolate character (${code})` }],
    });
  });

  it.each<[string, string]>([
    ['the noncharacter U+FDD0', '\ufdd0'],
    ['the noncharacter U+FFFE', '\ufffe'],
  ])('refuses %s', (why, char) => {
    expect(outcome({ details: `a${char}b` })).toEqual({ ok: false, issues: [{ path: 'details', message: `contains a character that is not text (${why.slice(-6)})` }] });
  });

  it.each<[string, string]>([
    ['a no-break space U+00A0', 'a\u00a0b'],
    ['the Arabic letter mark U+061C', '\u0627\u061c1'],
    ['left-to-right and right-to-left marks', 'a\u200e\u200fb'],
    ['U+206A, just after the isolates', 'a\u206ab'],
    ['a paragraph separator in a multi-line field', 'one\u2029two'],
    ['the replacement character U+FFFD, just before the noncharacters', 'a\ufffdb'],
    ['a surrogate pair (an emoji)', 'a\u{1f692}b'],
  ])('accepts %s in a multi-line field', (_why, details) => {
    expect(outcome({ details })).toEqual({ ok: true, data: { ...valid, details } });
  });

  it.each<[string, string]>([
    ['a paragraph separator', 'one\u2029two'],
    ['a carriage return alone', 'one\rtwo'],
  ])('refuses %s in a one-line field', (_why, summary) => {
    expect(outcome({ summary })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'must be a single line' }] });
  });

  it('names the first problem only, broken characters before anything else', () => {
    expect(outcome({ summary: 'a\n\u0007\ud800' })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'contains a broken character (an unpaired surrogate)' }] });
    expect(outcome({ summary: 'a\n\u0007\uffff' })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'contains a character that is not text (U+FFFF)' }] });
    expect(outcome({ summary: 'a\u202e\u0007\n' })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'must be a single line' }] });
    expect(outcome({ summary: 'a\u202e\u0007' })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'contains a control character (U+0007)' }] });
  });

  it('counts the limit again after normalising, which can lengthen text', () => {
    // U+0958 (DEVANAGARI LETTER QA) is excluded from composition: NFC writes it as two characters.
    const qa = '\u0958'.repeat(20);
    expect(qa.normalize('NFC')).toHaveLength(40);
    expect(outcome({ summary: qa })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'at most 20 characters' }] });
    expect(outcome({ summary: '\u0958'.repeat(10) })).toEqual({ ok: true, data: { ...valid, summary: '\u0958'.repeat(10).normalize('NFC') } });
  });

  it('says "required" of a missing field and "expected text" of a wrong type', () => {
    expect(outcome({ summary: undefined })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'required' }] });
    expect(outcome({ summary: null })).toEqual({ ok: false, issues: [{ path: 'summary', message: 'expected text' }] });
    expect(outcome({ name: ['Ann'] })).toEqual({ ok: false, issues: [{ path: 'name', message: 'expected text' }] });
  });

  it('counts the limit after normalising and trimming', () => {
    expect(outcome({ summary: ` ${'x'.repeat(18)} ` }).ok).toBe(true);
    expect(outcome({ summary: 'x'.repeat(20) }).ok).toBe(true);
  });
});

describe('every free-text field uses it', () => {
  const TODAY = '2026-03-10';
  const issuesOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
    return [];
  };
  const paths = (schema: z.ZodMiniType, body: unknown) => {
    const result = schema.safeParse(body);
    return result.success ? [] : toIssues(result.error).map((i) => i.path);
  };
  const BAD = ['\u202eevil', 'x\ud800', 'x\u0085y'];
  const BLANK = '\u200b\u2800\u3164';

  it.each(['name', 'address', 'summary', 'details', 'location', 'accessibilityNeeds'])('the public form: %s', (field) => {
    for (const value of BAD) {
      expect(issuesOf(() => parseSubmission(aComplaint({ [field]: value }), defaultPolicy, TODAY)).map((i) => i.path), value).toEqual([field]);
    }
  });

  it('the public form: blank summary and details are required', () => {
    const issues = issuesOf(() => parseSubmission(aComplaint({ summary: BLANK, details: BLANK }), defaultPolicy, TODAY));
    expect(issues).toEqual([
      { path: 'summary', message: 'required' },
      { path: 'details', message: 'required' },
    ]);
  });

  it('the public form: a blank name is no name, and a blank address no address', () => {
    const { submission } = parseSubmission(aComplaint({ name: BLANK, address: BLANK }), defaultPolicy, TODAY);
    expect(submission.name).toBeUndefined();
    expect(submission.address).toBeUndefined();
  });

  it('staff records and decisions', () => {
    const record = { ...aComplaint(), channel: 'phone', receivedAt: '2026-01-05' };
    for (const value of [...BAD, BLANK]) {
      expect(paths(recordCaseSchema(defaultPolicy), { ...record, details: value })).toEqual(['details']);
      expect(paths(RecordOutcome, { result: 'resolved', decision: 'upheld', response: value })).toEqual(['response']);
      expect(paths(RecordOutcome, { result: 'further-action', reason: value })).toEqual(['reason']);
      expect(paths(ReferToCro, { reason: value })).toEqual(['reason']);
      expect(paths(RecordOmbudsman, { enquiryReceivedOn: '2026-01-01', ombudsmanReference: value })).toEqual(['ombudsmanReference']);
    }
    for (const value of BAD) {
      expect(paths(AssignOwner, { reason: value })).toEqual(['reason']);
      expect(paths(RecordOutcome, { result: 'resolved', decision: 'upheld', response: 'x', remedy: value })).toEqual(['remedy']);
    }
  });

  it('names in the staff directory', () => {
    const { version: _v, ...directory } = defaultDirectory(defaultPolicy);
    const named = (name: string) => ({ ...directory, dutyOfficer: { ...directory.dutyOfficer, name } });
    for (const value of [...BAD, BLANK]) expect(paths(DirectoryInput, named(value))).toEqual(['dutyOfficer.name']);
    expect(DirectoryInput.parse(named(' Siân Ŵyn ')).dutyOfficer.name).toBe('Siân Ŵyn');
  });
});

describe('a case reference in a path', () => {
  it('refuses a missing reference as required', () => {
    expect(() => parseReference(undefined)).toThrow(expect.objectContaining({ issues: [{ path: 'reference', message: 'required' }] }));
  });

  it.each(['CC-2026-00042', 'CC-2026-123456', 'ABCDEFGH-1999-000000001'])('accepts %s', (reference) => {
    expect(parseReference(reference)).toBe(reference);
  });

  it.each([
    ['empty', ''],
    ['lower case', 'cc-2026-00042'],
    ['too few digits', 'CC-2026-042'],
    ['a prefix over 8 letters', 'ABCDEFGHI-2026-00042'],
    ['padded', ' CC-2026-00042'],
    ['a path', '../CC-2026-00042'],
    ['still %-encoded', 'CC%2D2026%2D00042'],
    ['a sequence of ten digits', 'CC-2026-0000000042'],
    ['followed by more', 'CC-2026-00042/notes'],
    ['not text', 42],
  ])('refuses a reference that is %s with a 400 naming reference', (_why, value) => {
    let thrown: unknown;
    try {
      parseReference(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues).toEqual([{ path: 'reference', message: 'expected a case reference such as CC-2026-00042' }]);
  });

  it.each([
    ['2,044 characters', `CC-2026-${'0'.repeat(2_036)}`],
    ['100,000 characters', 'A'.repeat(100_000)],
  ])('refuses a reference of %s before reading it, saying how long one may be', (_why, value) => {
    expect(() => parseReference(value)).toThrow(
      expect.objectContaining({ issues: [{ path: 'reference', message: 'expected a case reference such as CC-2026-00042 (at most 32 characters)' }] }),
    );
  });
});
