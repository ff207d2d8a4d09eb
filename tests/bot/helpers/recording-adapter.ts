/**
 * botbuilder's TestAdapter, recording what the bot sent and which activities it updated in place,
 * with a helper that runs one turn and returns exactly what that turn produced.
 */
import { TestAdapter } from 'botbuilder';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';

export interface TurnOutput {
  sent: Partial<Activity>[];
  updated: Partial<Activity>[];
  /** The invoke response, for Action.Execute. */
  invokeResponse?: { status: number; body: any };
}

export class RecordingAdapter extends TestAdapter {
  readonly updated: Partial<Activity>[] = [];

  constructor(handler: ActivityHandler) {
    super((context) => handler.run(context));
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updated.push(activity);
    return super.updateActivity(context, activity);
  }

  /** Runs one turn and returns what it sent and updated. */
  async turn(activity: Partial<Activity>): Promise<TurnOutput> {
    const updatedBefore = this.updated.length;
    this.activeQueue.splice(0);
    await this.processActivity(activity);
    const all = this.activeQueue.splice(0);
    const invoke = all.find((a) => a.type === 'invokeResponse');
    return {
      sent: all.filter((a) => a.type === 'message'),
      updated: this.updated.slice(updatedBefore),
      ...(invoke ? { invokeResponse: invoke.value as { status: number; body: any } } : {}),
    };
  }
}

/** The Adaptive Card of a sent or updated activity. */
export function cardOf(activity: Partial<Activity> | undefined): any {
  const card = activity?.attachments?.[0]?.content;
  if (!card) throw new Error(`No card in activity: ${JSON.stringify(activity)}`);
  return card;
}
