import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isClientError } from '../graphql/errors.js';

/** Longest message of a client's mistake in the log (the value it quotes may be 60 KB). */
const CLIENT_MESSAGE_CHARS = 200;
/** Longest message of anything else: an unexpected error's message may quote input too. */
const MESSAGE_CHARS = 2000;

/**
 * Yoga's logger on pino. Yoga logs at error what it masks and some request failures; a
 * client's mistake (an error with a client code, see `isClientError`) is logged at warn,
 * and every message is clipped, so nobody can fill the error log by sending large values.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args) => logger.debug(details(args, MESSAGE_CHARS), clip(String(args[0]), MESSAGE_CHARS)),
    info: (...args) => logger.info(details(args, MESSAGE_CHARS), clip(String(args[0]), MESSAGE_CHARS)),
    warn: (...args) => logger.warn(details(args, CLIENT_MESSAGE_CHARS), clip(String(args[0]), CLIENT_MESSAGE_CHARS)),
    error: (...args) =>
      isClientError(args[0])
        ? logger.warn(details(args, CLIENT_MESSAGE_CHARS, false), clip(String(args[0]), CLIENT_MESSAGE_CHARS))
        : logger.error(details(args, MESSAGE_CHARS), clip(String(args[0]), MESSAGE_CHARS)),
  };
}

/** Pino fields for a yoga log call: an error's type, code and (unless a client's) stack frames; other arguments clipped. */
function details(args: unknown[], chars: number, stack = true): Record<string, unknown> {
  const [first, ...rest] = args;
  const fields: Record<string, unknown> = {};
  if (first instanceof Error) {
    const code = (first as { extensions?: { code?: unknown } }).extensions?.code;
    const cause = (first as { originalError?: unknown }).originalError;
    const origin = cause instanceof Error ? cause : first;
    const frames = origin.stack?.indexOf('\n    at ') ?? -1;
    fields.err = {
      type: origin.name,
      ...(code !== undefined ? { code } : {}),
      // Frames only: the stack's first lines repeat the message, which is clipped already.
      ...(stack && frames >= 0 ? { stack: origin.stack!.slice(frames + 1, frames + 4000) } : {}),
    };
  }
  if (rest.length) fields.args = rest.map((a) => clip(typeof a === 'string' ? a : safeJson(a), chars));
  return fields;
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}… (${text.length} chars)` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
