import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/**
 * The Content-Security-Policy of the web app (and of every other response: JSON and text
 * never need more). Each source is there because the built app uses it; the e2e suite runs
 * under this policy and fails on any `securitypolicyviolation`.
 *
 * - `default-src 'self'`: anything not named below comes from this origin only.
 * - `script-src 'self'`: Vite's module entry and chunks; no inline script, no eval.
 * - `style-src 'self'`: the built CSS files. Svelte's `style:` directives and Phaser's canvas
 *   styling go through the CSSOM (`element.style`), which CSP does not govern.
 * - `img-src 'self' data:`: the favicon is a data: SVG, and Phaser makes its built-in textures
 *   (`__DEFAULT`, `__MISSING`, `__WHITE`) from data: PNGs.
 * - `connect-src 'self'`: /graphql over HTTP and graphql-ws; CSP 3 `'self'` matches ws:/wss:
 *   on the same host and port (Chromium; the e2e suite proves it).
 * - `object-src 'none'`, `base-uri 'none'`, `form-action 'self'`: no plugins, no `<base>`
 *   hijack, forms only to us.
 * - `frame-ancestors 'none'` (and X-Frame-Options for older browsers): no clickjacking.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL (GRAPHIQL=true, development by default) is yoga's page: inline scripts, its editor
 * and workers from a CDN, blob: workers. It keeps frame protection and nothing else of the
 * app's policy; it serves the schema's explorer, not the app, and is off in production.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'";

/** One year, as HSTS preload lists ask; no includeSubDomains (other hosts of the domain are not ours to decide). */
const HSTS = 'max-age=31536000';

/** The headers every response gets, HSTS only when TLS is terminated in front (config.http.hsts). */
export function securityHeaders(options: { hsts: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // The app links nowhere that needs to know where the viewer came from.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.hsts ? { 'strict-transport-security': HSTS } : {}),
  });
}

/** Set the headers before anything answers; a handler's own headers (writeHead) still win. */
export function applySecurityHeaders(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** yoga plugin: the GraphiQL page (an HTML answer at /graphql) gets {@link GRAPHIQL_CONTENT_SECURITY_POLICY}. */
export function useGraphiqlPolicy(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        response.headers.set('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY);
      }
    },
  };
}
