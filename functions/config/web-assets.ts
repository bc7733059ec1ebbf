/**
 * The static files of the pages, defined once: their logical names, where they are served, and how
 * the pages function is told their content-hashed names (web/build.ts builds them; infra/ and
 * local/ put the names in the function's environment, which the house keeps under 1 KB: so the
 * variable holds only the hashes, in the order of ASSET_NAMES).
 */
export const ASSET_NAMES = ['app.css', 'app.js', 'console.js', 'favicon.svg'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];
/** Logical name → URL path, e.g. `app.css` → `/assets/app.3f9c0a1b2c3d.css`. */
export type AssetManifest = Readonly<Record<AssetName, string>>;

/** Where the files are served from, in AWS (a CloudFront behaviour) and locally (the gateway). */
export const ASSET_PATH_PREFIX = '/assets/';
const HASH = /^[0-9a-f]{12}$/;

const split = (name: AssetName) => {
  const dot = name.lastIndexOf('.');
  return [name.slice(0, dot), name.slice(dot)] as const;
};

export function assetPath(name: AssetName, hash: string): string {
  const [base, ext] = split(name);
  return `${ASSET_PATH_PREFIX}${base}.${hash}${ext}`;
}

/** `/assets/app.<hash>.css`, ... → `<hash>.<hash>....` (what WEB_ASSETS holds). */
export function encodeManifest(manifest: AssetManifest): string {
  return ASSET_NAMES.map((name) => {
    const hash = manifest[name].slice(ASSET_PATH_PREFIX.length + split(name)[0].length + 1, -split(name)[1].length);
    if (!HASH.test(hash) || assetPath(name, hash) !== manifest[name]) throw new Error(`Not a built asset path for ${name}: ${manifest[name]}`);
    return hash;
  }).join('.');
}

/** The manifest from WEB_ASSETS; undefined when it is not one. */
export function decodeManifest(value: string): AssetManifest | undefined {
  const hashes = value.split('.');
  if (hashes.length !== ASSET_NAMES.length || !hashes.every((h) => HASH.test(h))) return undefined;
  return Object.fromEntries(ASSET_NAMES.map((name, i) => [name, assetPath(name, hashes[i]!)])) as AssetManifest;
}
