/**
 * The team-discussion kit (issue 21 §2): `@Escalatiewijzer teamgesprek` in a team channel or group
 * chat posts a neutral agenda card — the norm, the 5 D's for bystanders, where to go, the
 * organisation's training — and nothing else. The card is built from content and one setting only
 * (TEAM_TRAINING_URL): no case, no user and no store go in, so it cannot carry case content. The
 * team's reference (no person in it) is kept when the app is installed in the team, or the first
 * time the agenda is asked for in a team the bot knew no reference of (bot/teams/team-installation.ts);
 * it is never used for reminders.
 *
 * In the personal chat the same words answer with the agenda plus a note to the manager: a card
 * posted right after an incident can reveal that something happened, so plan it as a standing
 * item. From there the manager can send it to a team, now or planned (team-post-turns.ts). The kit
 * never names or links a case.
 */
import { renderCard } from '../../cards/render';
import { teamAgendaModel } from '../../cards/team-agenda-model';
import { LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import type { TeamKitContent } from '../../content/team-kit';
import type { Card } from '../turn';

/** A typed text as commands are compared: no markup, lower case, single spaces, no end punctuation. */
export function normalizedCommand(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?]+$/, '');
}

export class TeamDiscussionKit {
  constructor(
    private readonly contents: Record<Locale, TeamKitContent>,
    private readonly trainingUrl: string | null,
  ) {}

  /** The language of the kit's command this text is, or null when it is no request for the kit. */
  requestedIn(text: string): Locale | null {
    const command = normalizedCommand(text);
    return LOCALES.find((locale) => this.contents[locale].commands.includes(command)) ?? null;
  }

  /** The agenda as the team sees it. */
  agendaCard(locale: Locale): Card {
    return renderCard('team-agenda', teamAgendaModel(this.contents[locale], this.trainingUrl));
  }

  /** The agenda with the note on timing and how to post it, for the manager's personal chat. */
  managerCard(locale: Locale): Card {
    return renderCard('team-agenda', teamAgendaModel(this.contents[locale], this.trainingUrl, true));
  }
}
