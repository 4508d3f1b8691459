import { describe, expect, it } from 'vitest';
import { effectiveSettings, modelsFor, settingsProblems, type ModelPolicy } from './modelPolicy.js';

const none: ModelPolicy = { defaultModel: 'house-model', allowed: [], temperature: { min: 0, max: 1.2 } };
const some: ModelPolicy = { ...none, allowed: ['small-model', 'local:8b'] };

describe('model policy', () => {
  it('lets no proposal choose a model by default, and says so', () => {
    const problems = settingsProblems(none, { model: 'gpt-4-32k', temperature: null }, 'proposer');
    expect(problems).toEqual([{ field: 'model', message: expect.stringMatching(/cannot choose a model.*house-model/) }]);
    expect(settingsProblems(none, { model: null, temperature: null }, 'proposer')).toEqual([]);
  });

  it('names what is allowed: the list for proposers, the list and the default for moderators', () => {
    expect(settingsProblems(some, { model: 'gpt-4-32k', temperature: 2 }, 'proposer')).toEqual([
      { field: 'model', message: expect.stringContaining('small-model, local:8b') },
      { field: 'temperature', message: 'must be between 0 and 1.2, or left out for the default' },
    ]);
    expect(settingsProblems(some, { model: 'local:8b', temperature: 1.2 }, 'proposer')).toEqual([]);
    expect(settingsProblems(some, { model: 'house-model', temperature: null }, 'proposer')).toHaveLength(1);
    expect(settingsProblems(some, { model: 'house-model', temperature: null }, 'moderator')).toEqual([]);
    expect(modelsFor(none, 'moderator')).toEqual(['house-model']);
    expect(settingsProblems(some, { model: null, temperature: Number.NaN }, 'moderator')).toHaveLength(1);
  });

  it('falls back and clamps what was stored under other rules', () => {
    expect(effectiveSettings(some, { model: 'gpt-4-32k', temperature: 2 })).toEqual({ model: null, temperature: 1.2 });
    expect(effectiveSettings(some, { model: 'local:8b', temperature: -1 })).toEqual({ model: 'local:8b', temperature: 0 });
    expect(effectiveSettings(none, { model: 'house-model', temperature: 0.7 })).toEqual({ model: 'house-model', temperature: 0.7 });
    expect(effectiveSettings(none, { model: null, temperature: null })).toEqual({ model: null, temperature: null });
  });
});
