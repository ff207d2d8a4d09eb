/**
 * What a turn is, free of any SDK: who acts, the cards, the reply, and the `TurnPort` that a runtime
 * (bot/runtime/botbuilder/, bot/runtime/agents/) calls with what the user did. A leaf module: the
 * conversation, its helpers and the runtimes all import these types from here, never from each other.
 */
import type { Locale } from '../content/load';

export type Card = Record<string, unknown>;

export interface Actor {
  /** The Entra object id of the sender: the owner of the cases they start. */
  userId: string;
  locale: Locale;
  /**
   * The conversation reference of the personal chat this turn came from, which reminders are sent
   * to (bot/reminders/); none outside it. Stored once per turn: in the turn's commit when the turn
   * commits a case (`TurnWrite.conversationRef`, then its reply says `referenceStored`), otherwise
   * by the dispatcher after the turn, in a write of its own (bot/teams/turn-dispatch.ts).
   */
  reference?: unknown;
}

export interface Reply {
  /** Replaces the card the user acted on: a summary, or the current card after a stale click. */
  inPlace?: Card;
  /** New messages, in order. */
  messages: Card[];
  /** A refusal as one line of text (for clients that show a message instead of a card). */
  notice?: string;
  /** The turn's commit stored the actor's conversation reference: the dispatcher need not. */
  referenceStored?: true;
}

/** The conversation as every runtime sees it (implemented by bot/conversation.ts). */
export interface TurnPort {
  /** The first card, when the app is added to a personal chat. */
  welcome(actor: Actor): Reply;
  /** A typed message, the bot's own @mention removed. */
  onText(actor: Actor, text: string): Promise<Reply>;
  /** A card button: Action.Execute's data, or the Action.Submit fallback's value. */
  onCardAction(actor: Actor, value: unknown): Promise<Reply>;
  /** The one answer outside the personal chat: nothing of anyone's cases, only the way to the personal chat. */
  personalChatOnlyCard(locale: Locale): Card;
  /** In a channel or group chat: the team-discussion kit's agenda when `text` asks for it, else null (bot/team-kit/). */
  teamDiscussionCard?(text: string): Card | null;
}
