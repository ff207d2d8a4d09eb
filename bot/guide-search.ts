/**
 * Answers free-text questions ("wat moet ik nu doen?") from the handreiking itself: a small
 * full-text index per locale over the step texts, built once at start-up. No external AI.
 */
import MiniSearch from 'minisearch';
import type { LocaleContent } from '../content/schema';
import type { Locale } from '../content/load';
import { STEP_IDS } from '../flows/escalation/types';
import type { StepId } from '../flows/escalation/types';

interface StepDocument {
  id: StepId;
  title: string;
  keywords: string;
  body: string;
}

export class GuideSearch {
  private readonly indexes = new Map<Locale, MiniSearch<StepDocument>>();

  constructor(contents: Record<Locale, LocaleContent>) {
    for (const [locale, content] of Object.entries(contents) as [Locale, LocaleContent][]) {
      const index = new MiniSearch<StepDocument>({
        fields: ['title', 'keywords', 'body'],
        searchOptions: { boost: { title: 3, keywords: 2 }, fuzzy: 0.2, prefix: true, combineWith: 'OR' },
      });
      index.addAll(
        STEP_IDS.map((id) => {
          const step = content.steps[id];
          return {
            id,
            title: step.title,
            keywords: step.keywords.join(' '),
            body: [step.why, ...step.checklist, ...step.examples, ...step.dont, ...step.involve].join(' '),
          };
        }),
      );
      this.indexes.set(locale, index);
    }
  }

  /** The best-matching step for a question, or null when nothing in the guide matches. */
  best(locale: Locale, question: string): StepId | null {
    const hit = this.indexes.get(locale)?.search(question.slice(0, 500))[0];
    return hit ? (hit.id as StepId) : null;
  }
}
