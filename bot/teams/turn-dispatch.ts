/**
 * Teams activities → TurnPort calls, and replies → Teams, written once for every runtime. What the
 * user did is decided here; what it means is decided in bot/conversation.ts. A runtime hands each
 * turn over as a `TurnChannel` (bot/runtime/botbuilder/handler.ts, bot/runtime/agents/handler.ts).
 *
 * | activity                                   | TurnPort call | reply                                        |
 * |--------------------------------------------|---------------|----------------------------------------------|
 * | conversationUpdate, members added          | welcome       | welcome card                                 |
 * | message with text                          | onText        | typing, then cards as new messages           |
 * | message with value (Action.Submit fallback) | onCardAction | typing, then submitted card updated in place + new cards |
 * | invoke adaptiveCard/action (Action.Execute) | onCardAction | invoke response card/message + new cards     |
 * | installationUpdate remove (personal chat)  | —             | none; reminders suspended (installation.ts)  |
 * | install, rename, removal in a team         | —             | none; the team's reference kept or dropped (team-installation.ts) |
 * | any other invoke                           | —             | none: the SDK answers 501                    |
 *
 * Only in the personal chat. In a channel or group chat everyone reads along, so there a message
 * or card action gets one card that points to the personal chat (personalChatOnlyCard), members joining
 * get no welcome, and nothing of anyone is read from or written to the store: in particular the
 * conversation reference that reminders go to stays the personal chat's. Only the team itself is
 * kept, as its reference without any person (team-installation.ts), for the team-discussion kit. Teams shows no typing indicator for
 * invokes, so none is sent there.
 */
import { localeOf } from '../locale';
import type { Logger } from '../logger';
import type { CaseStore } from '../store/case-store';
import type { Actor, Card, Reply, TurnPort } from '../turn';
import type { ActivityFields } from './activity';
import { isPersonalChat } from './chat-scope';
import { onAppRemoved } from './installation';
import { onTeamAgendaAsked, onTeamEvent } from './team-installation';
import { minimalReference } from './minimal-reference';
import { textWithoutOwnMention } from './own-mention';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_CONTENT_TYPE = 'application/vnd.microsoft.error';

/** One turn as a runtime offers it: the incoming activity and the ways to answer it. */
export interface TurnChannel {
  activity: ActivityFields;
  sendCard(card: Card): Promise<void>;
  sendTyping(): Promise<void>;
  /** Replaces the message `activityId` with `card`. */
  updateCard(card: Card, activityId: string): Promise<void>;
  /** The HTTP answer of an invoke: its status and body. */
  answerInvoke(status: number, body: unknown): Promise<void>;
}

/** Who acts: the sender's Entra object id; outside production a client without one (a local test client) by its channel id. */
export function actorOf(activity: ActivityFields, allowChannelIdAsUser: boolean): Actor | null {
  const from = activity.from;
  const userId = from?.aadObjectId || (allowChannelIdAsUser ? from?.id : undefined);
  if (!userId) return null;
  return { userId, locale: localeOf(activity.locale) };
}

/** An invoke error as Teams expects it in the body of an Action.Execute answer. */
/**
 * What the dispatcher itself does to the store: the team's reference (team-installation.ts), the
 * suspension when the app is removed (installation.ts), and the personal conversation reference.
 */
export type DispatchStore = Pick<CaseStore, 'teams' | 'suspendReminders' | 'saveConversationRef'>;

const invokeError = (code: string, message: string) => ({ statusCode: 400, type: ERROR_CONTENT_TYPE, value: { code, message } });

