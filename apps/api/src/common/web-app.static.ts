import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Content-Security-Policy of the web app's pages. Scripts only from this origin, no inline
 * script or eval (Vite emits no inline script; the app sets no `on*` attributes).
 * `style-src 'unsafe-inline'`: Vue and Element Plus set most dynamic styles (popover and dialog
 * positions, z-index, table widths) through the CSSOM, which CSP allows, but some Element Plus
 * components write `style` attributes directly (ElWatermark uses `setAttribute('style')`), which
 * a strict style-src would silently break. Inline styles cannot run code, so the policy keeps its
 * point: no injected script runs.
 * No `'unsafe-eval'`: the web app validates JSON Schemas with an interpreting validator (not
 * Ajv, which compiles with `new Function`) and runs Zod jitless (`apps/web/src/app/`).
 * `worker-src 'self'`: elkjs lays graphs out in a web worker loaded from its built file (no blob).
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite's hashed output: the name changes with the content, so it may be cached forever. */
const HASHED_ASSET = /^\/assets\//;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const ENCODINGS = [
  { token: 'br', suffix: '.br' },
  { token: 'gzip', suffix: '.gz' },
] as const;

function fileIn(dir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const path = normalize(join(dir, decoded));
  if (path !== dir && !path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  try {
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

/**
 * Sends a built file, choosing the precompressed `.br`/`.gz` copy (written at web build time)
 * that the client accepts. Content-Type is that of the original file.
 */
function sendBuilt(
  req: Request,
  res: Response,
  next: NextFunction,
  path: string,
  cacheControl: string,
): void {
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  res.type(extname(path));
  let chosen = path;
  for (const { token, suffix } of ENCODINGS) {
    if (req.acceptsEncodings(token) === token && existsSync(path + suffix)) {
      res.setHeader('Content-Encoding', token);
      chosen = path + suffix;
      break;
    }
  }
  // `send` keeps the Content-Type set above; ETag/Last-Modified are those of the chosen file.
  res.sendFile(chosen, { dotfiles: 'deny', cacheControl: false }, (err?: Error & { code?: string }) => {
    // A browser that navigates away mid-download is not an error of ours.
    if (!err || err.code === 'ECONNABORTED' || res.headersSent) return;
    next(err);
  });
}

/**
 * The built SPA: files of `dir` (hashed assets immutable, anything else revalidated), and
 * index.html (never cached without revalidation, with the CSP) for client-side routes: GETs that
 * accept HTML and are not backend paths.
 */
export function webAppHandler(dir: string, backendPath: RegExp): RequestHandler | null {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || backendPath.test(req.path)) return next();
    const file = req.path === '/' ? null : fileIn(dir, req.path);
    if (file && file !== index) {
      return sendBuilt(req, res, next, file, HASHED_ASSET.test(req.path) ? IMMUTABLE : 'no-cache');
    }
    if (!req.accepts('html')) return next();
    res.setHeader('Content-Security-Policy', WEB_APP_CSP);
    sendBuilt(req, res, next, index, 'no-cache');
  };
}
