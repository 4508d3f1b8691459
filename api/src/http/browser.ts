import type { CORSOptions, Plugin } from 'graphql-yoga';

/**
 * The header a browser client sends to prove it is not a cross-site form or `<img>`.
 * Any non-empty value works; a JSON POST needs no header (it is never a "simple" request).
 */
export const CSRF_HEADER = 'x-pixeltales-csrf';

/** Request headers a cross-origin caller may send (what the preflight allows). */
const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-client-id', 'x-viewer-token', CSRF_HEADER, 'accept'];

/** Content types a cross-site page can POST without a CORS preflight. */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', '']);

/**
 * yoga's `cors` option from the allow-list. An empty list means same-origin only: no
 * `Access-Control-Allow-*` headers at all. Otherwise only a listed origin gets headers,
 * never with credentials (auth is a bearer token, not a cookie).
 */
export function corsOption(origins: readonly string[]): CORSOptions | ((request: Request) => CORSOptions) {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return { origin: [origin], methods: ['GET', 'POST', 'OPTIONS'], allowedHeaders: ALLOWED_HEADERS, credentials: false, maxAge: 600 };
  };
}

/**
 * CSRF prevention for browser requests (Apollo's rule): refuse what a cross-site page can
 * send without a preflight, unless it carries {@link CSRF_HEADER}. That is a POST with a
 * simple or missing content type, and a GET that runs an operation (`?query=`), which could
 * otherwise open an SSE subscription from any page. GET of the GraphiQL page (HTML) is allowed;
 * JSON POST (urql, GraphiQL) and graphql-ws are untouched.
 */
export function useCsrfPrevention(options: { graphiql: boolean }): Plugin {
  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      if (request.headers.get(CSRF_HEADER)) return;
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS') return;
      if (method === 'GET' || method === 'HEAD') {
        if (!url.searchParams.has('query')) return;
        if (options.graphiql && request.headers.get('accept')?.includes('text/html')) return;
      } else {
        const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!SIMPLE_TYPES.has(type)) return;
      }
      const message =
        `Refused as a possible cross-site request: send "content-type: application/json" ` + `or a non-empty "${CSRF_HEADER}" header.`;
      payload.endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_INPUT' } }] }), {
          status: 400,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
