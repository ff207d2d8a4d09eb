/**
 * Finds the situation a free-text question is about ("mijn baas maakte een grap over mijn
 * collega"), from the situations catalogue itself: one MiniSearch index per language over each
 * situation's title, example questions and essentials, built once at start-up. No external AI,
 * nothing leaves the process, and the question itself is never stored or logged.
 *
 * Both languages' indexes are asked, so an English question from a Dutch user is still understood;
 * the language whose words cover most of the question decides. The answer is then given from the
 * user's own content by the caller.
 */
import MiniSearch from 'minisearch';
import type { Locale } from '../content/load';
import type { SituationsContent } from '../content/situations';
import { SITUATION_IDS } from '../flows/situations';
import type { SituationId } from '../flows/situations';
import { SituationTerms } from './situation-terms';

interface SituationDocument {
  id: SituationId;
  title: string;
  examples: string;
  essentials: string;
}

export interface SituationMatch {
  situation: SituationId;
  /** Share of the question's words (after stop words) the situation's content holds, 0..1. */
  confidence: number;
}

/**
 * Below this share of matched words the answer is "I am not sure what you mean": one word in three
 * is not enough to tell situations apart, and a wrong route is worse than asking again.
 */
export const MIN_CONFIDENCE = 0.34;
/** One shared word is chance ("open", "team"); a one-word question may still match on its word. */
export const MIN_MATCHED_WORDS = 2;
/** Questions are short; a pasted document is cut here, so that a turn stays fast. */
const MAX_QUESTION_LENGTH = 500;

/** The examples say most about a situation; its title a little more per word; essentials least. */
const BOOST = { title: 1.5, examples: 1, essentials: 0.3 };

interface LanguageIndex {
  terms: SituationTerms;
  index: MiniSearch<SituationDocument>;
}


export class SituationSearch {
  private readonly languages = new Map<Locale, LanguageIndex>();

  constructor(catalogues: Record<Locale, SituationsContent>) {
    for (const [locale, catalogue] of Object.entries(catalogues) as [Locale, SituationsContent][]) {
      const terms = new SituationTerms(locale, catalogue);
      const index = new MiniSearch<SituationDocument>({
        fields: ['title', 'examples', 'essentials'],
        // Terms are already stemmed and mapped to their synonym group by `terms`.
        tokenize: (text) => terms.terms(text),
        processTerm: (term) => term,
        searchOptions: { boost: BOOST, combineWith: 'OR', prefix: false, fuzzy: (term) => (term.length >= 8 ? 0.15 : false) },
      });
      index.addAll(
        SITUATION_IDS.map((id) => {
          const situation = catalogue.situations[id];
          return { id, title: situation.title, examples: situation.examples.join('\n'), essentials: situation.essentials.join('\n') };
        }),
      );
      this.languages.set(locale, { terms, index });
    }
  }

  /** The situation a question is about, or null when nothing matches well enough. */
  best(question: string, userLocale: Locale): SituationMatch | null {
    const text = question.slice(0, MAX_QUESTION_LENGTH);
    let best: { match: SituationMatch; matched: number; asked: number } | null = null;
    let bestCoverage = 0;
    for (const [locale, { terms, index }] of this.languages) {
      const asked = new Set(terms.terms(text)).size;
      const results = index.search(text);
      const top = results[0];
      if (asked === 0 || !top) continue;
      const coverage = new Set(results.flatMap((result) => result.queryTerms)).size / asked;
      const matched = new Set(top.queryTerms).size;
      // The language whose words cover more of the question wins; on a tie, the user's own.
      if (coverage > bestCoverage || (coverage === bestCoverage && locale === userLocale)) {
        best = { match: { situation: top.id as SituationId, confidence: matched / asked }, matched, asked };
        bestCoverage = coverage;
      }
    }
    if (!best || best.match.confidence < MIN_CONFIDENCE || best.matched < Math.min(MIN_MATCHED_WORDS, best.asked)) return null;
    return best.match;
  }
}

/**
 * Content is loaded once per process and cached, so its catalogues are the same objects every
 * time; building their index stems every example (about half a second), so every dispatcher of
 * the process — one in production, one per test bot in tests — shares the one index.
 */
const searchOf = new WeakMap<SituationsContent, WeakMap<SituationsContent, SituationSearch>>();

export function situationSearchFor(catalogues: Record<Locale, SituationsContent>): SituationSearch {
  const byEnglish = searchOf.get(catalogues.nl) ?? new WeakMap<SituationsContent, SituationSearch>();
  searchOf.set(catalogues.nl, byEnglish);
  let search = byEnglish.get(catalogues.en);
  if (!search) {
    search = new SituationSearch(catalogues);
    byEnglish.set(catalogues.en, search);
  }
  return search;
}
