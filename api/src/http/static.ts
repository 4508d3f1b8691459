import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve the built web app: hashed files under /assets/ are cached forever, anything else
 * that is not a file gets index.html (the SPA routes itself). Paths never leave `root`.
 * A pre-compressed `.br` or `.gz` twin is sent when the browser accepts it.
 */
export function createStaticHandler(rootDir: string) {
  const root = resolve(rootDir);
  const inside = (p: string) => p === root || p.startsWith(root + sep);

  async function fileFor(pathname: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const candidate = resolve(join(root, normalize(decoded)));
    if (!inside(candidate)) return null;
    const s = await stat(candidate).catch(() => null);
    if (s?.isFile()) return candidate;
    return null;
  }

  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    let file = await fileFor(pathname);
    const isAsset = pathname.startsWith('/assets/') && file !== null;
    if (!file) {
      if (pathname.startsWith('/assets/') || extname(pathname)) return false;
      file = await fileFor('/index.html');
      if (!file) return false;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    let body = file;
    let encoding: string | undefined;
    for (const [enc, ext] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      if (accept.includes(enc) && (await stat(file + ext).catch(() => null))?.isFile()) {
        body = file + ext;
        encoding = enc;
        break;
      }
    }
    const size = (await stat(body)).size;
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(encoding ? { 'content-encoding': encoding, vary: 'accept-encoding' } : {}),
    });
    if (req.method === 'HEAD') return (void res.end(), true);
    createReadStream(body).pipe(res);
    return true;
  };
}
