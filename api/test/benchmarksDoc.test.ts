import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * BENCHMARKS.md reports numbers from a run whose JSON is committed beside it
 * (bench/results/reported/): the fan-out table must be that JSON, and every CPU ratio stated
 * in the text must be the run's ratio and agree with the table it sits under.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const doc = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');

interface FanoutRow {
  mode: string;
  subscribers: number;
  scenes: number;
  cpuMsPer1000: number;
  [column: string]: unknown;
}
interface BenchJson {
  rows: FanoutRow[];
  ratios: { subscribers: number; scenes: number; cpuRatio: number }[];
}

/** `1,234.5` → 1234.5, and how far the shown value may be from the exact one (half its last digit). */
function shown(cell: string): { value: number; slack: number } {
  const text = cell.replace(/[*,\s]/g, '');
  const decimals = text.includes('.') ? text.split('.')[1]!.length : 0;
  return { value: Number(text), slack: 0.5 * 10 ** -decimals };
}

interface Table {
  columns: string[];
  rows: string[][];
}

/** Every markdown table whose header starts with `header`: its column names and body rows. */
function tables(header: string): Table[] {
  const lines = doc.split('\n');
  const cells = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const found: Table[] = [];
  lines.forEach((line, start) => {
    if (!line.startsWith(header)) return;
    const rows: string[][] = [];
    for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
    found.push({ columns: cells(line), rows });
  });
  if (found.length === 0) throw new Error(`no table starting with ${header}`);
  return found;
}

/** The one markdown table whose header starts with `header`. */
function table(header: string): Table {
  const found = tables(header);
  if (found.length > 1) throw new Error(`${found.length} tables start with ${header}: check them all`);
  return found[0]!;
}

/**
 * The JSON field behind `column`, or null for a column that only names the row (`keys`). A
 * column the test does not know fails: a new column must be checked against the JSON, not skipped.
 */
function fieldOf<F>(column: string, fields: Record<string, F>, keys: readonly string[]): F | null {
  if (Object.hasOwn(fields, column)) return fields[column]!;
  if (keys.includes(column)) return null;
  throw new Error(`BENCHMARKS.md: the test does not know column "${column}"; map it to its JSON field`);
}

/** The JSON a sentence names as the raw data of the run (`raw JSON: \`bench/results/reported/….json\``). */
function reportedJson(kind: string): string {
  const m = new RegExp(`raw JSON: \`(bench/results/reported/${kind}-[^\`]+\\.json)\``).exec(doc);
  if (!m) throw new Error(`BENCHMARKS.md names no committed ${kind} JSON`);
  return m[1]!;
}

/** JSON field behind each fan-out table column. */
const FIELDS: Record<string, string> = {
  'events/s': 'eventsPerSec',
  'deliveries/s': 'deliveriesPerSec',
  'p50 ms': 'p50Ms',
  'p99 ms': 'p99Ms',
  'server CPU ms / 1,000 deliveries': 'cpuMsPer1000',
  'bytes/frame': 'bytesPerFrame',
  'executions/event': 'executionsPerEvent',
  expected: 'expected',
  lost: 'lost',
  duplicates: 'duplicates',
  'out of order': 'outOfOrder',
};

/** JSON field (of `replayStorm`) behind each replay-storm table column. */
const STORM_FIELDS: Record<string, (r: Record<string, number>) => number> = {
  replays: (r) => r.replays!,
  completed: (r) => r.completed!,
  'RATE_LIMITED with retryAfterMs': (r) => r.rateLimitedWithRetryAfter!,
  'other errors': (r) => r.otherErrors!,
  'still replaying or silent': (r) => r.stillReplaying! + r.silent!,
  'RSS growth MB': (r) => r.rssGrowthMb!,
  '/healthz max ms': (r) => r.healthzMaxMs!,
  'live p50 ms': (r) => r.liveP50Ms!,
  'live p99 ms': (r) => r.liveP99Ms!,
  'live lost': (r) => r.liveLost!,
};

