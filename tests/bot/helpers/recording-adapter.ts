/**
 * The conversation's turns without any SDK: activities go straight to the shared dispatcher
 * (bot/teams/turn-dispatch.ts, over the TurnPort), and what a runtime would send, update or answer
 * is recorded. What botbuilder or the Agents SDK add around a turn is tested over HTTP on both
 * (tests/bot/helpers/runtimes.ts).
 */
import type { ActivityFields } from '../../../bot/teams/activity';
import type { TurnDispatcher } from '../../../bot/teams/turn-dispatch';
import type { Card } from '../../../bot/turn';
import type { Json } from '../../helpers/json';

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** An activity the bot sent: a message with a card, or the typing indicator. */
export interface RecordedActivity {
  type: 'message' | 'typing';
  attachments?: Array<{ contentType: string; content: Json }>;
  /** The message a card update replaces. */
  id?: string;
}

export interface TurnOutput {
  sent: RecordedActivity[];
  updated: RecordedActivity[];
  /** The invoke response, for Action.Execute. */
  invokeResponse?: { status: number; body: Json };
}

const message = (card: Card): RecordedActivity => ({ type: 'message', attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] });

export class RecordingAdapter {
  constructor(private readonly dispatcher: TurnDispatcher) {}

  /** Runs one turn and returns what it sent (messages, not typing) and updated. */
  async turn(activity: ActivityFields): Promise<TurnOutput> {
    const output: TurnOutput = { sent: [], updated: [] };
    await this.dispatcher.run({
      activity,
      sendCard: async (card) => void output.sent.push(message(card)),
      sendTyping: async () => undefined,
      updateCard: async (card, id) => void output.updated.push({ ...message(card), id }),
      answerInvoke: async (status, body) => void (output.invokeResponse = { status, body }),
    });
    return output;
  }
}

/** The Adaptive Card of a sent or updated activity. */
export function cardOf(activity: RecordedActivity | undefined): Json {
  const card = activity?.attachments?.[0]?.content;
  if (!card) throw new Error(`No card in activity: ${JSON.stringify(activity)}`);
  return card;
}
