/**
 * How much RSS a bare `ws` server spends per idle connection on this machine, for comparing
 * with the API's idle-subscriber cost (`npx tsx bench/wsBaseline.ts`).
 */
import { fork } from 'node:child_process';
import { WebSocket, WebSocketServer } from 'ws';

if (process.argv[2] === 'server') {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('listening', () => process.send!({ port: (wss.address() as { port: number }).port }));
  wss.on('connection', (ws) => ws.on('message', () => {}));
  process.on('message', () => {
    (globalThis as { gc?: () => void }).gc?.();
    setTimeout(() => process.send!({ rss: process.memoryUsage().rss, clients: wss.clients.size }), 300);
  });
} else {
  const server = fork(import.meta.filename, ['server'], { execArgv: ['--expose-gc', '--import', 'tsx'] });
  const ask = () => new Promise<{ rss: number; clients: number }>((r) => (server.once('message', r as never), server.send('rss')));
  const { port } = await new Promise<{ port: number }>((r) => server.once('message', r as never));
  const before = await ask();
  const count = 10_000;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 100) {
    await Promise.all(
      Array.from(
        { length: 100 },
        () =>
          new Promise<void>((r) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}`);
            ws.on('open', () => r());
            sockets.push(ws);
          }),
      ),
    );
  }
  await new Promise((r) => setTimeout(r, 1000));
  const after = await ask();
  console.log(`bare ws: ${after.clients} connections, ${((after.rss - before.rss) / count / 1024).toFixed(1)} KB RSS per idle connection`);
  for (const s of sockets) s.terminate();
  server.kill();
  process.exit(0);
}