describe('BENCHMARKS.md', () => {
  it('names the committed JSON of every run it reports', () => {
    const paths = [...doc.matchAll(/`(bench\/results\/reported\/[^`]+\.json)`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(existsSync(join(ROOT, p)), p).toBe(true);
  });

  it('shows the fan-out rows of that JSON', () => {
    const json = JSON.parse(readFileSync(join(ROOT, reportedJson('bench')), 'utf8')) as BenchJson;
    const { columns, rows } = table('| mode | subscribers | scenes |');
    expect(rows.length).toBe(json.rows.length);
    for (const row of rows) {
      const [mode, subs, scenes] = row;
      const data = json.rows.find((r) => r.mode === mode && r.subscribers === shown(subs!).value && r.scenes === shown(scenes!).value);
      if (!data) throw new Error(`no JSON row for ${row.slice(0, 3).join(' / ')}`);
      columns.forEach((column, i) => {
        const field = fieldOf(column, FIELDS, ['mode', 'subscribers', 'scenes']);
        if (!field) return;
        const { value, slack } = shown(row[i]!);
        expect(Math.abs(value - Number(data[field])), `${mode} ${subs}/${scenes} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
      });
    }
  });

  it('states only CPU ratios that are the run’s and follow from the table', () => {
    const json = JSON.parse(readFileSync(join(ROOT, reportedJson('bench')), 'utf8')) as BenchJson;
    const { columns, rows } = table('| mode | subscribers | scenes |');
    const cpu = columns.indexOf('server CPU ms / 1,000 deliveries');
    const cell = (mode: string, subs: number, scenes: number) => {
      const row = rows.find((r) => r[0] === mode && shown(r[1]!).value === subs && shown(r[2]!).value === scenes);
      if (!row) throw new Error(`no ${mode} row for ${subs}/${scenes}`);
      return shown(row[cpu]!);
    };
    // "7.95× at 10,000 subscribers over 10 scenes", "3.17× at 5,000/10", "3.88× at 10,000 / 100"
    const stated = [...doc.matchAll(/([\d.]+)×\**\s+at\s+([\d,]+)(?:\s+subscribers over\s+|\s*\/\s*)([\d,]+)/g)];
    expect(stated.length).toBeGreaterThan(0);
    for (const [text, ratio, subsText, scenesText] of stated) {
      const subs = shown(subsText!).value;
      const scenes = shown(scenesText!).value;
      const r = shown(ratio!);
      const run = json.ratios.find((x) => x.subscribers === subs && x.scenes === scenes);
      expect(run, text).toBeDefined();
      expect(Math.abs(r.value - run!.cpuRatio), text).toBeLessThanOrEqual(r.slack + 1e-9);
      // The table shows rounded CPU: the ratio must lie within what those rounded cells allow.
      const s = cell('stock', subs, scenes);
      const b = cell('broadcast', subs, scenes);
      expect(r.value, text).toBeGreaterThanOrEqual((s.value - s.slack) / (b.value + b.slack) - r.slack);
      expect(r.value, text).toBeLessThanOrEqual((s.value + s.slack) / (b.value - b.slack) + r.slack);
    }
  });

  it('shows the replay-storm rows of the JSON each names, in every replay-storm table', () => {
    const found = tables('| run (raw JSON) |');
    expect(found.length).toBeGreaterThan(1);
    for (const { columns, rows } of found) {
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const path = /`([^`]+\.json)`/.exec(row[0]!)?.[1];
        if (!path) throw new Error(`no JSON named in ${row[0]}`);
        const storm = (JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { replayStorm: Record<string, number> }).replayStorm;
        columns.forEach((column, i) => {
          const field = fieldOf(column, STORM_FIELDS, ['run (raw JSON)']);
          if (!field) return;
          const { value, slack } = shown(row[i]!);
          expect(Math.abs(value - field(storm)), `${path} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
        });
      }
    }
  });
});

type Rec = Record<string, unknown>;

/**
 * Every cell of a table equals the JSON record `find` picks for its row; `keys` are the columns
 * `find` reads to pick it (the first column, which names the table, always is one).
 */
