/**
 * Start-up time and idle memory of the API, compiled (node api/dist/main.js) against tsx
 * (node tsx/cli.mjs api/src/main.ts, what `npm start` runs outside production).
 *   npm run build && npx tsx api/scripts/measureStartup.ts [runs=5]
 * Start-up = spawn until /readyz answers 200 (migrations checked, scenes seeded, both roles up).
 * Idle RSS = the process tree's resident memory 10 s later (tsx runs the app in a child
 * process, so its tree is two processes), no viewers, so no turns run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 5);
const variants = {
  compiled: [join(ROOT, 'api/dist/main.js')],
  tsx: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'api/src/main.ts')],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

/** Resident memory (KiB) of a process and all its descendants, from /proc. */
function treeRssKiB(pid: number): number {
  let total = 0;
  try {
    total = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    for (const child of children ? children.split(/\s+/) : []) total += treeRssKiB(Number(child));
  } catch {
    // the process went away between reads
  }
  return total;
}

async function once(args: string[]): Promise<{ startMs: number; rssMiB: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pixeltales-startup-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      LOG_LEVEL: 'warn',
      SERVE_WEB: 'true',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(10);
    }
    const startMs = performance.now() - started;
    await sleep(10_000);
    return { startMs, rssMiB: treeRssKiB(child.pid!) / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, args] of Object.entries(variants)) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(args));
  console.log(
    `${name}: start-up median ${median(results.map((r) => r.startMs)).toFixed(0)} ms ` +
      `(${results.map((r) => r.startMs.toFixed(0)).join(', ')}), idle RSS median ${median(results.map((r) => r.rssMiB)).toFixed(1)} MiB`,
  );
}
