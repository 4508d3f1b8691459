import { pino, type Logger } from 'pino';
import { vi } from 'vitest';

/** One parsed pino line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A debug-level pino logger writing into `lines` (through a destination stream, as in production), and its raw text. */
export function captureLogs(): { logger: Logger; lines: LogLine[]; text: () => string } {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write(chunk: string) {
        raw.push(chunk);
        lines.push(JSON.parse(chunk) as LogLine);
      },
    },
  );
  return { logger, lines, text: () => raw.join('') };
}

/** Spies on every console method; `printed()` is everything written through them. */
export function watchConsole(): { printed: () => string; restore: () => void } {
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation(() => {}),
  );
  return {
    printed: () => spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))).join('\n'),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
