import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every word of the pages comes from web/locales/<language>.json: every text a template asks for
 * (`t.…`, or through an alias such as `{% set q = t.questions.type %}` then `q.title`) must be there,
 * since Nunjucks would otherwise print nothing where a sentence belongs.
 */

const root = join(import.meta.dirname, '..', '..', 'web');
const locale = JSON.parse(readFileSync(join(root, 'locales', 'en-GB.json'), 'utf8')) as Record<string, unknown>;

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? templates(join(dir, e.name)) : e.name.endsWith('.njk') ? [join(dir, e.name)] : []));
}

const at = (path: string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), locale);

/** `a.b["c-d"].e` → ['a', 'b', 'c-d', 'e']; a computed part (`[p.state]`) ends the path. */
function parts(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/\.?(\w+)|\["([\w-]+)"\]|\[[^\]]*\]/g)) {
    if (m[1] === undefined && m[2] === undefined) break;
    out.push((m[1] ?? m[2])!);
  }
  return out;
}

describe('the locale has every text the templates ask for', () => {
  const files = templates(join(root, 'templates'));

  it.each(files.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const aliases = new Map<string, string[]>([['t', []]]);
    for (const m of source.matchAll(/\{%-?\s*set (\w+) = t((?:\.\w+)+)\s*-?%\}/g)) aliases.set(m[1]!, parts(m[2]!));
    const missing: string[] = [];
    for (const [alias, prefix] of aliases) {
      for (const m of source.matchAll(new RegExp(`(?<![\\w.])${alias}((?:\\.\\w+|\\["[\\w-]+"\\])+)`, 'g'))) {
        const path = [...prefix, ...parts(m[1]!)];
        if (at(path) === undefined) missing.push(path.join('.'));
      }
    }
    expect(missing).toEqual([]);
  });

  it('finds paths the locale lacks (the check itself)', () => {
    expect(at(parts('.start.title'))).toBe('Make a complaint or pay a compliment');
    expect(at(parts('.start.titel'))).toBeUndefined();
    expect(at(parts('.track.state["awaiting-owner"]'))).toMatch(/^We are choosing/);
  });

  it('has no empty text', () => {
    const empty: string[] = [];
    const walk = (o: unknown, path: string) => {
      if (typeof o === 'string') {
        if (o.trim() === '') empty.push(path);
      } else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(locale, '');
    expect(empty).toEqual([]);
  });
});
