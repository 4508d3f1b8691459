import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** Helpers for the end-to-end suite: build, a real server on a free port, and Chromium. */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB = join(ROOT, 'web');
/**
 * The test build (`vite build --mode test`): it carries `window.__pixeltales`, which production
 * builds (`npm run build`, web/dist) leave out. A directory of its own, so neither build is
 * mistaken for the other by the freshness check below.
 */
export const WEB_DIST_TEST = join(WEB, 'dist-test');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
/** The screens the web app is tested at: the narrowest it serves, a phone, a small laptop and a desktop. */
export const SCREENS: Record<'small' | 'phone' | 'laptop' | 'desktop', BrowserContextOptions> = {
  // The narrowest screen the stage promises to serve (an older Android at 1x).
  small: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  laptop: { viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 },
  desktop: { viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 },
};

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * True when Chromium is there; in CI (`CI` set to any non-empty value: runners spell it
 * `true`, `1` or their own name) its absence is an error, not a skip.
 */
export function chromiumAvailable(): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok && (process.env.CI ?? '') !== '') {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (CI must not skip the e2e suite)`);
  }
  if (!ok) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return ok;
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

/** Build the test build (web/dist-test) when it is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const built = join(WEB_DIST_TEST, 'index.html');
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(WEB, p))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--mode',
      'test',
      '--outDir',
      WEB_DIST_TEST,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: WEB,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('web build failed');
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

export function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-e2e-'));
  return `sqlite:${join(dir, 'e2e.db')}`;
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  log: string[];
  stop(): Promise<void>;
}

/** Start the real API (serving web/dist) and wait until it answers GraphQL. */
export async function startServer(port: number, databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const log: string[] = [];
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'api', 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      TIME_SCALE: '0.1',
      SERVE_WEB: 'true',
      WEB_DIST: WEB_DIST_TEST,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => log.push(String(d)));
  child.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log.join('')}`);
    try {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ scenes { id } }' }),
      });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log.join('')}`);
    await sleep(150);
  }
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    child,
    log,
    stop() {
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), 8_000);
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Chromium whose every context (and so every `browser.newPage()`) reports Content-Security-Policy
 * violations to {@link takeCspViolations}; ./cspGuard.ts fails the test that saw one.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // Playwright gives every launch a fresh profile directory of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  // browser.newPage() makes its context through browser.newContext(), so this covers both.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options?: BrowserContextOptions) => {
    const context = await newContext(options);
    await recordCspViolations(context);
    return context;
  };
  return browser;
}

/** What one `securitypolicyviolation` event said. */
export interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
  sample: string;
  page: string;
}

const cspViolations: CspViolation[] = [];

/** The violations seen since the last call (and forget them). */
export function takeCspViolations(): CspViolation[] {
  return cspViolations.splice(0);
}

/**
 * A listener in every document before its own scripts run (an init script, which CSP does not
 * govern), reporting through a binding. The console is not enough: report-only and some
 * blocked loads never reach it, and its wording is not an interface.
 */
async function recordCspViolations(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__pixeltalesCspViolation', ({ page }, json: string) => {
    cspViolations.push({ ...(JSON.parse(json) as Omit<CspViolation, 'page'>), page: page.url() });
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __pixeltalesCspViolation?: (json: string) => void }).__pixeltalesCspViolation;
        report?.(
          JSON.stringify({
            directive: e.effectiveDirective,
            blocked: e.blockedURI,
            source: e.sourceFile,
            line: e.lineNumber,
            sample: e.sample,
          }),
        );
      },
      true,
    );
  });
}

/**
 * Load axe-core into the page. `page.addScriptTag` would add an inline script, which the app's
 * CSP refuses; evaluating it through the DevTools protocol is not subject to the page's CSP.
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `fn` until it returns something truthy; fail naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
