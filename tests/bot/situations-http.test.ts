/**
 * The routes for real situations over the bot's HTTP endpoint (issue "Real situations: routes"):
 * one situation per route walked from `nieuw` to its end as Teams delivers the clicks; a card of the
 * previous machine version gets the current card; a case saved by a newer machine (a rolling
 * deploy) is answered 503 with Retry-After and changes nothing.
 */
import { loadContent } from '../../content/load';
import { ESCALATION_MACHINE_VERSION } from '../../flows/escalation/machine';
import { UnknownMachineVersionError } from '../../flows/escalation/migrations';
import type { SituationId } from '../../flows/situations';
import { SITUATION_WALKS } from '../flows/escalation/situation-walks';
import { executeActions } from './helpers/conversation-client';
import { startHttpChatBot } from './helpers/http-chat-bot';
import { RUNTIMES, runtimeEnv } from './helpers/runtimes';
import type { HttpChatBot } from './helpers/http-chat-bot';
import type { Json } from '../helpers/json';

const nl = loadContent('nl');

describe.each(RUNTIMES)('on %s', (runtime) => {
  let chat: HttpChatBot;
  // The walks' dates are early November 2026: the bot's clock is there too.
  beforeAll(async () => {
    chat = await startHttpChatBot('situations-http', '2026-11-03T09:00:00.000Z', { ORG_UNITS: 'Beleid,Staf', ...runtimeEnv(runtime) });
  });
  afterAll(() => chat.close());

  const say = (user: string, text: string) => chat.say(user, text);
  const click = (user: string, action: Json, inputs: Record<string, string>) => chat.click(user, action, inputs);

  const buttonFor = (card: Json, match: (data: Json) => boolean) => executeActions(card).find((a) => match(a.data));

  /** Walks one situation's card submits from `nieuw`; returns the case id. */
  async function walkOverHttp(user: string, situation: SituationId): Promise<string> {
    let [card] = await say(user, 'nieuw');
    let caseId = '';
    for (const submit of SITUATION_WALKS[situation].submits) {
      if (submit.event === 'REPORT_REPETITION' && submit.on !== 'closed') {
        // "It happened again" brings a small card of its own first.
        const ask = buttonFor(card, (d) => d?.kind === 'repeatAsk');
        card = (await click(user, ask, {})).sent[0];
      }
      const button = buttonFor(card, (d) => d?.kind === 'step' && d.event === submit.event);
      expect(button).toBeDefined();
      caseId = button.data.caseId;
      const inputs = submit.event === 'RECORD_SIGNAL' ? { orgUnit: 'Beleid', ...submit.inputs } : submit.inputs;
      const { answer, inPlace, sent } = await click(user, button, inputs);
      expect(answer.status).toBe(200);
      expect(inPlace.body[0].text).toBe(nl.ui.summary.title);
      card = sent[sent.length - 1];
    }
    return caseId;
  }

  describe('one situation per route, over HTTP', () => {
    it.each([
      ['ownTeam', 'employeeWantsNoAction'],
      ['handOver', 'otherTeam'],
      ['external', 'citizenPerpetrator'],
      ['structural', 'discriminatingRule'],
      ['routedAway', 'managerAccused'],
    ] as const)('the %s route (%s) walks to its end', async (_route, situation) => {
      const user = `manager-${situation}`;
      const caseId = await walkOverHttp(user, situation);
      const row = await chat.store.load(caseId);
      expect(row).toMatchObject({ step: SITUATION_WALKS[situation].end, machineVersion: ESCALATION_MACHINE_VERSION });
      // The HR log gets the coarse route kind, never who did it or who was hit.
      const rows = (await chat.store.hrLog()).filter((row) => row.route === SITUATION_WALKS[situation].route);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(['caseKey', 'categories', 'daysSinceSignal', 'deadlineMet', 'isoWeek', 'orgUnit', 'outcome', 'route', 'rung', 'source', 'transition']);
        expect(JSON.stringify(row)).not.toMatch(/perpetrator|teamMember|otherTeam|citizen"|ruleOrProcedure|"self"/);
      }
    });
  });

  describe('cards and cases of other machine versions', () => {
    it('a click on a card of the previous version gets the current card of its case, never an error, and changes nothing', async () => {
      const user = 'manager-old-card';
      const [card] = await say(user, 'nieuw');
      const record = buttonFor(card, (d) => d?.event === 'RECORD_SIGNAL');
      await click(user, record, { ...SITUATION_WALKS.ownTeam.submits[0]!.inputs, orgUnit: 'Beleid' });
      const before = await chat.store.load(record.data.caseId);
      // A version-1 card carried no machine version and asked "om wie gaat het?".
      const { mv: _mv, ...oldData } = { ...record.data, event: 'RECORD_CONVERSATION', revision: 1 };
      const { answer, inPlace } = await click(user, { verb: 'RECORD_CONVERSATION', data: oldData }, { listened: 'true', subject: 'teamMember' });
      expect(answer.status).toBe(200);
      expect(JSON.stringify(inPlace)).toContain(nl.ui.errors.olderCard.title);
      expect(JSON.stringify(inPlace)).toContain(nl.steps.signalConversation.title);
      expect(await chat.store.load(record.data.caseId)).toEqual(before);
    });

    it('a case saved by a newer machine is answered 503 with Retry-After, so Teams retries and a newer instance answers', async () => {
      const user = 'manager-newer-case';
      const [card] = await say(user, 'nieuw');
      const record = buttonFor(card, (d) => d?.event === 'RECORD_SIGNAL');
      await click(user, record, { ...SITUATION_WALKS.ownTeam.submits[0]!.inputs, orgUnit: 'Beleid' });
      const caseId = record.data.caseId as string;
      const before = await chat.store.load(caseId);
      await chat.harness.exec(`UPDATE cases SET machine_version = ${ESCALATION_MACHINE_VERSION + 1} WHERE id = '${caseId}'`);
      const { answer } = await click(user, { verb: 'open', data: { ew: 1, kind: 'open', caseId } }, {});
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ error: 'caseFromNewerVersion' });
      expect(answer.headers.get('retry-after')).not.toBeNull();
      // The store refuses the newer row; back at this version, it is the row as it was: nothing was written.
      await expect(chat.store.load(caseId)).rejects.toThrow(UnknownMachineVersionError);
      await chat.harness.exec(`UPDATE cases SET machine_version = ${ESCALATION_MACHINE_VERSION} WHERE id = '${caseId}'`);
      expect(await chat.store.load(caseId)).toEqual(before);
    });
  });
});
