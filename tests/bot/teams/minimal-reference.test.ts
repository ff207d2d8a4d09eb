import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import { Manager } from '../helpers/conversation-client';

let bot: TestBot;
beforeAll(async () => {
  bot = await createTestBot();
});
afterAll(() => bot.close());

describe('the stored conversation reference', () => {
  it('keeps what a proactive reminder needs and no display names', async () => {
    await bot.adapter.turn({
      type: 'message',
      text: 'help',
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.invalid/emea/',
      id: 'act-ref-1',
      locale: 'nl-NL',
      conversation: { id: 'a:conv-ref', name: 'Chat met Jan Jansen', conversationType: 'personal', isGroup: false, tenantId: 'tenant-1' },
      from: { id: '29:user-ref', name: 'Jan Jansen', aadObjectId: 'user-ref' },
      recipient: { id: '28:bot', name: 'Escalatiewijzer' },
    });

    const ref = await bot.store.conversationRef('user-ref');
    expect(ref).toMatchObject({
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.invalid/emea/',
      conversation: { id: 'a:conv-ref', conversationType: 'personal', tenantId: 'tenant-1' },
      user: { id: '29:user-ref', aadObjectId: 'user-ref' },
      bot: { id: '28:bot' },
    });
    expect(JSON.stringify(ref)).not.toMatch(/Jan Jansen|Escalatiewijzer/);
  });

  it('leaves out the id of the incoming activity, so it stays the same from turn to turn', async () => {
    const manager = new Manager(bot.adapter, 'aad-reference-1');
    await manager.say('help');
    const first = await bot.store.conversationRef('aad-reference-1');
    await manager.say('zaken');
    expect(first).not.toHaveProperty('activityId');
    expect(await bot.store.conversationRef('aad-reference-1')).toEqual(first);
  });
});
