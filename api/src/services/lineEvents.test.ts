import { describe, expect, it } from 'vitest';
import type { SceneEventRecord } from '../domain/events.js';
import { groupByLine } from './lineEvents.js';

const base = { sceneId: 's', epoch: 1 };
const line = (seq: number, at: number, id: number) =>
  ({ ...base, seq, at, type: 'MESSAGE_POSTED', message: { id } }) as unknown as SceneEventRecord;
const change = (seq: number, at: number, action = 'SPEAKING') =>
  ({ ...base, seq, at, type: 'CHARACTER_CHANGED', character: { id: 'c', action } }) as unknown as SceneEventRecord;
const acted = (seq: number, at: number) =>
  ({ ...base, seq, at, type: 'CHARACTER_ACTED', action: { tool: 'use' } }) as unknown as SceneEventRecord;

describe('groupByLine', () => {
  it('takes the room changes of the line commit only: contiguous seqs at the commit time', () => {
    const groups = groupByLine([
      change(1, 100, 'THINKING'),
      line(2, 200, 7),
      acted(3, 200),
      change(4, 200),
      change(5, 900, 'IDLE'),
      change(6, 950, 'THINKING'),
      line(7, 1_000, 8),
      // A seq missing from the read (another type between) ends the commit too.
      change(9, 1_000),
    ]);
    expect([...groups.keys()]).toEqual([7, 8]);
    expect(groups.get(7)!.map((e) => e.seq)).toEqual([3, 4]);
    expect(groups.get(8)).toEqual([]);
  });
});
