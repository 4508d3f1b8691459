import type { PromptLine } from './types.js';

/**
 * Running summary of dialogue lines that fell out of the prompt's recent window.
 *
 * Extractive, not generative: it keeps a count of folded lines, the newest topic words and
 * the latest gist (first sentence) per speaker. Pure and deterministic, so the turn loop can
 * fold lines without a model call and the prompt stays the same size at turn 10 and 10,000.
 *
 * Text format (one item per line; `foldSummary` reads its own output back):
 * ```
 * Earlier: 37 lines.
 * Topics: lantern, garden, recipe
 * Alice: I found the lantern by the well.
 * Bob: Maybe the recipe needs more salt.
 * ```
 */

/** Summary budget the turn loop should use unless configured otherwise. */
export const SUMMARY_MAX_CHARS = 360;

const MAX_TOPICS = 5;
const MAX_GIST_CHARS = 90;
const MAX_NAME_CHARS = 40;

const STOPWORDS = new Set(
  (
    'about above after again against also always another anyone anything around because been before being below ' +
    'between both cannot could does doing down during each either else even ever every everyone from further ' +
    'have having here hers herself himself into itself just keep know like little made make many maybe might ' +
    'more most much must myself near need never next none nothing once only other ought ours ourselves over ' +
    'perhaps please quite rather really same said says shall should since some something still such sure than ' +
    'that their theirs them themselves then there these they thing things think this those though through ' +
    'today together told too under until upon very want wants well were what whatever when where whether which ' +
    "while whom whose will with within without would your yours yourself yourselves always tell lets let's " +
    "i'm you're it's that's don't can't won't isn't aren't didn't doesn't wasn't i've you've we're they're " +
    "loves likes who's someone somebody anyway indeed truly simply again yes okay yeah right good great " +
    'asks tells talks speaks says thinks knows wants needs keeps makes takes gives finds seems feels tries uses ' +
    'calls looks believes prefers hates enjoys collects brags distrusts insists claims hopes pretends refuses ' +
    'worries dreams plays reads writes works lives runs sells buys owns quickly slowly often many much mean ' +
    'time times thing whole kind sort bit lot lots talk thought thoughts'
  ).split(' '),
);

/**
 * Distinct content words of `text` in order of appearance (lower-cased, 4+ letters, no
 * stopwords), at most `max` of them. Shared by the summary and the scripted model.
 */
export function extractKeywords(text: string, max: number): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/\p{L}[\p{L}'-]{3,}/gu)) {
    const word = match[0].replace(/['-]+$/u, '');
    if (word.length < 4 || STOPWORDS.has(word) || out.includes(word)) continue;
    out.push(word);
    if (out.length >= max) break;
  }
  return out;
}

/** Clip to `max` characters on one line, marking the cut with an ellipsis. */
function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  return max <= 1 ? flat.slice(0, max) : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The first sentence of a line, clipped: the part most worth remembering. */
function gistOf(content: string): string {
  const flat = content.replace(/\s+/gu, ' ').trim();
  const sentence = /^.+?[.!?…](?=\s|$)/u.exec(flat)?.[0] ?? flat;
  return clip(sentence, MAX_GIST_CHARS);
}

interface SummaryState {
  count: number;
  topics: string[];
  /** Latest gist per speaker, least recent speaker first. */
  gists: [speaker: string, gist: string][];
}

function parseSummary(text: string): SummaryState {
  const state: SummaryState = { count: 0, topics: [], gists: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const count = /^Earlier: (\d+) lines?\.$/u.exec(line);
    if (count) {
      state.count = Number(count[1]);
      continue;
    }
    if (line.startsWith('Topics: ')) {
      state.topics = line
        .slice(8)
        .split(', ')
        .filter((t) => t.length > 0)
        .slice(0, MAX_TOPICS);
      continue;
    }
    const gist = /^([^:]{1,60}): (.+)$/u.exec(line);
    if (gist?.[1] && gist[2]) state.gists.push([gist[1], gist[2]]);
  }
  return state;
}

function render(state: SummaryState, gists: SummaryState['gists'], withTopics: boolean): string {
  const lines = [`Earlier: ${state.count} ${state.count === 1 ? 'line' : 'lines'}.`];
  if (withTopics && state.topics.length > 0) lines.push(`Topics: ${state.topics.join(', ')}`);
  for (const [speaker, gist] of gists) lines.push(`${speaker}: ${gist}`);
  return lines.join('\n');
}

/**
 * Fold `lines` (oldest first) into the `previous` summary and return the new one, never
 * longer than `maxChars`. When the budget is tight the least recent speakers' gists go
 * first, then the topics; the line count always stays. Text that is not a summary in this
 * module's format contributes nothing. Empty input yields `previous` unchanged (clipped).
 */
export function foldSummary(previous: string, lines: PromptLine[], maxChars: number): string {
  if (maxChars <= 0) return '';
  if (lines.length === 0) return previous.length <= maxChars ? previous : previous.slice(0, maxChars);

  const state = parseSummary(previous);
  for (const line of lines) {
    state.count += 1;
    const speaker = clip(line.speaker.replace(/:/gu, ' '), MAX_NAME_CHARS) || '?';
    state.gists = state.gists.filter(([name]) => name !== speaker);
    state.gists.push([speaker, gistOf(line.content) || '…']);
    const fresh = extractKeywords(line.content, MAX_TOPICS);
    state.topics = [...fresh, ...state.topics.filter((t) => !fresh.includes(t))].slice(0, MAX_TOPICS);
  }

  // Drop what matters least until it fits: oldest speakers, then topics, then the last gist.
  const candidates: string[] = [];
  for (let drop = 0; drop < state.gists.length; drop++) candidates.push(render(state, state.gists.slice(drop), true));
  candidates.push(render(state, state.gists.slice(-1), false), render(state, [], true));
  const bare = render(state, [], false);
  return candidates.find((text) => text.length <= maxChars) ?? bare.slice(0, maxChars);
}