export class TurnDispatcher {
  constructor(
    private readonly port: TurnPort,
    private readonly store: DispatchStore,
    private readonly log: Logger,
    private readonly allowChannelIdAsUser: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run(turn: TurnChannel): Promise<void> {
    switch (turn.activity.type) {
      case 'conversationUpdate':
        return this.membersAdded(turn);
      case 'installationUpdate':
        return this.installationUpdate(turn);
      case 'message':
        return this.message(turn);
      case 'invoke':
        if (turn.activity.name === 'adaptiveCard/action') return this.cardAction(turn);
        return;
    }
  }

  private async membersAdded(turn: TurnChannel): Promise<void> {
    const { activity } = turn;
    if (await onTeamEvent(activity, this.store.teams, this.now, this.log)) return;
    const actor = actorOf(activity, this.allowChannelIdAsUser);
    const someoneElse = activity.membersAdded?.some((m) => m.id !== activity.recipient?.id);
    if (actor && someoneElse && isPersonalChat(activity)) {
      // A welcome writes nothing else: its reference is stored on its own.
      await this.store.saveConversationRef(actor.userId, minimalReference(activity));
      await this.deliver(turn, this.port.welcome(actor));
    }
  }

  private async installationUpdate({ activity }: TurnChannel): Promise<void> {
    if (await onTeamEvent(activity, this.store.teams, this.now, this.log)) return;
    const actor = actorOf(activity, this.allowChannelIdAsUser);
    if (actor) await onAppRemoved(activity, actor.userId, this.store, this.log);
  }

  private async message(turn: TurnChannel): Promise<void> {
    const { activity } = turn;
    if (!isPersonalChat(activity)) {
      await this.showTyping(turn);
      const agenda = this.port.teamDiscussionCard?.(textWithoutOwnMention(activity)) ?? null;
      await this.deliver(turn, { messages: [agenda ?? this.port.personalChatOnlyCard(localeOf(activity.locale))] });
      if (agenda) await onTeamAgendaAsked(activity, this.store.teams, this.now);
      return;
    }
    const actor = actorOf(activity, this.allowChannelIdAsUser);
    if (!actor) return;
    await this.showTyping(turn);
    const value = activity.value;
    const reply = await this.withReference(activity, actor, (withReference) =>
      value !== undefined && value !== null ? this.port.onCardAction(withReference, value) : this.port.onText(withReference, textWithoutOwnMention(activity)),
    );
    await this.deliver(turn, reply, activity.replyToId);
  }

  private async cardAction(turn: TurnChannel): Promise<void> {
    const { activity } = turn;
    const value = activity.value as { action?: { type?: unknown; data?: unknown } } | undefined;
    if (!value) return turn.answerInvoke(400, invokeError('BadRequest', 'Missing value property'));
    if (value.action?.type !== 'Action.Execute') return turn.answerInvoke(400, invokeError('NotSupported', 'The action is not supported.'));
    if (!isPersonalChat(activity)) {
      // Replaces the clicked card too, so a case card posted here before this check stops showing.
      return turn.answerInvoke(200, { statusCode: 200, type: CARD_CONTENT_TYPE, value: this.port.personalChatOnlyCard(localeOf(activity.locale)) });
    }
    const actor = actorOf(activity, this.allowChannelIdAsUser);
    if (!actor) return turn.answerInvoke(400, invokeError('BadRequest', 'Unsupported card action'));
    const data = value.action.data ?? {};
    const reply = await this.withReference(activity, actor, (withReference) => this.port.onCardAction(withReference, data));
    for (const card of reply.messages) await turn.sendCard(card);
    if (reply.inPlace) return turn.answerInvoke(200, { statusCode: 200, type: CARD_CONTENT_TYPE, value: reply.inPlace });
    return turn.answerInvoke(200, { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: reply.notice ?? '' });
  }

  /**
   * Runs a personal-chat turn with its conversation reference, for proactive reminders; stored per
   * user. A turn that commits a case stores it in that commit (one transaction for the turn); for
   * any other turn (help, a refusal, a conflict, a turn that writes elsewhere) it is stored here
   * afterwards, which writes only when it is new, changed or stale — so a new manager's first
   * message stores it whatever the turn answers.
   */
  private async withReference(activity: ActivityFields, actor: Actor, turn: (actor: Actor) => Promise<Reply>): Promise<Reply> {
    const reference = minimalReference(activity);
    const reply = await turn({ ...actor, reference });
    if (!reply.referenceStored) await this.store.saveConversationRef(actor.userId, reference);
    return reply;
  }

  /**
   * Shows that an answer is coming while the turn works. Only a courtesy: if the Bot Connector
   * refuses it, the answer is still tried.
   */
  private async showTyping(turn: TurnChannel): Promise<void> {
    try {
      await turn.sendTyping();
    } catch (error) {
      this.log.warn('typing indicator failed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  /** Submit fallback: the submitted card is updated in place; new cards follow as messages. */
  private async deliver(turn: TurnChannel, reply: Reply, submittedActivityId?: string): Promise<void> {
    if (reply.inPlace && submittedActivityId) {
      try {
        await turn.updateCard(reply.inPlace, submittedActivityId);
      } catch (error) {
        // Clients that cannot update a message still get the next step; the old card stays stale
        // and any click on it is answered as a stale revision.
        this.log.warn('update in place failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
    const cards = reply.inPlace && !submittedActivityId ? [reply.inPlace, ...reply.messages] : reply.messages;
    for (const card of cards) await turn.sendCard(card);
  }
}
