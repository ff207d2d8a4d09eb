/**
 * The app in a team (issue 21 §2): Teams tells the bot when it is installed in a team, when the team
 * is renamed, and when the app is removed or the team deleted. The bot keeps one reference per team
 * (bot/store/team-references.ts), so a manager can send the team-discussion agenda there from the
 * personal chat; nothing else is read or written for a team, and nobody gets a welcome there.
 *
 * | activity (team scope)                                     | team reference |
 * |-----------------------------------------------------------|----------------|
 * | installationUpdate `add`                                  | saved          |
 * | conversationUpdate `teamMemberAdded` with the bot added   | saved          |
 * | conversationUpdate `teamRenamed` / `teamRestored`         | saved (the new name) |
 * | installationUpdate `remove` / `remove-upgrade`            | removed, with its planned posts |
 * | conversationUpdate `teamMemberRemoved` with the bot removed | removed      |
 * | conversationUpdate `teamDeleted` / `teamArchived`         | removed        |
 * | anything else (someone else joins or leaves the team)     | nothing        |
 *
 * A team that had the app before the bot kept team references sends no installation event again:
 * the first `@Escalatiewijzer teamgesprek` in one of its channels makes its reference instead
 * (`onTeamAgendaAsked`), without touching a reference the bot already has (a message names no team).
 */
import type { Logger } from '../logger';
import type { TeamReferenceStore } from '../store/team-references';
import type { ActivityFields } from './activity';
import { channelDataOf, teamIdOf, teamReferenceOf } from './team-reference';

type Change = 'save' | 'remove' | null;

const isBot = (activity: ActivityFields) => (member: { id?: string }) => member.id !== undefined && member.id === activity.recipient?.id;

function changeOf(activity: ActivityFields): Change {
  if (activity.type === 'installationUpdate') {
    if (activity.action === 'add') return 'save';
    return activity.action === 'remove' || activity.action === 'remove-upgrade' ? 'remove' : null;
  }
  if (activity.type !== 'conversationUpdate') return null;
  switch (channelDataOf(activity).eventType) {
    case 'teamMemberAdded':
      return activity.membersAdded?.some(isBot(activity)) ? 'save' : null;
    case 'teamMemberRemoved':
      return activity.membersRemoved?.some(isBot(activity)) ? 'remove' : null;
    case 'teamRenamed':
    case 'teamRestored':
      return 'save';
    case 'teamDeleted':
    case 'teamArchived':
      return 'remove';
    default:
      return null;
  }
}

/** True when the activity happened in a team, whether or not it changed anything: the caller does nothing else with it. */
export async function onTeamEvent(activity: ActivityFields, teams: TeamReferenceStore, now: () => Date, log: Logger): Promise<boolean> {
  const teamId = teamIdOf(activity);
  if (!teamId) return false;
  const change = changeOf(activity);
  if (change === 'remove') {
    const removed = await teams.removeTeam(teamId);
    // Codes only: never the team's name or id.
    log.info('team reference removed', { removed });
  } else if (change === 'save') {
    const team = teamReferenceOf(activity);
    if (team) await teams.saveTeam(team, now().toISOString());
    log.info('team reference saved', { saved: team !== null });
  }
  return true;
}

/** The agenda was asked for in a team's channel: the team's reference is made if the bot has none (the app predates them). */
export async function onTeamAgendaAsked(activity: ActivityFields, teams: TeamReferenceStore, now: () => Date): Promise<void> {
  const team = teamReferenceOf(activity);
  if (team && !(await teams.team(team.teamId))) await teams.saveTeam(team, now().toISOString());
}
