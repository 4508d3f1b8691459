import { readFileSync } from 'node:fs';
import {
  DataSet,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  RegExpMatcher,
  resolveConfusablesTransformer,
  resolveLeetSpeakTransformer,
  toAsciiLowerCaseTransformer,
} from 'obscenity';
import { normalizeTerm, TERM_PATTERN } from '../../domain/moderationTerms.js';
import { verdictOf, type Screen } from '../../ports/screen.js';

// obscenity's leetspeak table, applied to the terms themselves: the matcher transforms the text,
// never the pattern, so a term written `h4x` must be stored as `hax` to match `h4x` or `hax`.
const LEET: Readonly<Record<string, string>> = { '4': 'a', '3': 'e', '6': 'g', '1': 'i', '0': 'o', '5': 's', '7': 't', '2': 'z' };

/**
 * Operator terms from MODERATION_TERMS_FILE: one per line or comma-separated, `#` starts a
 * comment. Throws naming the line when a term is not a plain word or phrase (TERM_PATTERN).
 */
export function readTermsFile(path: string): string[] {
  const terms: string[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      for (const raw of line.replace(/#.*/, '').split(',')) {
        const term = normalizeTerm(raw);
        if (!term) continue;
        if (!TERM_PATTERN.test(term)) {
          throw new Error(`${path}:${i + 1}: a moderation term is letters, digits, spaces, hyphens and apostrophes (1–60)`);
        }
        terms.push(term);
      }
    });
  return terms;
}

/**
 * A term as a whole word (or phrase) with an optional plural `s`/`es`: `tomato` flags
 * "Tomato", "tomatoes" and "TOMATOS" but not "tomatoey" or "xtomato".
 */
function termDataSet(terms: readonly string[], spell: (term: string) => string): DataSet<{ term: string }> {
  const set = new DataSet<{ term: string }>();
  for (const term of terms) {
    const spelled = spell(term);
    const plural = /\p{L}$/u.test(spelled) ? '[e][s]' : '';
    set.addPhrase((p) => p.setMetadata({ term }).addPattern(parseRawPattern(`|${spelled}${plural}|`)));
  }
  return set;
}

/**
 * The offline screen (the default, always on): obscenity's English dataset with its recommended
 * transformers (confusables, leetspeak, case, repeated letters), plus the operator's terms.
 *
 * Operator terms get two matchers: one that resolves leetspeak (`t0mato`) and one that only
 * folds case and confusables, because obscenity's leetspeak table reads `!` as `i` and `|` as
 * `l`, so "Tomatoes!" would otherwise end in a letter and miss the word boundary. Repeated
 * letters are not collapsed for operator terms (a term like `apple` would never match).
 */
export function createWordListScreen(options: { terms?: readonly string[] } = {}): Screen {
  const terms = [...new Set((options.terms ?? []).map(normalizeTerm).filter(Boolean))];
  const profanity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const leetSet = termDataSet(terms, (t) => t.replace(/[0-9]/g, (d) => LEET[d] ?? d));
  const plainSet = termDataSet(terms, (t) => t);
  const matchers =
    terms.length === 0
      ? []
      : [
          {
            set: leetSet,
            matcher: new RegExpMatcher({
              ...leetSet.build(),
              blacklistMatcherTransformers: [resolveConfusablesTransformer(), resolveLeetSpeakTransformer(), toAsciiLowerCaseTransformer()],
            }),
          },
          {
            set: plainSet,
            matcher: new RegExpMatcher({
              ...plainSet.build(),
              blacklistMatcherTransformers: [resolveConfusablesTransformer(), toAsciiLowerCaseTransformer()],
            }),
          },
        ];

  const reasonsFor = (text: string): string[] => {
    const reasons: string[] = [];
    if (profanity.hasMatch(text)) reasons.push('profanity');
    for (const { set, matcher } of matchers) {
      for (const match of matcher.getAllMatches(text)) {
        const term = set.getPayloadWithPhraseMetadata(match).phraseMetadata?.term;
        if (term) reasons.push(`term:${term}`);
      }
    }
    return reasons;
  };

  return {
    kind: 'wordlist',
    check: (texts) => Promise.resolve(verdictOf(texts.map(reasonsFor))),
  };
}
