import { verdictOf, type Screen } from '../../src/ports/screen.js';

/** What the next screen calls do: pass, flag with a reason, throw, or never answer. */
export type ScreenMode = 'clean' | 'flag' | 'throw' | 'hang';

/**
 * A screen a test steers: `next(mode, n)` makes the next `n` calls behave as `mode`, then it is
 * clean again. `calls` counts every check (the turn's screen of each line).
 */
export function controlledScreen() {
  const queue: ScreenMode[] = [];
  const state = { calls: 0 };
  const screen: Screen = {
    kind: 'controlled',
    check(texts) {
      state.calls++;
      const mode = queue.shift() ?? 'clean';
      if (mode === 'throw') return Promise.reject(new Error('screen exploded'));
      if (mode === 'hang') return new Promise(() => {});
      return Promise.resolve(verdictOf(texts.map((_t, i) => (mode === 'flag' && i === 0 ? ['term:tomato'] : []))));
    },
  };
  return {
    screen,
    state,
    next(mode: ScreenMode, n = 1) {
      for (let i = 0; i < n; i++) queue.push(mode);
    },
  };
}
