/**
 * Handing a case over to another manager (issue 15 §7), as turns:
 *
 * | turn                                   | who            | answer                                               |
 * |----------------------------------------|----------------|------------------------------------------------------|
 * | `overdragen` / `hand over`             | any manager    | their open cases, each with "hand over…"             |
 * | "hand over…" on a case                 | the owner      | the proposal: what happens, the toggle "include my notes" |
 * | "create code"                          | the owner      | a one-time code (stored hashed) and how to pass it on |
 * | "withdraw code"                        | the owner      | the code no longer works                             |
 * | `overnemen <code>` / `take over <code>` | another manager, in their own personal chat | the case's recorded facts (no notes) and "take over" |
 * | "take over"                            | that manager   | the case is theirs; owner, reminders (and included notes) moved in one transaction |
 *
 * The bot answers only in personal chats, so a code is only ever accepted by the manager who typed
 * it. That manager is identified the way every owner is: by the id Teams gives their turn, which
 * becomes the case's owner id. The HR log gets `handedOver` and nothing else; the audit trail gets
 * `handover` rows from its catalogue. Every refusal changes nothing and says why.
 */
import { renderCard } from '../../cards/render';
import {
  handoverAcceptModel,
  handoverCodeModel,
  handoverDoneModel,
  handoverEnterCodeModel,
  handoverListModel,
  handoverProposeModel,
  handoverWithdrawnModel,
} from '../../cards/handover-models';
import type { HandoverCase } from '../../cards/handover-models';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import { dayOf, isoWeek } from '../../flows/calendar';
import { CASE_HANDED_OVER, hrPositionOf } from '../../flows/escalation/effects';
import type { Actor, Reply } from '../turn';
import type { UserErrorCode } from '../errors';
import { restoreCase } from '../store/case-store';
import type { CaseRow, CaseStore, HrLogEntry } from '../store/case-store';
import { displayHandoverCode, HANDOVER_CODE_HOURS, handoverCodeHash, newHandoverCode, normalizeHandoverCode } from './handover-code';

/** What hand-over turns use: the owner's cases, the hand-over itself, and the audit of each step. */
export type HandoverTurnsStore = Pick<CaseStore, 'load' | 'listByOwner' | 'proposeHandover' | 'pendingHandover' | 'cancelHandover' | 'acceptHandover' | 'recordAudit'>;

export interface HandoverDeps {
  store: HandoverTurnsStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  refuse: (actor: Actor, code: UserErrorCode) => Reply;
}

/** How many open cases `overdragen` lists; a manager has far fewer. */
const LIST_LIMIT = 50;

const myCase = (row: CaseRow) => ({ caseId: row.id, step: row.step, updatedAt: row.updatedAt });

const handoverCase = (row: CaseRow): HandoverCase => ({
  ...myCase(row),
  revision: row.revision,
  orgUnit: row.orgUnit,
  context: restoreCase(row).context,
});

/** The one HR log row of a hand-over: that it happened, in which unit and week; never to or from whom. */
function handedOverRow(row: CaseRow, at: string): HrLogEntry {
  return {
    rung: hrPositionOf(row.step),
    route: restoreCase(row).context.route ?? null,
    transition: CASE_HANDED_OVER,
    outcome: null,
    categories: [],
    source: null,
    orgUnit: row.orgUnit,
    isoWeek: isoWeek(dayOf(at)),
    daysSinceSignal: null,
    deadlineMet: null,
  };
}

export class HandoverTurns {
  constructor(private readonly deps: HandoverDeps) {}

  async list(actor: Actor): Promise<Reply> {
    const open = (await this.deps.store.listByOwner(actor.userId, LIST_LIMIT)).filter((row) => row.status === 'open');
    return { messages: [renderCard('my-cases', handoverListModel(this.content(actor), open.map(myCase)))] };
  }

  async ask(actor: Actor, caseId: string): Promise<Reply> {
    const row = await this.deps.store.load(caseId);
    if (!row) return this.deps.refuse(actor, 'caseNotFound');
    if (row.ownerId !== actor.userId) return this.deps.refuse(actor, 'notYourCase');
    if (row.status !== 'open') return this.deps.refuse(actor, 'handoverCaseClosed');
    return { inPlace: renderCard('handover-propose', handoverProposeModel(this.content(actor), myCase(row))), messages: [] };
  }