function check(
  header: string,
  records: Rec[],
  find: (row: string[], records: Rec[]) => Rec | undefined,
  fields: Record<string, string>,
  keys: readonly string[] = [],
) {
  const { columns, rows } = table(header);
  expect(rows.length).toBe(records.length);
  for (const row of rows) {
    const data = find(row, records);
    if (!data) throw new Error(`${header}: no JSON record for ${row.slice(0, 3).join(' / ')}`);
    columns.forEach((column, i) => {
      const field = fieldOf(column, fields, [columns[0]!, ...keys]);
      if (!field) return;
      const { value, slack } = shown(row[i]!);
      expect(Math.abs(value - Number(data[field])), `${row.slice(0, 2).join(' ')} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
    });
  }
}

/**
 * The issue-13 run (`npm run bench -- --fanout-only`): its idle, injector, ratio and
 * connect-storm tables must be the JSON the section names.
 */
describe('BENCHMARKS.md, the fan-out run with an injector process', () => {
  const json = () =>
    JSON.parse(readFileSync(join(ROOT, reportedJson('fanout')), 'utf8')) as {
      idle: Rec[];
      idleTalking: Rec[];
      injected: { rows: Rec[]; ratios: Rec[]; storms: Rec[] };
    };
  it('shows the idle rows, quiet and talking', () => {
    const { idle, idleTalking } = json();
    check(
      '| idle memory |',
      [...idle, ...idleTalking],
      (row, records) => records.find((r) => r.mode === row[1] && (r.talking === true) === row[0]!.startsWith('talking')),
      {
        subscribers: 'subscribers',
        'RSS before MB': 'rssBeforeMb',
        'RSS after MB': 'rssAfterMb',
        'KB per subscriber': 'kbPerIdleSubscriber',
        'frames received while measured': 'framesReceived',
      },
      ['fan-out'],
    );
  });

  it('shows the injector rows and their CPU ratios', () => {
    const { injected } = json();
    check(
      '| fan-out (injector process) |',
      injected.rows,
      (row, records) => records.find((r) => r.mode === row[0] && r.subscribers === shown(row[1]!).value),
      {
        ...FIELDS,
        subscribers: 'subscribers',
        scenes: 'scenes',
      },
    );
    check(
      '| subscribers over 10 scenes |',
      injected.ratios,
      (row, records) => records.find((r) => r.subscribers === shown(row[0]!).value),
      {
        'stock CPU ms / 1,000': 'stockCpuMsPer1000',
        'broadcast CPU ms / 1,000': 'broadcastCpuMsPer1000',
        'stock ÷ broadcast': 'cpuRatio',
      },
    );
  });

  it('shows the connect storms', () => {
    check('| connect storm |', json().injected.storms, (row, records) => records.find((r) => r.mode === row[0]), {
      clients: 'clients',
      connection_ack: 'acked',
      'first event': 'gotFirstEvent',
      'ack p99 ms': 'ackP99Ms',
      'first event p50 ms': 'firstEventP50Ms',
      'first event p99 ms': 'firstEventP99Ms',
      'first event max ms': 'firstEventMaxMs',
      'lost after first': 'lostAfterFirst',
      'closed by server': 'closedByServer',
    });
  });
});

/**
 * The lean-subscription run (`npm run bench -- --fanout-only --counts=10000 --modes=broadcast`
 * after the lean path landed): its idle, injector and connect-storm tables must be its JSON.
 */
describe('BENCHMARKS.md, the lean-subscription run', () => {
  const json = () =>
    JSON.parse(readFileSync(join(ROOT, reportedJson('fanoutlean')), 'utf8')) as {
      idle: Rec[];
      idleTalking: Rec[];
      injected: { rows: Rec[]; storms: Rec[] };
    };

  it('shows its idle rows, with the subscriptions still open at the reading', () => {
    const { idle, idleTalking } = json();
    check(
      '| lean run, idle memory |',
      [...idle, ...idleTalking],
      (row, records) => records.find((r) => r.mode === row[1] && (r.talking === true) === row[0]!.startsWith('talking')),
      {
        subscribers: 'subscribers',
        'open at reading': 'openAtReading',
        'RSS before MB': 'rssBeforeMb',
        'RSS after MB': 'rssAfterMb',
        'KB per subscriber': 'kbPerIdleSubscriber',
        'frames received': 'framesReceived',
        'frames due': 'framesExpected',
      },
      ['fan-out'],
    );
  });

  it('shows its injector row and connect storm', () => {
    const { injected } = json();
    check('| lean run, injector |', injected.rows, (row, records) => records.find((r) => r.subscribers === shown(row[1]!).value), {
      ...FIELDS,
      subscribers: 'subscribers',
      scenes: 'scenes',
    });
    check('| lean run, connect storm |', injected.storms, (row, records) => records.find((r) => r.mode === row[0]), {
      clients: 'clients',
      connection_ack: 'acked',
      'first event': 'gotFirstEvent',
      'ack p99 ms': 'ackP99Ms',
      'first event p99 ms': 'firstEventP99Ms',
      'lost after first': 'lostAfterFirst',
    });
  });
});

/** Columns of the third run's connect-storm tables and their JSON fields. */
const STORM_ROW_FIELDS: Record<string, string> = {
  clients: 'clients',
  connection_ack: 'acked',
  'first event': 'gotFirstEvent',
  'ack p50 ms': 'ackP50Ms',
  'ack p99 ms': 'ackP99Ms',
  'first event p50 ms': 'firstEventP50Ms',
  'first event p99 ms': 'firstEventP99Ms',
  'first event max ms': 'firstEventMaxMs',
  'scene event gap max ms': 'sceneEventGapMaxMs',
  'API loop delay max ms': 'apiLoopDelayMaxMs',
  'lost after first': 'lostAfterFirst',
  'server CPU ms': 'cpuMs',
};

/**
 * The third issue-13 run (`npm run bench -- --fanout-only`, after the connect-path and ping
 * changes): idle rows with the settled reading, both modes' injector rows and ratios, both
 * storms with where a first event's time goes. Every table must be its JSON.
 */
describe('BENCHMARKS.md, the third fan-out run', () => {
  const json = () =>
    JSON.parse(readFileSync(join(ROOT, reportedJson('fanoutthird')), 'utf8')) as {
      idle: Rec[];
      idleTalking: Rec[];
      injected: { rows: Rec[]; ratios: Rec[]; storms: Rec[] };
    };

  it('shows its idle rows, first and settled readings', () => {
    const { idle, idleTalking } = json();
    check(
      '| third run, idle memory |',
      [...idle, ...idleTalking],
      (row, records) => records.find((r) => r.mode === row[1] && (r.talking === true) === row[0]!.startsWith('talking')),
      {
        subscribers: 'subscribers',
        'open at reading': 'openAtReading',
        'RSS before MB': 'rssBeforeMb',
        'RSS after GC MB': 'rssAfterMb',
        'KB per subscriber after GC': 'kbPerIdleSubscriber',
        'RSS settled MB': 'rssSettledMb',
        'KB per subscriber settled': 'kbPerSubscriberSettled',
        'frames received': 'framesReceived',
        'frames due': 'framesExpected',
      },
      ['fan-out'],
    );
  });

  it('shows its injector rows and CPU ratios', () => {
    const { injected } = json();
    check(
      '| third run, injector |',
      injected.rows,
      (row, records) => records.find((r) => r.mode === row[0] && r.subscribers === shown(row[1]!).value),
      { ...FIELDS, subscribers: 'subscribers', scenes: 'scenes' },
    );
    check(
      '| third run, CPU per 1,000 deliveries |',
      injected.ratios,
      (row, records) => records.find((r) => r.subscribers === shown(row[0]!).value),
      {
        'stock CPU ms / 1,000': 'stockCpuMsPer1000',
        'broadcast CPU ms / 1,000': 'broadcastCpuMsPer1000',
        'stock ÷ broadcast': 'cpuRatio',
      },
    );
  });

  it('shows the storm run again after the fix', () => {
    const fixed = JSON.parse(readFileSync(join(ROOT, reportedJson('fanoutfix')), 'utf8')) as { injected: { storms: Rec[] } };
    check(
      '| after the fix, connect storm |',
      fixed.injected.storms,
      (row, records) => records.find((r) => r.mode === row[0]),
      STORM_ROW_FIELDS,
    );
  });

  it('shows its connect storms', () => {
    check(
      '| third run, connect storm |',
      json().injected.storms,
      (row, records) => records.find((r) => r.mode === row[0]),
      STORM_ROW_FIELDS,
    );
  });
});

/** The dashboards run (`npm run bench -- --dashboards-only`): its table must be the JSON it names. */
describe('BENCHMARKS.md, the dashboards run', () => {
  const FIELDS_DASHBOARDS: Record<string, string> = {
    dashboards: 'dashboards',
    scenes: 'scenes',
    'history lines': 'historyLines',
    'turns measured': 'turns',
    'turn p50 ms': 'turnP50Ms',
    'turn p99 ms': 'turnP99Ms',
    'turn max ms': 'turnMaxMs',
    'API CPU ms/s': 'apiCpuMsPerSec',
    'poll requests': 'pollRequests',
    'poll failed': 'pollFailed',
    'poll p50 ms': 'pollP50Ms',
    'poll p99 ms': 'pollP99Ms',
  };

  it('shows the rows of the JSON it names', () => {
    const json = JSON.parse(readFileSync(join(ROOT, reportedJson('dashboards')), 'utf8')) as { rows: Record<string, unknown>[] };
    const { columns, rows } = table('| setup | dashboards polling |');
    expect(rows.length).toBe(json.rows.length);
    for (const row of rows) {
      const setup = row[0]!.replaceAll('`', '');
      const data = json.rows.find((r) => r.setup === setup && r.dashboards === shown(row[1]!).value);
      if (!data) throw new Error(`no JSON row for ${setup}, ${row[1]} dashboards`);
      columns.forEach((column, i) => {
        const field = column === 'dashboards polling' ? 'dashboards' : fieldOf(column, FIELDS_DASHBOARDS, ['setup']);
        if (!field) return;
        // A phase without dashboards has no poll latency: the cell says – and the JSON null.
        if (row[i] === '–') return expect(data[field], `${row[0]} ${column}`).toBeNull();
        const { value, slack } = shown(row[i]!);
        expect(Math.abs(value - Number(data[field])), `${row[0]} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
      });
    }
  });
});

describe('BENCHMARKS.md, memory (issue 11)', () => {
  const read = (kind: string) => JSON.parse(readFileSync(join(ROOT, reportedJson(kind)), 'utf8')) as unknown;
  const json = () => ({
    ...(read('memstore') as {
      store: {
        bound: number;
        maxPerCharacter: number;
        checkpoints: { conversation: number; perCharacter: number[]; reflections: number }[];
      };
    }),
    ...(read('memprompt') as {
      prompt: {
        conversation: number;
        promptFirst: number;
        promptMean: number;
        promptMax: number;
        memoriesInPrompt: number;
        relationshipsInPrompt: number;
      }[];
    }),
  });

  it('shows memories per character at each checkpoint of the JSON it names, within the bound', () => {
    const { store } = json();
    const { columns, rows } = table('| conversation | memories per character |');
    expect(columns).toEqual(['conversation', 'memories per character', 'reflections in the scene']);
    expect(rows.map((r) => shown(r[0]!).value)).toEqual(store.checkpoints.map((c) => c.conversation));
    rows.forEach((row, i) => {
      const c = store.checkpoints[i]!;
      expect(row[1]).toBe(c.perCharacter.join(', '));
      expect(shown(row[2]!).value).toBe(c.reflections);
    });
    expect(store.maxPerCharacter).toBeLessThanOrEqual(store.bound);
  });

  it('shows prompt tokens per turn at conversations 1, 10 and 100 from the JSON, flat', () => {
    const { prompt } = json();
    const { columns, rows } = table('| conversation | memories in prompt |');
    expect(columns).toEqual(['conversation', 'memories in prompt', 'relationships in prompt', 'first turn', 'mean', 'max']);
    expect(rows.map((r) => shown(r[0]!).value)).toEqual(prompt.map((p) => p.conversation));
    rows.forEach((row, i) => {
      const p = prompt[i]!;
      const cells = [p.memoriesInPrompt, p.relationshipsInPrompt, p.promptFirst, p.promptMean, p.promptMax];
      cells.forEach((v, j) => {
        const { value, slack } = shown(row[j + 1]!);
        expect(Math.abs(value - v)).toBeLessThanOrEqual(slack + 1e-9);
      });
    });
    // Memories add a bounded block: conversation 100 is no bigger than conversation 10 plus a tenth.
    const at = (n: number) => prompt.find((p) => p.conversation === n)!;
    expect(at(100).promptMax).toBeLessThanOrEqual(at(10).promptMax * 1.1);
  });
});

/** The cache-flood run (`npm run bench -- --cache-flood-only`, issue 20): its table must be the JSON it names. */
describe('BENCHMARKS.md, the cache-flood run', () => {
  const FIELDS_FLOOD: Record<string, string> = {
    answered: 'ok',
    RATE_LIMITED: 'rateLimited',
    'RSS before MiB': 'rssBeforeMiB',
    'peak growth MiB': 'rssGrowthPeakMiB',
    'growth at end MiB': 'rssGrowthEndMiB',
    'after full GC MiB': 'rssAfterGcMiB',
    'heap used after GC MiB': 'heapUsedAfterGcMiB',
    '/healthz max ms': 'healthzMaxMs',
    '/healthz over 1 s': 'healthzOver1s',
    'cache entries': 'cacheEntries',
  };

  it('shows the rows of the JSON it names, and knows every column', () => {
    const json = JSON.parse(readFileSync(join(ROOT, reportedJson('cacheflood')), 'utf8')) as { rows: Record<string, unknown>[] };
    const { columns, rows } = table('| row | answered |');
    expect(rows.length).toBe(json.rows.length);
    expect(columns.filter((c) => c !== 'row' && !FIELDS_FLOOD[c])).toEqual([]);
    for (const row of rows) {
      const data = json.rows.find((r) => r.label === row[0]!.replaceAll('`', ''));
      if (!data) throw new Error(`no JSON row labelled ${row[0]}`);
      columns.forEach((column, i) => {
        if (column === 'row') return;
        const { value, slack } = shown(row[i]!);
        expect(Math.abs(value - Number(data[FIELDS_FLOOD[column]!])), `${row[0]} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
      });
    }
  });
});

describe('BENCHMARKS.md, the worker soak', () => {
  type Soak = {
    samples: { minute: number; procs: Record<string, { rssMiB: number; heapMiB: number }> }[];
    slopes: Record<string, { rssMiBPerMin: number; heapMiBPerMin: number }>;
  };

  it('shows the slopes and readings of the JSON it names', () => {
    const json = JSON.parse(readFileSync(join(ROOT, reportedJson('soak')), 'utf8')) as Soak;
    const at = (minute: number) => json.samples.find((s) => s.minute >= minute)!.procs;
    const { columns, rows } = table('| process | RSS at 5 min |');
    expect(rows.map((r) => r[0])).toEqual(Object.keys(json.slopes));
    const value: Record<string, (name: string) => number> = {
      'RSS at 5 min': (n) => at(5)[n]!.rssMiB,
      'RSS at 60 min': (n) => at(60)[n]!.rssMiB,
      'RSS slope MiB/min': (n) => json.slopes[n]!.rssMiBPerMin,
      'heap at 5 min': (n) => at(5)[n]!.heapMiB,
      'heap at 60 min': (n) => at(60)[n]!.heapMiB,
      'heap slope MiB/min': (n) => json.slopes[n]!.heapMiBPerMin,
    };
    expect(columns.filter((c) => c !== 'process' && !value[c])).toEqual([]);
    for (const row of rows)
      columns.forEach((column, i) => {
        if (column === 'process') return;
        const { value: shownValue, slack } = shown(row[i]!);
        expect(Math.abs(shownValue - value[column]!(row[0]!)), `${row[0]} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
      });
  });
});

/** The screening cost (`bench/screenCost.ts`, issue 22): its table must be the JSON it names. */
describe('BENCHMARKS.md, screening model lines', () => {
  const FIELDS_SCREEN: Record<string, string> = {
    lines: 'lines',
    flagged: 'flagged',
    'first run p50 µs': 'onceP50Us',
    'first run p99 µs': 'onceP99Us',
    'best of 3 p50 µs': 'bestP50Us',
    'best of 3 p99 µs': 'bestP99Us',
    'best of 3 max µs': 'bestMaxUs',
  };

  it('shows the rows of the JSON it names, and the best-of-3 p99 within 5 ms', () => {
    const json = JSON.parse(readFileSync(join(ROOT, reportedJson('screen')), 'utf8')) as { rows: Record<string, unknown>[] };
    const { columns, rows } = table('| screen setup |');
    expect(rows.length).toBe(json.rows.length);
    for (const row of rows) {
      const data = json.rows.find((r) => r.setup === row[0]!.replaceAll('`', ''));
      if (!data) throw new Error(`no JSON row for ${row[0]}`);
      columns.forEach((column, i) => {
        if (column === 'screen setup') return;
        const field = FIELDS_SCREEN[column];
        if (!field) throw new Error(`BENCHMARKS.md screening table: unknown column ${column}`);
        const { value, slack } = shown(row[i]!);
        expect(Math.abs(value - Number(data[field])), `${row[0]} ${column}`).toBeLessThanOrEqual(slack + 1e-9);
      });
      expect(Number(data.bestP99Us)).toBeLessThanOrEqual(5_000);
    }
  });
});
