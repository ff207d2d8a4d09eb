import { textWithoutOwnMention } from '../../../bot/teams/own-mention';

const BOT = { id: '28:bot-app-id', name: 'Escalatiewijzer' };
const mentionOf = (account: { id: string; name: string }) => ({ type: 'mention', text: `<at>${account.name}</at>`, mentioned: account });

describe('the text of a message without the bot’s own mention', () => {
  it('removes every mention of the bot, wherever it is, and keeps mentions of people', () => {
    const colleague = { id: '29:colleague', name: 'Jan' };
    expect(textWithoutOwnMention({ recipient: BOT, text: '<at>Escalatiewijzer</at> help', entities: [mentionOf(BOT)] })).toBe('help');
    expect(textWithoutOwnMention({ recipient: BOT, text: 'mijn <at>Escalatiewijzer</at> zaken <at>Escalatiewijzer</at>', entities: [mentionOf(BOT)] })).toBe('mijn   zaken');
    expect(textWithoutOwnMention({ recipient: BOT, text: '<at>Jan</at> <at>Escalatiewijzer</at> help', entities: [mentionOf(colleague), mentionOf(BOT)] })).toBe('<at>Jan</at>   help');
  });

  it('leaves the text alone when the mention is of someone else, or not described by an entity', () => {
    expect(textWithoutOwnMention({ recipient: BOT, text: '<at>Escalatiewijzer</at> help', entities: [mentionOf({ id: '28:another-bot', name: 'Escalatiewijzer' })] })).toBe('<at>Escalatiewijzer</at> help');
    expect(textWithoutOwnMention({ recipient: BOT, text: '<at>Escalatiewijzer</at> help' })).toBe('<at>Escalatiewijzer</at> help');
  });

  it('ignores malformed entities a client can send, where botbuilder’s removeRecipientMention throws', () => {
    const entities = [null, 'mention', { type: 'mention' }, { type: 'mention', text: '', mentioned: BOT }, { type: 'mention', text: 'help', mentioned: null }, { type: 7 }];
    expect(textWithoutOwnMention({ recipient: BOT, text: 'help', entities: entities })).toBe('help');
    expect(textWithoutOwnMention({ recipient: BOT, entities: [mentionOf(BOT)] })).toBe('');
  });
});
