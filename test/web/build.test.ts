import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASSET_NAMES, buildWebAssets } from '../../web/build';

const dir = mkdtempSync(join(tmpdir(), 'web-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fileOf = (url: string) => join(dir, url.slice(1));

describe('the static build', () => {
  it('names every file by its content and maps each logical name to its URL', () => {
    const manifest = buildWebAssets(dir);
    expect(Object.keys(manifest).sort()).toEqual([...ASSET_NAMES].sort());
    for (const name of ASSET_NAMES) {
      expect(manifest[name]).toMatch(/^\/assets\/[a-z]+\.[0-9a-f]{12}\.(css|js|svg)$/);
      expect(statSync(fileOf(manifest[name])).size).toBeGreaterThan(100);
    }
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('keeps the last build when nothing it reads has changed, and builds again when its record or a file is gone', () => {
    const first = buildWebAssets(dir);
    const css = fileOf(first['app.css']);
    const before = statSync(css).mtimeMs;
    expect(buildWebAssets(dir)).toEqual(first);
    expect(statSync(css).mtimeMs).toBe(before);

    writeFileSync(join(dir, 'inputs.sha256'), 'something else');
    expect(buildWebAssets(dir)).toEqual(first);
    expect(statSync(css).mtimeMs).not.toBe(before);

    rmSync(fileOf(first['app.js']));
    expect(buildWebAssets(dir)).toEqual(first);
    expect(statSync(fileOf(first['app.js'])).size).toBeGreaterThan(100);
  });
});
