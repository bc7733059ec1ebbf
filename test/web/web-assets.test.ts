import { describe, expect, it } from 'vitest';
import { ASSET_NAMES, decodeManifest, encodeManifest, type AssetManifest } from '../../functions/config/web-assets';

const manifest: AssetManifest = {
  'app.css': '/assets/app.0123456789ab.css',
  'app.js': '/assets/app.abcdef012345.js',
  'console.js': '/assets/console.00000000ffff.js',
  'favicon.svg': '/assets/favicon.a1b2c3d4e5f6.svg',
};

describe('the static files in the environment', () => {
  it('travel as their hashes alone and come back as the same paths', () => {
    expect(encodeManifest(manifest)).toBe('0123456789ab.abcdef012345.00000000ffff.a1b2c3d4e5f6');
    expect(decodeManifest(encodeManifest(manifest))).toEqual(manifest);
    expect(Object.keys(decodeManifest(encodeManifest(manifest))!)).toEqual([...ASSET_NAMES]);
  });

  it('refuse what is not a build of every file', () => {
    expect(decodeManifest('')).toBeUndefined();
    expect(decodeManifest('0123456789ab.abcdef012345.00000000ffff')).toBeUndefined();
    expect(decodeManifest('0123456789ab.abcdef012345.00000000ffff.A1B2C3D4E5F6')).toBeUndefined();
    expect(decodeManifest('{"app.css":"/assets/app.css"}')).toBeUndefined();
    expect(() => encodeManifest({ ...manifest, 'app.js': '/assets/app.js' })).toThrow(/app\.js/);
    expect(() => encodeManifest({ ...manifest, 'app.css': '/assets/other.0123456789ab.css' })).toThrow(/app\.css/);
  });
});
