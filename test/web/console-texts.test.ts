import { readdirSync, readFileSync } from 'node:fs';
import { CHANNELS, CLOSURES, DECISIONS, EVENT_TYPES, INFORMATION_REQUESTS, TASK_TYPES } from '../../functions/domain/case';
import { CONTACT_METHODS } from '../../functions/domain/submission';
import { ROLES } from '../../functions/config/roles';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { defaultPolicy as policy } from '../../functions/domain/policy';
import type { Messages } from '../../functions/domain/texts';
import { consoleConfig } from '../../functions/web/console';
import { daysLeftWords } from '../../web/console/format';
import { textsFrom } from '../../web/console/texts';

/**
 * Every word of the staff console comes from the `console` section of web/locales/en-GB.json
 * (sent in /staff/config.json): every `t('…')` the console asks for is there, every text there is
 * asked for (by the console or by its page's template), and no view keeps an English sentence of
 * its own.
 */

const web = join(import.meta.dirname, '..', '..', 'web');
const locale = JSON.parse(readFileSync(join(web, 'locales', 'en-GB.json'), 'utf8')) as { console: Messages };
const section = locale.console;

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), ending) : e.name.endsWith(ending) ? [join(dir, e.name)] : []));
}

/** Every text of the section by its dotted path. */
function leaves(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)));
}
const at = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), section);

