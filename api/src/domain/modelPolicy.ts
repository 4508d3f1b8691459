/**
 * Who decides what the operator pays for. A character may carry its own model and
 * temperature; those come from proposals (anyone) and from a moderator's approval, and both
 * stay inside the operator's rules from config: the models in `allowed` (plus the operator's
 * own default model for moderators), and temperatures in the configured range. Pure.
 */

/** The operator's rules (`PROPOSAL_MODELS`, `PROPOSAL_TEMPERATURE_MIN` / `_MAX`, `LLM_MODEL`). */
export interface ModelPolicy {
  /** The model every character uses unless it names another (`LLM_MODEL`). */
  defaultModel: string;
  /** Models a proposal may name; empty: proposals cannot choose a model. */
  allowed: readonly string[];
  /** Temperatures a proposal or a moderator may set, inclusive. */
  temperature: { min: number; max: number };
}

/** A character's own settings; null means the operator's default. */
export interface ModelSettings {
  model: string | null;
  temperature: number | null;
}

/** Who is asking: a proposer (anyone) or a moderator approving a proposal. */
export type SettingsAuthor = 'proposer' | 'moderator';

/** The models `who` may name. Moderators may also pin the operator's default model. */
export function modelsFor(policy: ModelPolicy, who: SettingsAuthor): string[] {
  return who === 'moderator' && !policy.allowed.includes(policy.defaultModel)
    ? [...policy.allowed, policy.defaultModel]
    : [...policy.allowed];
}

/** One refused setting and what is allowed instead. */
export interface SettingsProblem {
  field: 'model' | 'temperature';
  message: string;
}

/**
 * What is wrong with settings `who` asks for, each problem naming what is allowed instead
 * (empty: allowed). Null fields always pass: they mean the default.
 */
export function settingsProblems(policy: ModelPolicy, settings: ModelSettings, who: SettingsAuthor): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const models = modelsFor(policy, who);
  if (settings.model != null && !models.includes(settings.model)) {
    problems.push({
      field: 'model',
      message:
        models.length === 0
          ? `proposals cannot choose a model on this server; leave it out and ${policy.defaultModel} is used`
          : `must be one of ${models.join(', ')}, or left out for the default (${policy.defaultModel})`,
    });
  }
  const t = settings.temperature;
  const { min, max } = policy.temperature;
  if (t != null && !(Number.isFinite(t) && t >= min && t <= max)) {
    problems.push({ field: 'temperature', message: `must be between ${min} and ${max}, or left out for the default` });
  }
  return problems;
}

/**
 * The settings a character actually runs with under the operator's current rules: a model
 * outside them falls back to the default, a temperature outside the range is clamped. For
 * rows stored before a rule existed or before the operator changed it: nothing pays for a
 * model the operator no longer allows.
 */
export function effectiveSettings(policy: ModelPolicy, settings: ModelSettings): ModelSettings {
  const model = settings.model != null && modelsFor(policy, 'moderator').includes(settings.model) ? settings.model : null;
  const t = settings.temperature;
  const temperature = t == null || !Number.isFinite(t) ? null : Math.min(policy.temperature.max, Math.max(policy.temperature.min, t));
  return { model, temperature };
}
