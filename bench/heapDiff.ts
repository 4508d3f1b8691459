/**
 * What grew between two heap snapshots, per object kind and per subscriber:
 * `node --max-old-space-size=8000 --import tsx bench/heapDiff.ts before.heapsnapshot after.heapsnapshot <count>`
 * (snapshots from `PROBE_SNAPSHOT=1 npx tsx bench/memProbe.ts <count>`). Prints the total
 * self size added per subscriber, then the 40 kinds that grew most (bytes and objects each).
 */
import { readFileSync } from 'node:fs';

/** Self size and count per `type:name` of every node in a snapshot. */
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function tally(file: string): Map<string, { count: number; bytes: number }> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { node_fields: fields, node_types: nodeTypes } = snapshot.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const { nodes, strings } = snapshot;
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = nodeTypes[0][nodes[i + typeAt!]!]!;
    const name = /string/.test(type) || type === 'code' || type === 'number' ? '' : strings[nodes[i + nameAt!]!]!.slice(0, 60);
    const kind = `${type}:${name}`;
    const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[i + sizeAt!]!;
    kinds.set(kind, entry);
  }
  return kinds;
}

const [beforeFile, afterFile, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!beforeFile || !afterFile || !(count > 0)) {
  console.error('usage: heapDiff.ts <before.heapsnapshot> <after.heapsnapshot> <subscribers>');
  process.exit(2);
}
const before = tally(beforeFile);
const rows = [...tally(afterFile)].map(([kind, after]) => {
  const was = before.get(kind) ?? { count: 0, bytes: 0 };
  return { kind, bytes: (after.bytes - was.bytes) / count, objects: (after.count - was.count) / count };
});
rows.sort((a, b) => b.bytes - a.bytes);
console.log(`heap bytes added per subscriber: ${rows.reduce((sum, r) => sum + r.bytes, 0).toFixed(0)}`);
for (const r of rows.slice(0, 40))
  console.log(`${r.bytes.toFixed(0).padStart(7)} B ${r.objects.toFixed(2).padStart(7)} objects  ${r.kind}`);
