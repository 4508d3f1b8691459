import { afterAll, describe, expect, it } from 'vitest';
import type { Screen } from '../../src/ports/screen.js';

/** What every Screen adapter must do. `flagged` is a text the adapter under test refuses. */
export function screenContract(name: string, make: () => Promise<{ screen: Screen; flagged: string; close?: () => Promise<void> }>): void {
  describe(`Screen contract: ${name}`, () => {
    const made = make();
    afterAll(async () => (await made).close?.());

    it('passes clean texts, one verdict entry per text', async () => {
      const { screen } = await made;
      const verdict = await screen.check(['The clockmaker winds the clock.', 'I assume the class assessment went well.', 'Scunthorpe']);
      expect(verdict).toEqual({ flagged: false, reasons: [], byText: [[], [], []] });
    });

    it('answers an empty batch and empty texts as clean', async () => {
      const { screen } = await made;
      expect(await screen.check([])).toEqual({ flagged: false, reasons: [], byText: [] });
      expect(await screen.check(['', '   '])).toEqual({ flagged: false, reasons: [], byText: [[], []] });
    });

    it('names which text of a batch was flagged; the reasons are their union', async () => {
      const { screen, flagged } = await made;
      const verdict = await screen.check(['A quiet morning.', flagged, 'Tea, please.']);
      expect(verdict.flagged).toBe(true);
      expect(verdict.byText).toHaveLength(3);
      expect(verdict.byText[0]).toEqual([]);
      expect(verdict.byText[1]!.length).toBeGreaterThan(0);
      expect(verdict.byText[2]).toEqual([]);
      expect(verdict.reasons).toEqual(verdict.byText[1]);
    });

    it('gives the same verdict to the same batch', async () => {
      const { screen, flagged } = await made;
      const batch = [flagged, 'hello there'];
      expect(await screen.check(batch)).toEqual(await screen.check(batch));
    });
  });
}