  /** Makes the code; a code made earlier for the case stops working (the store replaces it). */
  async propose(actor: Actor, caseId: string, inputs: Record<string, unknown>): Promise<Reply> {
    const now = this.deps.now();
    const includeNotes = inputs.includeNotes === true || inputs.includeNotes === 'true';
    const code = newHandoverCode();
    const expiresAt = new Date(now.getTime() + HANDOVER_CODE_HOURS * 3_600_000).toISOString();
    const proposal = { codeHash: handoverCodeHash(code), caseId, fromOwnerId: actor.userId, proposedBy: actor.userId, includeNotes, expiresAt };
    const result = await this.deps.store.proposeHandover(proposal, now.toISOString());
    if (!result.ok) return this.deps.refuse(actor, result.reason === 'notFound' ? 'caseNotFound' : result.reason === 'notOwner' ? 'notYourCase' : 'handoverCaseClosed');
    const card = handoverCodeModel(this.content(actor), { caseId, code: displayHandoverCode(code), expiresAt, hours: HANDOVER_CODE_HOURS, includeNotes });
    return { inPlace: renderCard('notice', card), messages: [] };
  }

  async withdraw(actor: Actor, caseId: string): Promise<Reply> {
    const withdrawn = await this.deps.store.cancelHandover(caseId, actor.userId, this.deps.now().toISOString());
    return { inPlace: renderCard('notice', handoverWithdrawnModel(this.content(actor), withdrawn)), messages: [] };
  }

  /** `overnemen` on its own: how to type the code. */
  enterCode(actor: Actor): Reply {
    return { messages: [renderCard('notice', handoverEnterCodeModel(this.content(actor)))] };
  }

  /** `overnemen <code>`: the case's facts and "take over", if the code is valid and not the manager's own. */
  async show(actor: Actor, typed: string): Promise<Reply> {
    const at = this.deps.now().toISOString();
    const code = normalizeHandoverCode(typed);
    const pending = code ? await this.deps.store.pendingHandover(handoverCodeHash(code), at) : null;
    if (!code || !pending) return this.deps.refuse(actor, 'handoverCodeInvalid');
    if (pending.fromOwnerId === actor.userId) return this.deps.refuse(actor, 'handoverOwnCode');
    const row = await this.deps.store.load(pending.caseId);
    if (!row || row.status !== 'open') return this.deps.refuse(actor, 'handoverCaseClosed');
    await this.deps.store.recordAudit({ actor: actor.userId, action: 'read', caseId: row.id, detail: 'handoverOffer', at });
    return { messages: [renderCard('notice', handoverAcceptModel(this.content(actor), { code, includeNotes: pending.includeNotes, case: handoverCase(row) }))] };
  }

  async accept(actor: Actor, code: string, revision: number): Promise<Reply> {
    const at = this.deps.now().toISOString();
    const codeHash = handoverCodeHash(code);
    const pending = await this.deps.store.pendingHandover(codeHash, at);
    const row = pending ? await this.deps.store.load(pending.caseId) : null;
    if (!pending || !row) return this.deps.refuse(actor, 'handoverCodeInvalid');
    const result = await this.deps.store.acceptHandover({ codeHash, toOwnerId: actor.userId, expectedRevision: revision, hrLog: handedOverRow(row, at) }, at);
    const content = this.content(actor);
    if (result.ok) return { inPlace: renderCard('notice', handoverDoneModel(content, { caseId: row.id, notesMoved: pending.includeNotes })), messages: [] };
    switch (result.reason) {
      case 'conflict':
        return { inPlace: renderCard('notice', handoverAcceptModel(content, { code, includeNotes: pending.includeNotes, case: handoverCase(result.current) }, true)), messages: [] };
      case 'ownCode':
        return this.deps.refuse(actor, 'handoverOwnCode');
      case 'notOpen':
        return this.deps.refuse(actor, 'handoverCaseClosed');
      case 'codeInvalid':
        return this.deps.refuse(actor, 'handoverCodeInvalid');
    }
  }

  private content(actor: Actor): LocaleContent {
    return this.deps.contents[actor.locale];
  }
}
