/**
 * A whole case over HTTP, on each runtime: every rung to Afgerond as Teams delivers it to
 * /api/messages — Action.Execute invokes in Dutch, and the Action.Submit fallback in English, whose
 * submitted card is replaced in place (a PUT to the Bot Connector) — with the same case, HR log and
 * replies whichever SDK carries the turns.
 */
import { loadContent } from '../../../content/load';
import { actionFor } from '../helpers/conversation-client';
import { startHttpChatBot } from '../helpers/http-chat-bot';
import type { HttpChatBot } from '../helpers/http-chat-bot';
import { WHOLE_LADDER } from '../helpers/ladder-inputs';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import { TEST_CLOCK_START } from '../helpers/test-bot';
import type { Json } from '../../helpers/json';

const text = (value: unknown) => JSON.stringify(value);
const TRANSITIONS = [
  'signalRecorded', 'conversationRecorded', 'addressPrepared', 'addressHeld', 'factsEstablished', 'sanctionDecided',
  'formalReportStarted', 'reportFiled', 'reportConcluded', 'closed',
];

describe.each(RUNTIMES)('a whole case over HTTP on %s', (runtime) => {
  let chat: HttpChatBot;
  beforeAll(async () => {
    chat = await startHttpChatBot(`whole-case-${runtime}`, TEST_CLOCK_START.toISOString(), runtimeEnv(runtime));
  });
  afterAll(() => chat.close());

  it('in Dutch, with Universal Actions, through every rung to Afgerond', async () => {
    const nl = loadContent('nl');
    let card: Json = (await chat.say('manager-execute', 'nieuw')).at(-1);
    for (const { event, inputs, next } of WHOLE_LADDER) {
      const { answer, inPlace, sent } = await chat.click('manager-execute', actionFor(card, event), inputs);
      expect(answer.status).toBe(200);
      expect(text(inPlace)).toContain(nl.ui.summary.title);
      card = sent.at(-1);
      expect(text(card)).toContain(nl.steps[next as keyof typeof nl.steps].title);
    }
    const [row] = await chat.store.listByOwner('manager-execute');
    expect(row).toMatchObject({ step: 'closed', status: 'closed', revision: WHOLE_LADDER.length });
    const hr = (await chat.store.hrLog()).map((entry) => entry.transition);
    expect(hr.slice(-TRANSITIONS.length)).toEqual(TRANSITIONS);
    expect(await chat.store.conversationRef('manager-execute')).toMatchObject({ conversation: { id: 'a:conv-manager-execute' }, bot: { id: '28:bot' } });
  });

  it('in English, with the Action.Submit fallback updating the submitted card in place', async () => {
    const en = loadContent('en');
    const user = 'manager-submit';
    const cardsSent = (from: number) => chat.stub.calls.slice(from).filter((call) => call.method === 'POST' && call.body?.attachments?.length);
    let before = chat.stub.calls.length;
    await chat.post(user, { type: 'message', text: 'new', locale: 'en-US' });
    for (const { event, inputs, next } of WHOLE_LADDER) {
      const [shown] = cardsSent(before).slice(-1);
      const card = shown!.body.attachments[0].content;
      const action = actionFor(card, event);
      // The stub answers each message with the id `stub-<its place in the call list>`, as the Bot Connector names it.
      const shownId = `stub-${chat.stub.calls.indexOf(shown!) + 1}`;
      before = chat.stub.calls.length;
      const answer = await chat.post(user, { type: 'message', value: { ...(action.fallback?.data ?? action.data), ...inputs }, replyToId: shownId, locale: 'en-US' });
      expect(answer.status).toBe(200);
      const updates = chat.stub.calls.slice(before).filter((call) => call.method === 'PUT');
      expect(updates.map((call) => decodeURIComponent(call.path))).toEqual([`/v3/conversations/a:conv-${user}/activities/${shownId}`]);
      expect(text(updates[0]!.body)).toContain(en.ui.summary.title);
      expect(text(cardsSent(before).at(-1)!.body)).toContain(en.steps[next as keyof typeof en.steps].title);
    }
    const [row] = await chat.store.listByOwner(user);
    expect(row).toMatchObject({ step: 'closed', status: 'closed', revision: WHOLE_LADDER.length });
  });
});
