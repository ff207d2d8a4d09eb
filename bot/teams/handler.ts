/**
 * Teams activities → conversation calls, and replies → Teams. What the user did is decided here;
 * what it means is decided in bot/conversation.ts, which knows nothing of botbuilder.
 *
 * | activity                                   | conversation call | reply                                        |
 * |--------------------------------------------|-------------------|----------------------------------------------|
 * | conversationUpdate, members added          | welcome           | welcome card                                 |
 * | message with text                          | onText            | cards as new messages                        |
 * | message with value (Action.Submit fallback) | onCardAction      | submitted card updated in place + new cards  |
 * | invoke adaptiveCard/action (Action.Execute) | onCardAction      | invoke response card/message + new cards     |
 * | installationUpdate remove (personal chat)  | —                 | none; reminders suspended (installation.ts)  |
 */
import { CardFactory, MessageFactory, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { Actor, Conversation, Reply } from '../conversation';
import { localeOf } from '../locale';
import { onAppRemoved } from './installation';
import { minimalReference } from './minimal-reference';
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
      if (actor && context.activity.membersAdded?.some((m) => m.id !== context.activity.recipient.id)) {
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
      const actor = this.actorOf(context);
      if (!actor) {
        await next();
        return;
      }
      await this.remember(context, actor);
      const value = context.activity.value as unknown;
      const reply =
        value !== undefined && value !== null
          ? await this.conversation.onCardAction(actor, value)
          : await this.conversation.onText(actor, context.activity.text ?? '');
      await this.deliver(context, reply, context.activity.replyToId);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
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
