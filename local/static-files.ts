import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { immutableCacheControl, securityHeaders } from '../functions/config/security-headers';
import { ASSET_PATH_PREFIX } from '../web/build';
import type { Fallback } from './gateway';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * What CloudFront's `/assets/*` behaviour serves from S3 in AWS: the built static files (web/build.ts),
 * with their content-hashed names, kept for a year, with the same security headers.
 */
export function staticFiles(assetsDir: string): Fallback {
  const root = resolve(assetsDir);
  return async (req, res, url) => {
    if (!url.pathname.startsWith(ASSET_PATH_PREFIX) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const file = resolve(join(root, url.pathname.slice(ASSET_PATH_PREFIX.length)));
    const type = TYPES[extname(file)];
    if (!file.startsWith(root + sep) || !type) return false;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return false;
    res.writeHead(200, { 'content-type': type, 'content-length': info.size, 'cache-control': immutableCacheControl, ...securityHeaders });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
