/**
 * The one card the bot shows outside the personal chat (a channel or group chat, where everyone
 * reads along): where it does work, with a button that opens the manager's own chat with the bot.
 * The deep link needs the bot's Microsoft App Id; without one (development) there is nothing to
 * link to, so the card says that in words instead of offering a button that leads nowhere.
 */
import type { LocaleContent } from '../content/schema';

export interface PersonalChatOnlyModel {
  title: string;
  body: string;
  noAppId: { visible: boolean; text: string };
  open: { visible: boolean; title: string; url: string };
}

/** Teams' deep link to a one-on-one chat with a bot: `28:` marks the bot's id among chat members. */
export function personalChatLink(appId: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(appId)}`;
}

export function personalChatOnlyModel(content: LocaleContent, appId: string): PersonalChatOnlyModel {
  const p = content.ui.personalChatOnly;
  const linked = appId !== '';
  return {
    title: p.title,
    body: p.body,
    noAppId: { visible: !linked, text: p.noAppId },
    open: { visible: linked, title: p.openButton, url: linked ? personalChatLink(appId) : '' },
  };
}
