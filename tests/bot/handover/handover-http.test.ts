/**
 * Handing a case over, end to end over the bot's HTTP endpoint (issue 15 §7): the owner proposes
 * and gets a code, another manager accepts in their own personal chat, the reminders follow the
 * case (a due reminder reaches the new owner's chat), the notes stay their author's unless
 * included, the audit trail records each step; and every refusal changes nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseStore } from '../../../bot/store/case-store';
import { loadContent } from '../../../content/load';
import type { ConnectorStub } from '../helpers/connector-stub';
import { executeActions } from '../helpers/conversation-client';
import { startHttpChatBot } from '../helpers/http-chat-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { HttpChatBot } from '../helpers/http-chat-bot';
import type { StoreHarness } from '../store/fixtures/harness';
import type { Json } from '../../helpers/json';

const nl = loadContent('nl');
const h = nl.ui.handover;
const SIGNAL = { categories: 'insult', source: 'bystander', signalDate: '2026-12-22', occurrence: 'first', acute: 'false', perpetrator: 'teamMember', affected: 'teamMember', orgUnit: 'Staf' };
const CASE_STARTED = '2026-12-22T09:00:00.000Z';
/** Five working days after 22 December 2026, Christmas not counted: the addressOverdue reminder. */
const ADDRESS_DUE = '2026-12-30T07:00:00.000Z';
const NOTE = 'Notitie-van-A-canary';
const [A, B, C] = ['manager-a', 'manager-b', 'manager-c'];

