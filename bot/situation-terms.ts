/**
 * Turns text into the terms the situation matcher compares: lower case without accents, split into
 * words, stop words dropped, each word stemmed with the Snowball stemmer of its language (so that
 * "opmerking" and "opmerkingen" meet) and read as the first word of its synonym group (so that
 * "baas" and "leidinggevende" meet). Stop words and synonyms are content (`content/situations.*.yaml`).
 */
import type { Locale } from '../content/load';
import type { SituationsContent } from '../content/situations';

interface Stemmer {
  stem(word: string): string;
}
// snowball-stemmers ships no type declarations; this is the one function of it we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- no declarations to import with
const { newStemmer } = require('snowball-stemmers') as { newStemmer: (algorithm: string) => Stemmer };

const SNOWBALL_ALGORITHM: Record<Locale, string> = { nl: 'dutch', en: 'english' };

/** Letters, digits and `&` (as in "P&O"); everything else separates words. */
const WORD = /[\p{L}\p{N}&]+/gu;

/** Lower case and without accents: "Cliënt" and "client" are one word. */
export function words(text: string): string[] {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  // One letter says nothing ("collega's" leaves an "s").
  return (plain.match(WORD) ?? []).filter((word) => word.length > 1);
}

export class SituationTerms {
  private readonly stemmer: Stemmer;
  private readonly stopWords: Set<string>;
  /** Stem of a synonym → stem of the first word of its group. */
  private readonly synonyms = new Map<string, string>();

  constructor(locale: Locale, content: Pick<SituationsContent, 'stopWords' | 'synonyms'>) {
    this.stemmer = newStemmer(SNOWBALL_ALGORITHM[locale]);
    this.stopWords = new Set(content.stopWords.flatMap(words));
    for (const group of content.synonyms) {
      const [first] = group.flatMap(words).map((word) => this.stemmer.stem(word));
      if (first === undefined) continue;
      for (const word of group.flatMap(words)) this.synonyms.set(this.stemmer.stem(word), first);
    }
  }

  /** The terms of a text, in order, with repeats. */
  terms(text: string): string[] {
    return words(text)
      .filter((word) => !this.stopWords.has(word))
      .map((word) => {
        const stem = this.stemmer.stem(word);
        return this.synonyms.get(stem) ?? stem;
      });
  }
}
