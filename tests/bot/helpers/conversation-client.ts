/**
 * A manager in a test: talks to the real conversation (through the shared dispatcher, no SDK), clicks card buttons the
 * way Teams does — Action.Execute as an `adaptiveCard/action` invoke, or the Action.Submit fallback
 * as a message with `value` — and keeps the last card it received.
 */
import type { ActivityFields } from '../../../bot/teams/activity';
import { cardOf } from './recording-adapter';
import type { RecordingAdapter, TurnOutput } from './recording-adapter';
import type { Json } from '../../helpers/json';

/** Every Action.Execute in a card (body, action sets, show-card actions, fallbacks excluded). */
export function executeActions(card: Json): Json[] {
  const found: Json[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') found.push(node);
    for (const [key, value] of Object.entries(node)) if (key !== 'fallback') walk(value);
  };
  walk(card);
  return found;
}

export function actionFor(card: Json, event: string): Json {
  const action = executeActions(card).find((a) => a.data?.event === event || a.data?.command === event || a.verb === event);
  if (!action) throw new Error(`No action ${event} in card: ${executeActions(card).map((a) => a.data?.event ?? a.data?.command ?? a.verb).join(', ')}`);
  return action;
}

let sequence = 0;

export class Manager {
  lastCard: Json = null;
  private replyTo = 'card-0';

  constructor(
    readonly adapter: RecordingAdapter,
    readonly aadObjectId: string,
    readonly locale: 'nl-NL' | 'en-US' = 'nl-NL',
    /** Where replies and proactive messages go: the stored conversation reference points here. */
    readonly serviceUrl = 'https://smba.example.invalid/',
  ) {}

  private activity(extra: ActivityFields): ActivityFields {
    sequence += 1;
    return {
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      conversation: { id: `conv-${this.aadObjectId}`, conversationType: 'personal', isGroup: false, name: '' },
      from: { id: `29:${this.aadObjectId}`, name: 'Manager', aadObjectId: this.aadObjectId },
      recipient: { id: '28:bot', name: 'Escalatiewijzer' },
      locale: this.locale,
      id: `act-${sequence}`,
      ...extra,
    };
  }

  private remember(out: TurnOutput): TurnOutput {
    const last = out.sent.filter((a) => a.attachments?.length).pop();
    if (last) {
      this.lastCard = cardOf(last);
      this.replyTo = `card-${sequence}`;
    }
    return out;
  }

  async say(text: string): Promise<TurnOutput> {
    return this.remember(await this.adapter.turn(this.activity({ type: 'message', text })));
  }

  /** Clicks a button with Action.Execute (Universal Actions). */
  async execute(event: string, inputs: Record<string, unknown> = {}, card: Json = this.lastCard): Promise<TurnOutput> {
    const action = actionFor(card, event);
    const out = await this.adapter.turn(
      this.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', id: 'a', verb: action.verb, data: { ...action.data, ...inputs } }, trigger: 'manual' } }),
    );
    return this.remember(out);
  }

  /** Clicks a button the way clients without Universal Actions do (Action.Submit fallback). */
  async submit(event: string, inputs: Record<string, unknown> = {}, card: Json = this.lastCard): Promise<TurnOutput> {
    const action = actionFor(card, event);
    const data = action.fallback?.data ?? action.data;
    return this.remember(await this.adapter.turn(this.activity({ type: 'message', value: { ...data, ...inputs }, replyToId: this.replyTo })));
  }

  /** Sends a raw card payload, as a forged or broken client would. */
  async sendValue(value: unknown): Promise<TurnOutput> {
    return this.remember(await this.adapter.turn(this.activity({ type: 'message', value })));
  }

  async invokeRaw(data: unknown): Promise<TurnOutput> {
    return this.remember(await this.adapter.turn(this.activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', id: 'a', verb: 'x', data } } })));
  }
}
