/**
 * One turn, one transaction (issue 20 §2): the personal chat's conversation reference, which
 * reminders go to, is written in the commit of a turn that commits a case, and on its own only by a
 * turn that commits nothing; so is a new manager's first unit, chosen on their first signal card.
 * Counted on the real SQLite store the bot runs on: the spies only count the store's calls and pass
 * each one through.
 */
import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import { Manager } from '../helpers/conversation-client';
import { CONVERSATION, SIGNAL } from '../helpers/ladder-inputs';

let bot: TestBot;
beforeEach(async () => {
  bot = await createTestBot();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await bot.close();
});

/** The store's writes of the turns that run meanwhile. */
function countWrites() {
  return { commits: jest.spyOn(bot.store, 'commit'), ownReferenceWrites: jest.spyOn(bot.store, 'saveConversationRef') };
}

/** The names of all the store's calls that run meanwhile, in order; each goes through to the real store. */
function recordStoreCalls(): () => string[] {
  const store = bot.store as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter((name) => name !== 'constructor' && typeof store[name] === 'function');
  const spies = names.map((name) => ({ name, spy: jest.spyOn(store, name) }));
  return () =>
    spies
      .flatMap(({ name, spy }) => spy.mock.invocationCallOrder.map((order) => ({ name, order })))
      .sort((a, b) => a.order - b.order)
      .map(({ name }) => name);
}

/** A new case's signal card, as `nieuw` shows it to another manager: clicking it is a new manager's first turn. */
async function signalCard() {
  const other = new Manager(bot.adapter, 'aad-dispatch-other');
  await other.say('nieuw');
  return other.lastCard;
}

describe("the personal chat's conversation reference", () => {
  it("is written in the commit of a turn that records a step, also a new manager's first turn, and by no write of its own", async () => {
    const card = await signalCard();
    const manager = new Manager(bot.adapter, 'aad-dispatch-new');
    const { commits, ownReferenceWrites } = countWrites();

    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Beleid' }, card);
    await manager.execute('RECORD_CONVERSATION', CONVERSATION);

    expect(commits).toHaveBeenCalledTimes(2);
    const committed = commits.mock.calls.map(([turn]) => turn.conversationRef);
    expect(committed[0]).toMatchObject({ serviceUrl: manager.serviceUrl, conversation: { id: 'conv-aad-dispatch-new', conversationType: 'personal' } });
    expect(committed[1]).toEqual(committed[0]);
    expect(ownReferenceWrites).not.toHaveBeenCalled();
    expect(await bot.store.conversationRef('aad-dispatch-new')).toEqual(committed[0]);
  });

  it('is written on its own by a turn that commits nothing: a question, and a refused first click', async () => {
    const card = await signalCard();
    const owner = new Manager(bot.adapter, 'aad-dispatch-owner');
    await owner.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Beleid' }, card);
    const { commits, ownReferenceWrites } = countWrites();

    await new Manager(bot.adapter, 'aad-dispatch-help').say('help');
    // The same card again, by someone who never talked to the bot: not their case, nothing committed.
    await new Manager(bot.adapter, 'aad-dispatch-late').execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Beleid' }, card);

    expect(commits).not.toHaveBeenCalled();
    expect(ownReferenceWrites.mock.calls.map(([ownerId]) => ownerId)).toEqual(['aad-dispatch-help', 'aad-dispatch-late']);
    expect(await bot.store.conversationRef('aad-dispatch-help')).toMatchObject({ conversation: { id: 'conv-aad-dispatch-help' } });
    expect(await bot.store.conversationRef('aad-dispatch-late')).toMatchObject({ conversation: { id: 'conv-aad-dispatch-late' } });
  });

  it('is never written from a group chat', async () => {
    const { commits, ownReferenceWrites } = countWrites();
    await bot.adapter.turn({
      type: 'message',
      text: 'nieuw',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.invalid/',
      conversation: { id: '19:chat-of-three@thread.v2', conversationType: 'groupChat', isGroup: true },
      from: { id: '29:aad-dispatch-group', aadObjectId: 'aad-dispatch-group' },
      recipient: { id: '28:bot' },
      locale: 'nl-NL',
    });
    expect(commits).not.toHaveBeenCalled();
    expect(ownReferenceWrites).not.toHaveBeenCalled();
    expect(await bot.store.conversationRef('aad-dispatch-group')).toBeNull();
  });
});

describe("a new manager's first click on a signal card", () => {
  it('sets their unit in the one commit of the turn: two reads (the case, their units), one write transaction, no setManagerUnits of its own', async () => {
    const card = await signalCard();
    const manager = new Manager(bot.adapter, 'aad-dispatch-first-unit');
    const storeCalls = recordStoreCalls();

    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, orgUnit: 'Staf' }, card);

    expect(storeCalls()).toEqual(['load', 'managerUnits', 'commit']);
    expect(await bot.store.managerUnits('aad-dispatch-first-unit')).toEqual(['Staf']);
    expect(await bot.store.conversationRef('aad-dispatch-first-unit')).toMatchObject({ conversation: { id: 'conv-aad-dispatch-first-unit' } });
  });
});
