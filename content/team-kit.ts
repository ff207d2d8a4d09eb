/**
 * The team-discussion kit's texts (content/team-kit.<locale>.yaml): the neutral agenda card for a
 * team channel, and in the manager's personal chat the note on timing, the form that sends the
 * agenda to a team (now or planned) and its confirmations. Policy owners edit the yaml; this
 * module checks its shape, like the other content files. The texts hold no case field: the card
 * is the same for every team and every moment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { contentDir, LOCALES, parseWith } from './load';
import type { Locale } from './load';

const text = z.string().trim().min(1);

/** Why sending the agenda to a team was refused or did not work: each has a text in `personal.errors`. */
export const TEAM_POST_ERRORS = ['notMember', 'membershipUnknown', 'teamGone', 'inPast', 'tooFar', 'alreadySent', 'notDelivered', 'maybeDelivered'] as const;
export type TeamPostError = (typeof TEAM_POST_ERRORS)[number];
const section = z.object({ heading: text, text }).strict();

const teamKitSchema = z
  .object({
    meta: z.object({ locale: z.enum(LOCALES) }).strict(),
    commands: z.array(text.regex(/^[\p{Ll}\d ]+$/u, 'lower case words')).min(1),
    menuDescription: text.max(128),
    card: z
      .object({
        title: text,
        intro: text,
        norm: section,
        bystanders: z
          .object({ heading: text, intro: text, items: z.array(z.object({ name: text, text }).strict()).length(5), source: text })
          .strict(),
        report: section,
        training: z.object({ heading: text, text, button: text, missing: text }).strict(),
        questions: z.object({ heading: text, items: z.array(text).min(1) }).strict(),
      })
      .strict(),
    personal: z
      .object({
        title: text,
        warning: text,
        howTo: text,
        send: z
          .object({
            title: text,
            intro: text,
            teamLabel: text,
            teamError: text,
            unnamedTeam: text,
            whenLabel: text,
            now: text,
            later: text,
            dateLabel: text,
            dateError: text,
            timeLabel: text,
            timeError: text,
            button: text,
            plannedHeading: text,
            plannedLine: text.includes('{team}').includes('{when}'),
            noTeams: text,
          })
          .strict(),
        errors: z.object(Object.fromEntries(TEAM_POST_ERRORS.map((code) => [code, text])) as Record<TeamPostError, typeof text>).strict(),
        done: z
          .object({
            teamFact: text,
            whenFact: text,
            postedTitle: text,
            postedBody: text,
            plannedTitle: text,
            plannedPostedBody: text,
            plannedFailedTitle: text,
            plannedBody: text,
            cancelButton: text,
            cancelledTitle: text,
            cancelledBody: text,
            notCancelledTitle: text,
            notCancelledBody: text,
            notYoursBody: text,
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

export type TeamKitContent = z.infer<typeof teamKitSchema>;

const cache = new Map<string, TeamKitContent>();

export function loadTeamKitContent(locale: Locale, dir: string = contentDir()): TeamKitContent {
  const file = path.resolve(dir, `team-kit.${locale}.yaml`);
  const cached = cache.get(file);
  if (cached) return cached;
  const content = parseWith(teamKitSchema, fs.readFileSync(file, 'utf8'), file);
  if (content.meta.locale !== locale) throw new Error(`Invalid content in ${file}:\n  - meta.locale: expected "${locale}", found "${content.meta.locale}"`);
  cache.set(file, content);
  return content;
}

export function loadAllTeamKitContent(dir: string = contentDir()): Record<Locale, TeamKitContent> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, loadTeamKitContent(locale, dir)])) as Record<Locale, TeamKitContent>;
}
