/**
 * The conversation reference each turn stores for proactive reminders: everything needed to reach
 * the manager's chat, and not the id of the activity that happened to bring it (which differs every
 * turn and would make the store rewrite the reference on every turn).
 */
import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import { Manager } from '../helpers/conversation-client';

describe('the stored conversation reference', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await createTestBot();
  });
  afterEach(() => bot.close());

  it('reaches the chat of the manager and stays the same from turn to turn', async () => {
    const manager = new Manager(bot.adapter, 'aad-reference-1');
    await manager.say('help');
    const first = (await bot.store.conversationRef('aad-reference-1')) as Record<string, any>;
    await manager.say('zaken');
    const second = await bot.store.conversationRef('aad-reference-1');

    expect(first).toMatchObject({
      conversation: { id: 'conv-aad-reference-1' },
      serviceUrl: 'https://smba.example.invalid/',
      channelId: 'msteams',
      user: { aadObjectId: 'aad-reference-1' },
      locale: 'nl-NL',
    });
    expect(first).not.toHaveProperty('activityId');
    expect(second).toEqual(first);
  });
});
