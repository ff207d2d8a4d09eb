import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';

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
});
