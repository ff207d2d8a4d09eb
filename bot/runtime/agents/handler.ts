/** The Agents SDK's side of a turn: its TurnContext offered to the shared dispatcher (bot/teams/turn-dispatch.ts). */
import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { TurnChannel } from '../../teams/turn-dispatch';
import type { Card } from '../../turn';

export const cardMessage = (card: Card): Activity => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export function agentsChannel(context: TurnContext): TurnChannel {
  return {
    activity: context.activity,
    sendCard: async (card) => void (await context.sendActivity(cardMessage(card))),
    sendTyping: async () => void (await context.sendActivity(Activity.fromObject({ type: ActivityTypes.Typing }))),
    updateCard: async (card, id) => void (await context.updateActivity(Activity.fromObject({ ...cardMessage(card), id }))),
    answerInvoke: async (status, body) => void (await context.sendActivity(Activity.fromObject({ type: ActivityTypes.InvokeResponse, value: { status, body } }))),
  };
}
