/**
 * The manager's data rights, as turns: `mijn gegevens` answers with a one-time download link (the
 * data itself never enters the chat), `verwijder` lists the manager's cases, "delete…" asks for
 * confirmation and the confirmation deletes the case — owner and revision checked like every card
 * action; a refusal changes nothing.
 */
import { renderCard } from '../../cards/render';
import { caseDeletedModel, deleteConfirmModel, deleteListModel, myDataCardModel } from '../../cards/data-rights-models';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import type { Actor, Reply } from '../turn';
import type { UserErrorCode } from '../errors';
import { StoreError } from '../store/case-store';
import type { CaseRow, CaseStore } from '../store/case-store';
import { myDataTokenHash, myDataUrl, newMyDataToken } from './my-data-link';

/** What the data-rights turns use: the owner's cases, deleting one, and the download link. */
export type DataRightsTurnsStore = Pick<CaseStore, 'load' | 'listByOwner' | 'deleteCase' | 'saveMyDataLink'>;

export interface DataRightsDeps {
  store: DataRightsTurnsStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  /** Where browsers reach this bot (PUBLIC_BASE_URL). */
  publicBaseUrl: () => string;
  /** How long a download link works. */
  linkMinutes: number;
  /** The Teams app id (TEAMS_APP_ID): the link then opens the page as a Teams dialog, where SSO works. */
  teamsAppId?: string | null;
  refuse: (actor: Actor, code: UserErrorCode) => Reply;
}

/** How many cases `verwijder` lists; a manager has far fewer. */
const DELETE_LIST_LIMIT = 50;

const myCase = (row: CaseRow) => ({ caseId: row.id, step: row.step, updatedAt: row.updatedAt, revision: row.revision });

export class DataRightsTurns {
  constructor(private readonly deps: DataRightsDeps) {}

  async myData(actor: Actor): Promise<Reply> {
    const now = this.deps.now();
    const token = newMyDataToken();
    const expiresAt = new Date(now.getTime() + this.deps.linkMinutes * 60_000).toISOString();
    await this.deps.store.saveMyDataLink({ tokenHash: myDataTokenHash(token), ownerId: actor.userId, locale: actor.locale, expiresAt }, now.toISOString());
    const content = this.content(actor);
    const url = myDataUrl(this.deps.publicBaseUrl(), token, this.deps.teamsAppId ?? null, content.dataRights.myData.pageTitle);
    const card = myDataCardModel(content, url, this.deps.linkMinutes);
    return { messages: [renderCard('my-data', card)] };
  }

  async deleteList(actor: Actor): Promise<Reply> {
    const rows = await this.deps.store.listByOwner(actor.userId, DELETE_LIST_LIMIT);
    return { messages: [renderCard('my-cases', deleteListModel(this.content(actor), rows.map(myCase)))] };
  }

  async askDelete(actor: Actor, caseId: string): Promise<Reply> {
    const row = await this.deps.store.load(caseId);
    if (!row) return this.deps.refuse(actor, 'caseNotFound');
    if (row.ownerId !== actor.userId) return this.deps.refuse(actor, 'notYourCase');
    return { inPlace: renderCard('notice', deleteConfirmModel(this.content(actor), myCase(row))), messages: [] };
  }

  /** Deletes the case the manager confirmed, if it is still as they saw it; otherwise asks again. */
  async deleteCase(actor: Actor, caseId: string, revision: number): Promise<Reply> {
    let result;
    try {
      result = await this.deps.store.deleteCase(caseId, actor.userId, revision, this.deps.now().toISOString());
    } catch (error) {
      if (error instanceof StoreError && error.code === 'notOwner') return this.deps.refuse(actor, 'notYourCase');
      throw error;
    }
    const content = this.content(actor);
    if (result.ok) return { inPlace: renderCard('notice', caseDeletedModel(content)), messages: [] };
    if (!result.current) return this.deps.refuse(actor, 'caseNotFound');
    return { inPlace: renderCard('notice', deleteConfirmModel(content, myCase(result.current), true)), messages: [] };
  }

  private content(actor: Actor): LocaleContent {
    return this.deps.contents[actor.locale];
  }
}