/** Looks like words a person reads: a capitalised word or sentence, or two or more plain words. */
const WORDS = /^(?:[A-Z][a-z’']+(?:[\s,.:;’'()-]+[A-Za-z’']+)*[.!?]?|[a-z’']+(?:\s+[a-z’']+)+[.!?]?)$/;
/** Technical words that look like English: the HTTP authorisation scheme, the OpenID Connect scopes. */
const NOT_WORDS = new Set(['Bearer', 'openid profile']);
const ATTRIBUTE_TEXT = /\b(?:aria-label|title|alt|placeholder)="([^"\u0000]*)"/g;

interface Scan {
  /** Keys given as literals to `t(…)`, `t.plural(…)`, `t.has(…)`, `t.parts(…)`. */
  keys: Array<{ key: string; plural: boolean; line: number }>;
  /** `t(\`events.${type}\`)`: every text under the prefix may be asked for. */
  prefixes: string[];
  /** Words left in the code. */
  words: Array<{ text: string; line: number }>;
}

const isTexts = (e: ts.Expression) => (ts.isIdentifier(e) && (e.text === 't' || e.text === 'texts')) || (ts.isPropertyAccessExpression(e) && e.name.text === 't');

/** A call that looks up the console's words: `t(…)`, `ctx.t(…)`, `t.plural(…)` and the like; whether it picks a plural form. */
function textsCall(node: ts.CallExpression): { plural: boolean } | undefined {
  const callee = node.expression;
  if (isTexts(callee)) return { plural: false };
  if (ts.isPropertyAccessExpression(callee) && ['plural', 'has', 'parts'].includes(callee.name.text) && isTexts(callee.expression)) return { plural: callee.name.text === 'plural' };
  return undefined;
}

function scan(file: string, source = readFileSync(file, 'utf8')): Scan {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Scan = { keys: [], prefixes: [], words: [] };
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const looksLikeWords = (text: string) => {
    const s = text.trim();
    return s !== '' && WORDS.test(s) && !NOT_WORDS.has(s);
  };
  const htmlTemplate = (template: ts.TemplateLiteral, n: ts.Node) => {
    const pieces = ts.isNoSubstitutionTemplateLiteral(template) ? [template.text] : [template.head.text, ...template.templateSpans.map((s) => s.literal.text)];
    const joined = pieces.join('\u0000');
    for (const m of joined.matchAll(ATTRIBUTE_TEXT)) if (/[A-Za-z]{3,}/.test(m[1]!)) out.words.push({ text: m[0], line: line(n) });
    for (const piece of joined.replace(/<[^>]*>/g, '\u0000').split('\u0000')) if (/[A-Za-z]{3,}/.test(piece)) out.words.push({ text: piece.trim(), line: line(n) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isCallExpression(node)) {
      const call = textsCall(node);
      const [first, ...rest] = node.arguments;
      if (call && first) {
        if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) out.keys.push({ key: first.text, plural: call.plural, line: line(first) });
        else if (ts.isTemplateExpression(first)) out.prefixes.push(first.head.text);
        else visit(first);
        ts.forEachChild(node.expression, visit);
        rest.forEach(visit);
        return;
      }
    }
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'html') {
      htmlTemplate(node.template, node);
      if (ts.isTemplateExpression(node.template)) node.template.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (looksLikeWords(node.text)) out.words.push({ text: node.text, line: line(node) });
    } else if (ts.isTemplateExpression(node)) {
      for (const piece of [node.head, ...node.templateSpans.map((s) => s.literal)]) if (looksLikeWords(piece.text)) out.words.push({ text: piece.text, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const consoleFiles = filesUnder(join(web, 'console'), '.ts');
const scans = new Map(consoleFiles.map((f) => [relative(web, f), scan(f)]));

describe('the console’s words come from the locale', () => {
  it.each([...scans.keys()])('%s asks only for texts the locale has', (name) => {
    const missing: string[] = [];
    for (const { key, plural, line } of scans.get(name)!.keys) {
      const forms = plural ? [`${key}.one`, `${key}.other`] : [key];
      for (const form of forms) if (typeof at(form) !== 'string') missing.push(`${form} (line ${line})`);
    }
    expect(missing).toEqual([]);
  });

  it.each([...scans.keys()])('%s keeps no words of its own', (name) => {
    expect(scans.get(name)!.words.map((w) => `line ${w.line}: ${w.text}`)).toEqual([]);
  });

  it('uses every text of the console section (the console, or its page’s template)', () => {
    const all = [...scans.values()];
    const asked = new Set(all.flatMap((s) => s.keys.flatMap(({ key, plural }) => (plural ? [`${key}.one`, `${key}.other`] : [key]))));
    const prefixes = all.flatMap((s) => s.prefixes).filter((p) => p !== '');
    for (const template of filesUnder(join(web, 'templates'), '.njk')) {
      for (const m of readFileSync(template, 'utf8').matchAll(/\bt\.console((?:\.\w+)+)/g)) asked.add(m[1]!.slice(1));
    }
    const unused = leaves(section).filter((key) => !asked.has(key) && !prefixes.some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('words looked up by a value (an event’s or a task’s type, a channel, a way of contact, a decision, a role) have a place of their own, with a word for every value', () => {
    const prefixes = new Set([...scans.values()].flatMap((s) => s.prefixes));
    expect([...prefixes].sort()).toEqual(['channels.', 'closures.', 'contactBy.', 'decisions.', 'events.', 'home.task.', 'informationReview.requests.', 'roles.']);
    expect(Object.keys(at('roles') as object).sort()).toEqual([...ROLES].sort());
    expect(Object.keys(at('events') as object).sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(at('home.task') as object).sort()).toEqual([...TASK_TYPES].sort());
    // Stored values staff read in words: every channel, way of contact and decision.
    expect(Object.keys(at('channels') as object).sort()).toEqual([...CHANNELS].sort());
    expect(Object.keys(at('contactBy') as object).sort()).toEqual([...CONTACT_METHODS, 'none'].sort());
    expect(Object.keys(at('decisions') as object).sort()).toEqual([...DECISIONS].sort());
    expect(Object.keys(at('closures') as object).sort()).toEqual([...CLOSURES].sort());
    expect(Object.keys(at('informationReview.requests') as object).sort()).toEqual([...INFORMATION_REQUESTS].sort());
  });

  it('finds what it looks for (the check itself)', () => {
    const found = scan(
      'example.ts',
      [
        "const a = html`<h1>Record a case</h1><p aria-label=\"Filter cases\">${t('list.title')}</p><b>${x}</b>`;",
        "const b = { label: 'New owner', other: 'due today', button: 'Refer', cls: 'govuk-button govuk-button--secondary', id: 'details-updated' };",
        "const c = ctx.t('case.status') + t.plural('daysLeft.left', 2) + t(`events.${type}`);",
      ].join('\n'),
    );
    expect(found.words.map((w) => w.text)).toEqual(['aria-label="Filter cases"', 'Record a case', 'New owner', 'due today', 'Refer']);
    expect(found.keys.map((k) => [k.key, k.plural])).toEqual([
      ['list.title', false],
      ['case.status', false],
      ['daysLeft.left', true],
    ]);
    expect(found.prefixes).toEqual(['events.']);
  });
});

describe('the console’s texts', () => {
  const t = textsFrom(section, 'en-GB');

  it('are sent to the console in /staff/config.json, the locale’s console section as it is', () => {
    const signIn = { authority: 'https://issuer.example', client_id: 'console', scope: 'openid profile email', end_session_endpoint: 'https://issuer.example/logout' };
    expect(consoleConfig(policy, signIn, section)).toMatchObject({ texts: section, authority: signIn.authority, clientId: 'console', endSessionEndpoint: signIn.end_session_endpoint });
  });

  it('say working days left in the plural forms of the language', () => {
    expect([-2, -1, 0, 1, 2].map((n) => daysLeftWords(t, n))).toEqual(['2 working days overdue', '1 working day overdue', 'due today', '1 working day left', '2 working days left']);
    expect(daysLeftWords(t, undefined)).toBe('');
  });

  it('fill in values, and a missing text throws rather than show a key', () => {
    expect(t('actions.assign.nowWith', { reference: 'CC-2026-00001', owner: 'prevention-head' })).toBe('CC-2026-00001 is now with prevention-head');
    expect(t.has('events.received')).toBe(true);
    expect(t.has('events.no-such-event')).toBe(false);
    expect(() => t('no.such.text')).toThrow(/no text at no\.such\.text/);
  });
});