describe.each(RUNTIMES)('on %s', (runtime) => {
  let chat: HttpChatBot;
  let dir: string;
  let harness: StoreHarness;
  let stub: ConnectorStub;
  let store: CaseStore;
  let clock: { now: Date };

  beforeAll(async () => {
    chat = await startHttpChatBot('handover-http', CASE_STARTED, { REMINDER_POLL_MS: '10', ...runtimeEnv(runtime) });
    ({ dir, harness, stub, store, clock } = chat);
  });
  afterAll(() => chat.close());

  /** Types a text; returns the cards the bot sent to that manager's chat for it. */
  const say = (user: string, text: string): Promise<Json[]> => chat.say(user, text);

  /** Clicks a button (Action.Execute); returns the card that replaced the clicked one. */
  async function click(user: string, action: Json, inputs: Record<string, string> = {}): Promise<Json> {
    const { answer, inPlace } = await chat.click(user, action, inputs);
    expect(answer.status).toBe(200);
    return inPlace;
  }

  const buttonOf = (card: Json, kind: string) => executeActions(card).find((a) => a.data?.kind === kind || a.data?.event === kind);
  const factValue = (card: Json, title: string): string => JSON.stringify(card).match(new RegExp(`"title":"${title}","value":"([^"]+)"`))![1]!;
  const shows = (cards: Json[], text: string) => cards.some((card) => JSON.stringify(card).includes(text));

  /** A click that is refused: everything the bot answered (the invoke response and messages to that chat). */
  async function refusedClick(user: string, action: Json, inputs: Record<string, string> = {}): Promise<string> {
    const before = stub.calls.length;
    const answer = await click(user, action, inputs);
    const sent = stub.calls.slice(before).filter((call) => call.path.includes(`conv-${user}`));
    return JSON.stringify([answer ?? null, ...sent.map((call) => call.body)]);
  }

  /** `nieuw` and the signal card with a note: the case exists, with an addressOverdue reminder. */
  async function newCase(user: string): Promise<string> {
    const [card] = await say(user, 'nieuw');
    const record = buttonOf(card, 'RECORD_SIGNAL');
    await click(user, record, { ...SIGNAL, note: NOTE });
    return record.data.caseId as string;
  }

  /** `overdragen`, "hand over…" on the case, "create code": the code as the card shows it. */
  async function proposeOverHttp(user: string, caseId: string, includeNotes: boolean): Promise<string> {
    const [list] = await say(user, 'overdragen');
    const ask = executeActions(list).find((a) => a.data?.kind === 'handoverAsk' && a.data.caseId === caseId);
    const proposal = await click(user, ask);
    expect(JSON.stringify(proposal)).toContain(h.includeNotesLabel);
    const codeCard = await click(user, buttonOf(proposal, 'handoverPropose'), { includeNotes: String(includeNotes) });
    expect(codeCard.body[0].text).toBe(h.codeTitle);
    return factValue(codeCard, h.codeLabel);
  }

  const handoverAudit = async (caseId: string) =>
    (await harness.rows<{ actor: string; action: string; detail: string }>(`SELECT actor, action, detail FROM audit WHERE case_id = '${caseId}' ORDER BY seq`))
      .filter((row) => row.action === 'handover' || row.detail === 'handoverOffer')
      .map((row) => [row.actor, row.action, row.detail]);

  describe('handing a case over, over HTTP', () => {
    let caseId: string;
    let code: string;

    it('the owner proposes: a one-time code, stored only as its hash', async () => {
      caseId = await newCase(A);
      code = await proposeOverHttp(A, caseId, false);
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const stored = readdirSync(dir).map((file) => readFileSync(join(dir, file)).toString('latin1')).join('');
      expect(stored).not.toContain(code.replace(/-/g, ''));
      expect(await harness.rows('SELECT from_owner_id, include_notes FROM handover_codes')).toEqual([{ from_owner_id: A, include_notes: 0 }]);
    });

    it('refuses the owner’s own code', async () => {
      expect(shows(await say(A, `overnemen ${code}`), nl.ui.errors.handoverOwnCode.title)).toBe(true);
      expect((await store.load(caseId))?.ownerId).toBe(A);
    });

    it('refuses a proposal by someone who does not own the case', async () => {
      const answer = await refusedClick(B, { verb: 'handover-propose', data: { ew: 1, kind: 'handoverPropose', caseId } }, { includeNotes: 'true' });
      expect(answer).toContain(nl.ui.errors.notYourCase.title);
      expect(answer).not.toContain(h.codeTitle);
      expect(await harness.rows(`SELECT include_notes FROM handover_codes WHERE case_id = '${caseId}'`)).toEqual([{ include_notes: 0 }]);
    });

    it('the other manager accepts in their own chat: facts without notes, then the case is theirs', async () => {
      const [offer] = await say(B, `overnemen ${code.toLowerCase()}`);
      expect(offer.body[0].text).toBe(h.acceptTitle);
      expect(JSON.stringify(offer)).toContain(nl.choices.categories.insult);
      expect(JSON.stringify(offer)).not.toContain(NOTE);
      const done = await click(B, buttonOf(offer, 'handoverAccept'));
      expect(done.body[0].text).toBe(h.doneTitle);
      expect((await store.load(caseId))?.ownerId).toBe(B);
      expect(await handoverAudit(caseId)).toEqual([
        [A, 'handover', 'proposed'],
        [B, 'read', 'handoverOffer'],
        [B, 'handover', 'accepted'],
      ]);
      const hrRows = (await store.hrLog()).filter((row) => row.transition === 'handedOver');
      expect(hrRows).toHaveLength(1);
      expect(JSON.stringify(hrRows)).not.toMatch(/manager-/);
    });

    it('the notes stay their author’s: the new owner cannot read them, the author still can through the export', async () => {
      expect(await store.readNotes(caseId, B)).toEqual([]);
      expect((await store.notesLeftBehind(A, clock.now.toISOString())).map((left) => left.notes.map((n) => n.text))).toEqual([[NOTE]]);
      // The old owner can no longer open the case.
      const cards = await say(A, 'zaken');
      expect(JSON.stringify(cards)).not.toContain(caseId);
    });

    it('refuses a used code', async () => {
      expect(shows(await say(C, `overnemen ${code}`), nl.ui.errors.handoverCodeInvalid.title)).toBe(true);
      expect((await store.load(caseId))?.ownerId).toBe(B);
    });

    it('the reminders follow the case: the due reminder reaches the new owner’s chat', async () => {
      expect((await store.pendingReminders(B)).map((r) => r.caseId)).toContain(caseId);
      expect((await store.pendingReminders(A)).map((r) => r.caseId)).not.toContain(caseId);
      const before = stub.calls.length;
      clock.now = new Date(Date.parse(ADDRESS_DUE) + 60_000);
      const reminderTo = (user: string) => stub.calls.slice(before).some((call) => call.path.includes(`conv-${user}`) && JSON.stringify(call.body).includes(nl.reminders.snoozeDayButton));
      for (let waited = 0; !reminderTo(B); waited += 20) {
        if (waited > 15_000) throw new Error('the reminder did not reach the new owner');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(reminderTo(A)).toBe(false);
    });

    it('with the notes included, only the new owner reads them', async () => {
      const second = await newCase(B);
      const withNotes = await proposeOverHttp(B, second, true);
      const [offer] = await say(C, `overnemen ${withNotes}`);
      expect(JSON.stringify(offer)).toContain(h.notesMovedNote);
      await click(C, buttonOf(offer, 'handoverAccept'));
      expect((await store.readNotes(second, C)).map((n) => n.text)).toEqual([NOTE]);
      expect(await store.notesLeftBehind(B, clock.now.toISOString())).toEqual([]);
      expect((await handoverAudit(second)).map((row) => row[2])).toEqual(['proposedWithNotes', 'handoverOffer', 'accepted']);
    });

    it('refuses an expired code, and the acceptance card of one', async () => {
      const third = await newCase(C);
      const expiring = await proposeOverHttp(C, third, false);
      const [offer] = await say(A, `overnemen ${expiring}`);
      clock.now = new Date(clock.now.getTime() + 73 * 3_600_000);
      expect(shows(await say(A, `overnemen ${expiring}`), nl.ui.errors.handoverCodeInvalid.title)).toBe(true);
      expect(await refusedClick(A, buttonOf(offer, 'handoverAccept'))).toContain(nl.ui.errors.handoverCodeInvalid.title);
      expect((await store.load(third))?.ownerId).toBe(C);
    });

    it('refuses to hand over a closed case', async () => {
      const closed = await newCase(A);
      const row = (await store.load(closed))!;
      await store.commit({ ...row, caseId: closed, expectedRevision: row.revision, step: 'closed', status: 'closed', at: clock.now.toISOString(), notes: [], hrLog: [], audit: [] });
      expect(await refusedClick(A, { verb: 'handover-ask', data: { ew: 1, kind: 'handoverAsk', caseId: closed } })).toContain(nl.ui.errors.handoverCaseClosed.title);
      expect(await harness.rows(`SELECT case_id FROM handover_codes WHERE case_id = '${closed}'`)).toEqual([]);
    });
  });
});
