/**
 * The bot command `hr` (alias `overzicht`): the summary of the current year, all units, as a card
 * (cases, and the appraisal question) — for the Entra object ids in HR_USER_IDS only. The figures come from the same suppressed cube
 * as the HR API, so the card and the tab never disagree or can be played against each other.
 * While this year's figures are still being computed, or could not be, a short card says so and
 * when to ask again, as the tab does, instead of a general error.
 */
import { hrSummaryCardModel } from '../../cards/hr-summary';
import { noticeModel } from '../../cards/notice-model';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { loadAllHrContent } from '../../content/hr';
import type { HrContent } from '../../content/hr';
import type { Locale } from '../../content/load';
import type { CaseStore } from '../store/case-store';
import { parsePeriod, shareOf } from '../../flows/hr/aggregate';
import type { HrSummary, HrTableView } from '../../flows/hr/aggregate';
import { HrFiguresComputing, HrFiguresUnavailable } from './service';
import type { HrService } from './service';

/** What the conversation needs to answer `hr`: who may, and the card. */
export interface HrOverview {
  allows(userId: string): boolean;
  card(userId: string, locale: Locale): Promise<AdaptiveCardJson>;
}

function cellOf(table: HrTableView, code: string) {
  return table.scope.categories.find((c) => c.code === code)!.cell;
}

export class HrOverviewCommand implements HrOverview {
  private readonly texts: Record<Locale, HrContent> = loadAllHrContent();

  constructor(
    private readonly service: HrService,
    private readonly store: Pick<CaseStore, 'recordAudit'>,
    private readonly userIds: readonly string[],
    private readonly now: () => Date,
  ) {}

  allows(userId: string): boolean {
    return this.userIds.includes(userId);
  }

  async card(userId: string, locale: Locale): Promise<AdaptiveCardJson> {
    const at = this.now();
    let summary: HrSummary;
    try {
      summary = await this.service.summary(parsePeriod(String(at.getUTCFullYear()))!, null);
    } catch (error) {
      const reason = error instanceof HrFiguresComputing ? 'figuresComputing' : error instanceof HrFiguresUnavailable ? 'figuresUnavailable' : null;
      if (reason === null) throw error;
      const texts = this.texts[locale].card;
      return renderCard('notice', noticeModel({ title: texts.title, body: texts[reason] }));
    }
    await this.store.recordAudit({ actor: userId, action: 'read', caseId: null, detail: 'hrSummaryCard', at: at.toISOString() });
    return renderCard('hr-summary', hrSummaryCardModel(this.input(summary, locale)));
  }

  private input(summary: HrSummary, locale: Locale) {
    const texts = this.texts[locale];
    const table = (id: string) => summary.tables.find((t) => t.id === id)!;
    /** A table's categories for the selected scope, labelled. */
    const figures = (view: HrTableView) => view.scope.categories.map((c) => ({ label: texts.tables[view.id]!.categories[c.code]!, value: c.cell.value }));
    const deadline = table('addressDeadline');
    const asked = table('appraisalAsked').scope;
    return {
      texts,
      locale,
      period: summary.period.id,
      k: summary.k,
      cases: summary.cases.value,
      highestRung: figures(table('highestRung')),
      addressDeadlineShare: shareOf(cellOf(deadline, 'met'), cellOf(deadline, 'missed')),
      appraisals: asked.total.value,
      appraisalAskedShare: asked.share ?? null,
      appraisalSignalledShare: table('appraisalSignalled').scope.share ?? null,
      notAskedReasons: figures(table('appraisalNotAskedReason')),
    };
  }
}
