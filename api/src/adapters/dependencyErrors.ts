import { inspect } from 'node:util';

/**
 * One shape for every error from a dependency (PostgreSQL, Redis, the model provider), so
 * a log query for `dependency` finds them all: which dependency, where (`host:port`, or
 * the model's name), a short code and a redacted message. Never the raw error object:
 * drivers attach connection settings and commands to errors, and those can hold secrets.
 */

/** The dependencies whose errors are logged this way. */
export type Dependency = 'postgres' | 'redis' | 'model';

/** The fields of a dependency error's log line. */
export interface DependencyErrorFields {
  dependency: Dependency;
  /** `host:port` of a server, or the model's name. */
  target: string;
  /** A system code (`ECONNREFUSED`), a SQLSTATE (`57P01`), `HTTP_500`, or the error's name. */
  code: string;
  /** The error's message with credentials removed. */
  error: string;
}

/** `host:port` of a `postgres://` or `redis://` URL, without user or password. */
export function urlTarget(url: string, defaultPort: number): string {
  try {
    const u = new URL(url);
    return `${decodeURIComponent(u.hostname) || '127.0.0.1'}:${u.port || defaultPort}`;
  } catch {
    return 'unparseable URL';
  }
}

/** `text` with URL passwords, bearer tokens and API-key-looking words blanked out. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(\/\/[^:/@\s]*):[^@\s]*@/g, '$1:***@')
    .replace(/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 ***')
    .replace(/\bsk-[\w-]{6,}/g, 'sk-***')
    .replace(/(password|api[_-]?key)(["']?\s*[=:]\s*["']?)[^\s"',;&]+/gi, '$1$2***');
}

/**
 * The most specific short code an error carries: an HTTP status, else its own `code`, else
 * the code of its causes (fetch wraps the system error), else its name.
 */
export function errorCode(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const status = 'status' in current ? current.status : undefined;
    if (typeof status === 'number') return `HTTP_${status}`;
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && code) return code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return err instanceof Error ? err.name : 'UNKNOWN';
}

/** A message for any thrown value, redacted and bounded. */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message || err.name : typeof err === 'string' ? err : inspect(err, { depth: 2 });
  return redactSecrets(raw).slice(0, 500);
}

/** The log fields for `err` from `dependency` at `target`. */
export function dependencyError(dependency: Dependency, target: string, err: unknown): DependencyErrorFields {
  return { dependency, target, code: errorCode(err), error: errorMessage(err) };
}
