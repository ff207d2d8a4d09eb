import { personalChatLink, personalChatOnlyModel } from '../../cards/personal-chat-only-model';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { loadContent, LOCALES } from '../../content/load';
import { cardActions, cardProblems, schemaErrors } from '../helpers/card-schema';

const APP_ID = '00000000-0000-4000-8000-0000000000e1';

const cards = LOCALES.flatMap((locale): [string, AdaptiveCardJson][] => {
  const content = loadContent(locale);
  return [
    [`with an app id [${locale}]`, renderCard('personal-chat-only', personalChatOnlyModel(content, APP_ID))],
    [`without an app id [${locale}]`, renderCard('personal-chat-only', personalChatOnlyModel(content, ''))],
  ];
});

describe('the "works in the personal chat" card', () => {
  it('validates against the official Adaptive Card 1.5 schema', () => {
    expect(cards.flatMap(([name, card]) => schemaErrors(card).map((e) => `${name}: ${e}`))).toEqual([]);
  });

  it.each(cards)('%s is a well-formed 1.5 card', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
  });

  it.each(LOCALES)('[%s] with an app id: one button that opens the personal chat with the bot, no development note', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('personal-chat-only', personalChatOnlyModel(content, APP_ID));
    expect(cardActions(card)).toEqual([
      expect.objectContaining({ type: 'Action.OpenUrl', title: content.ui.personalChatOnly.openButton, url: `https://teams.microsoft.com/l/chat/0/0?users=28:${APP_ID}` }),
    ]);
    expect(JSON.stringify(card)).not.toContain(content.ui.personalChatOnly.noAppId);
  });

  it.each(LOCALES)('[%s] without an app id (development): no button, the card says why in words', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('personal-chat-only', personalChatOnlyModel(content, ''));
    expect(cardActions(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(content.ui.personalChatOnly.noAppId);
    expect(JSON.stringify(card)).not.toContain('teams.microsoft.com');
  });

  it('carries nothing of a case: only the texts of the card itself', () => {
    for (const locale of LOCALES) {
      const { title, body, openButton } = loadContent(locale).ui.personalChatOnly;
      const card = renderCard('personal-chat-only', personalChatOnlyModel(loadContent(locale), APP_ID));
      const texts = JSON.stringify(card).match(/"(?:text|title)":"[^"]*"/g);
      expect(texts).toEqual([`"text":"${title}"`, `"text":"${body}"`, `"title":"${openButton}"`]);
    }
  });

  it('keeps an app id with characters that mean something in a URL inside the users parameter', () => {
    expect(personalChatLink('a&b=c')).toBe('https://teams.microsoft.com/l/chat/0/0?users=28:a%26b%3Dc');
  });
});
