/** botbuilder's side of a turn: its TurnContext offered to the shared dispatcher (bot/teams/turn-dispatch.ts) as a TurnChannel. */
import { ActivityTypes, CardFactory, MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Card } from '../../turn';
import type { TurnChannel } from '../../teams/turn-dispatch';

const asActivity = (card: Card) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export function botbuilderChannel(context: TurnContext): TurnChannel {
  return {
    activity: context.activity,
    sendCard: async (card) => void (await context.sendActivity(asActivity(card))),
    sendTyping: async () => void (await context.sendActivity({ type: ActivityTypes.Typing })),
    updateCard: async (card, id) => void (await context.updateActivity({ ...asActivity(card), id })),
    answerInvoke: async (status, body) => void (await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } })),
  };
}
