import { verdictOf, type Screen } from '../../ports/screen.js';

/**
 * Screens in order, stopping at the first that flags anything: the offline word list first
 * (microseconds, and it spares a remote call for what it already catches), then the rest.
 */
export function combineScreens(screens: readonly Screen[]): Screen {
  if (screens.length === 1) return screens[0]!;
  return {
    kind: screens.map((s) => s.kind).join('+'),
    async check(texts) {
      for (const screen of screens) {
        const verdict = await screen.check(texts);
        if (verdict.flagged) return verdict;
      }
      return verdictOf(texts.map(() => []));
    },
  };
}
