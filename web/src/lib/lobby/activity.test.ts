import { describe, expect, it } from 'vitest';
import type { SceneSummary } from '../stores/scenes.svelte';
import { activityOf, talkingElsewhere } from './activity';

const scene = (id: string, status: SceneSummary['status'], actions: string[], nextConversationAt: number | null = null): SceneSummary => ({
  id,
  slug: id,
  name: id,
  description: '',
  status,
  viewers: 0,
  epoch: 1,
  builtIn: true,
  nextConversationAt,
  room: { id: 'r', name: 'R', floor: '#000', wall: '#111' },
  characters: actions.map((action, i) => ({ id: `${id}${i}`, name: `C${i}`, colour: '#fff', state: { action: action as 'IDLE' } })),
});

describe('scene activity', () => {
  it('says who talks, who thinks, the countdown or the pause', () => {
    expect(activityOf(scene('a', 'RUNNING', ['IDLE', 'SPEAKING']), 0)).toEqual({ kind: 'talking', text: 'C1 is talking' });
    expect(activityOf(scene('a', 'RUNNING', ['THINKING', 'IDLE']), 0)).toEqual({ kind: 'thinking', text: 'C0 is thinking…' });
    expect(activityOf(scene('a', 'RUNNING', ['IDLE']), 0).kind).toBe('live');
    expect(activityOf(scene('a', 'ENDED', [], 177_000), 0)).toEqual({ kind: 'countdown', text: 'next in 2:57' });
    expect(activityOf(scene('a', 'ENDED', [], 10), 20).kind).toBe('ended');
    expect(activityOf(scene('a', 'PAUSED', ['SPEAKING']), 0).kind).toBe('paused');
  });

  it('points to another scene that is talking now, else any running one', () => {
    const list = [
      scene('here', 'ENDED', []),
      scene('quiet', 'RUNNING', ['IDLE']),
      scene('busy', 'RUNNING', ['SPEAKING']),
      scene('p', 'PAUSED', []),
    ];
    expect(talkingElsewhere(list, 'here', 0)?.id).toBe('busy');
    expect(talkingElsewhere(list.slice(0, 2), 'here', 0)?.id).toBe('quiet');
    expect(talkingElsewhere([list[0]!, list[3]!], 'here', 0)).toBeNull();
  });
});
