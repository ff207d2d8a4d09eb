/**
 * Teams activities → conversation calls, and replies → Teams. What the user did is decided here;
 * what it means is decided in bot/conversation.ts, which knows nothing of botbuilder.
 *
 * | activity                                   | conversation call | reply                                        |
 * |--------------------------------------------|-------------------|----------------------------------------------|
 * | conversationUpdate, members added          | welcome           | welcome card                                 |
 * | message with text                          | onText            | typing, then cards as new messages           |
 * | message with value (Action.Submit fallback) | onCardAction      | typing, then submitted card updated in place + new cards |
 * | invoke adaptiveCard/action (Action.Execute) | onCardAction      | invoke response card/message + new cards     |
 * | installationUpdate remove (personal chat)  | —                 | none; reminders suspended (installation.ts)  |
 *
 * Only in the personal chat. In a channel or group chat everyone reads along, so there a message
 * or card action gets one card that points to the personal chat (personalChatOnlyCard), members joining
 * get no welcome, and nothing is read from or written to the store: in particular the conversation
 * reference that reminders go to stays the personal chat's. Teams shows no typing indicator for
 * invokes, so none is sent there.
 */
import { ActivityTypes, CardFactory, MessageFactory, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { Actor, Conversation, Reply } from '../conversation';
import { localeOf } from '../locale';
import { onAppRemoved } from './installation';
import { isPersonalChat } from './chat-scope';
import { minimalReference } from './minimal-reference';
import { textWithoutOwnMention } from './own-mention';
import type { CaseStore } from '../store/case-store';
import type { Logger } from '../logger';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

export class EscalationHandler extends TeamsActivityHandler {
  constructor(
    private readonly conversation: Conversation,
    private readonly store: CaseStore,
    private readonly log: Logger,
    /** Outside production a client without Entra ids (a local test client) is identified by its channel id. */
    private readonly allowChannelIdAsUser: boolean,
  ) {
    super();

    this.onMembersAdded(async (context, next) => {
      const actor = this.actorOf(context);
      const someoneElse = context.activity.membersAdded?.some((m) => m.id !== context.activity.recipient.id);
      if (actor && someoneElse && isPersonalChat(context.activity)) {
        await this.remember(context, actor);
        await this.deliver(context, this.conversation.welcome(actor));
      }
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      const actor = this.actorOf(context);
      if (actor) await onAppRemoved(context.activity, actor.userId, this.store, this.log);
      await next();
    });

    this.onMessage(async (context, next) => {
      if (!isPersonalChat(context.activity)) {
        await this.showTyping(context);
        await this.deliver(context, { messages: [this.conversation.personalChatOnlyCard(localeOf(context.activity.locale))] });
        await next();
        return;
      }
      const actor = this.actorOf(context);
      if (!actor) {
        await next();
        return;
      }
      await this.showTyping(context);
      await this.remember(context, actor);
      const value = context.activity.value as unknown;
      const reply =
        value !== undefined && value !== null
          ? await this.conversation.onCardAction(actor, value)
          : await this.conversation.onText(actor, textWithoutOwnMention(context.activity));
      await this.deliver(context, reply, context.activity.replyToId);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (!isPersonalChat(context.activity)) {
      // Replaces the clicked card too, so a case card posted here before this check stops showing.
      const card = this.conversation.personalChatOnlyCard(localeOf(context.activity.locale));
      return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } satisfies AdaptiveCardInvokeResponse;
    }
    const actor = this.actorOf(context);
    const action = invokeValue?.action;
    if (!actor || !action || action.type !== 'Action.Execute') {
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Unsupported card action' } };
    }
    await this.remember(context, actor);
    const reply = await this.conversation.onCardAction(actor, action.data ?? {});
    for (const card of reply.messages) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    if (reply.inPlace) return { statusCode: 200, type: CARD_CONTENT_TYPE, value: reply.inPlace } satisfies AdaptiveCardInvokeResponse;
    return { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: reply.notice ?? '' } as unknown as AdaptiveCardInvokeResponse;
  }

  private actorOf(context: TurnContext): Actor | null {
    const from = context.activity.from;
    const userId = from?.aadObjectId || (this.allowChannelIdAsUser ? from?.id : undefined);
    if (!userId) return null;
    return { userId, locale: localeOf(context.activity.locale) };
  }

  /** The conversation reference, for proactive reminders; stored per user. */
  private async remember(context: TurnContext, actor: Actor): Promise<void> {
    await this.store.saveConversationRef(actor.userId, minimalReference(context.activity));
  }

  /**
   * Shows that an answer is coming while the turn works. Only a courtesy: if the Bot Connector
   * refuses it, the answer is still tried.
   */
  private async showTyping(context: TurnContext): Promise<void> {
    try {
      await context.sendActivity({ type: ActivityTypes.Typing });
    } catch (error) {
      this.log.warn('typing indicator failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  /** Submit fallback: the submitted card is updated in place; new cards follow as messages. */
  private async deliver(context: TurnContext, reply: Reply, submittedActivityId?: string): Promise<void> {
    if (reply.inPlace && submittedActivityId) {
      try {
        await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(reply.inPlace)), id: submittedActivityId });
      } catch (error) {
        // Clients that cannot update a message still get the next step; the old card stays stale
        // and any click on it is answered as a stale revision.
        this.log.warn('update in place failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
    const cards = reply.inPlace && !submittedActivityId ? [reply.inPlace, ...reply.messages] : reply.messages;
    for (const card of cards) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }
}
