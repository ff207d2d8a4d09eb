/**
 * The card gallery for content owners: `npm run gallery -- --out DIR [--png]`.
 * Writes every card of every reachable step × locale to `DIR/<name>.<locale>.json`, plus the
 * summaries, errors and other cards, and `DIR/index.html` that draws them with the `adaptivecards`
 * renderer and the Microsoft Teams light host config, `DIR/index-dark.html` with the dark one (no network). `--png` adds one Chromium
 * screenshot per card (`DIR/<name>.<locale>.png`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchLocalChromium } from './chromium';
import { escapeHtml } from '../flows/escape-html';
import { loadContent, loadMeldkanalen, LOCALES, projectRoot } from '../content/load';
import type { Locale } from '../content/load';
import { UI_ERROR_CODES } from '../content/schema';
import type { UiErrorCode } from '../content/schema';
import { EVENT_TYPES } from '../flows/escalation/events';
import { representativeStates, reachableStates, SAMPLE_EVENTS, SAMPLE_OPENED_AT } from '../flows/escalation/explore';
import { advance, stepOf } from '../flows/escalation/ladder';
import { exploredStepInput } from '../cards/explored-step-input';
import type { ReachableState } from '../flows/escalation/explore';
import { renderCard, renderStepCard } from '../cards/render';
import type { AdaptiveCardJson } from '../cards/render';
import {
  errorModel,
  helpModel,
  myCasesModel,
  reportChannelsModel,
  stepCardModel,
  summaryModel,
  welcomeModel,
} from '../cards/view-models';
import type { StepCardInput } from '../cards/view-models';
import { appraisalAfterModel, appraisalBeforeModel, appraisalRecordedModel } from '../cards/appraisal-models';
import { digestModel, reminderAnswerModel, reminderCardModel, reminderSettingsModel } from '../cards/reminder-models';
import { caseDeletedModel, deleteConfirmModel, deleteListModel, myDataCardModel } from '../cards/data-rights-models';
import { unitConfirmModel, unitDoneModel, unitSettingsModel } from '../cards/unit-settings-model';
import { handoverAcceptModel, handoverCodeModel, handoverDoneModel, handoverEnterCodeModel, handoverListModel, handoverProposeModel, handoverWithdrawnModel } from '../cards/handover-models';
import { personalChatOnlyModel } from '../cards/personal-chat-only-model';
import { teamAgendaModel } from '../cards/team-agenda-model';
import { teamPostCancelledModel, teamPostDoneModel, teamPostFormModel, teamPostOutcomeModel, teamPostRefusedModel } from '../cards/team-post-model';
import { loadTeamKitContent } from '../content/team-kit';
import { REMINDER_KINDS } from '../flows/escalation/effects';
import { situationAnswerModel } from '../cards/situation-answer-model';
import { loadSituationsContent } from '../content/situations';
import { SITUATION_IDS } from '../flows/situations';

export interface GalleryCard {
  /** File stem: `step-signalRecord`, `summary-CLOSE`, `error-invalidInput`, … */
  name: string;
  locale: Locale;
  card: AdaptiveCardJson;
}

export interface GalleryOptions {
  out: string;
  png: boolean;
}

/** Sample values that are no case data: fixed so that the gallery is the same on every run. */
const SAMPLE_TODAY = SAMPLE_OPENED_AT.slice(0, 10);
const SAMPLE_CASE_ID = 'gallery-case';
const SAMPLE_ORG_UNITS = ['DG-A', 'DG-B', 'Uitvoering-C'];
const SAMPLE_INVALID_FIELDS = ['categories', 'signalDate'];
const SAMPLE_TOKEN = 'gallery-token-0000';
/** A normalized hand-over code, as the acceptance button carries it. */
const SAMPLE_HANDOVER_CODE = 'K7QM3XPD9RTWHC2F';
const SAMPLE_DUE = `${SAMPLE_TODAY}T07:00:00.000Z`;
const SAMPLE_APP_ID = '00000000-0000-4000-8000-000000000000';
const SAMPLE_TRAINING_URL = 'https://leren.example.nl/omgangsvormen';
/** The teams the team-discussion kit may post to: sample names, and a team Teams gave no name. */
const SAMPLE_TEAMS = [
  { teamId: '19:gallery-team-1@thread.tacv2', name: 'Team Beleid' },
  { teamId: '19:gallery-team-2@thread.tacv2', name: '' },
];
const SAMPLE_FORM_ID = 'gallery-form-000000';

function stepInput(state: ReachableState, locale: Locale, extra: Partial<StepCardInput> = {}): StepCardInput {
  return exploredStepInput(state, loadContent(locale), locale, {
    caseId: SAMPLE_CASE_ID,
    today: SAMPLE_TODAY,
    orgUnits: SAMPLE_ORG_UNITS,
    needsOrgUnit: true,
    // A manager's first signal: the unit they choose becomes theirs, and the card says so.
    orgUnitHint: loadContent(locale).ui.orgUnitSettings.fieldHint,
    ...extra,
  });
}

/** For each event type, the first state (shortest path) that accepts its sample event. */
function summarySamples() {
  const states = reachableStates().sort((a, b) => a.path.length - b.path.length);
  return EVENT_TYPES.flatMap((type) => {
    for (const event of SAMPLE_EVENTS.filter((e) => e.type === type)) {
      for (const state of states) {
        const result = advance(state.snapshot, event);
        if (result.accepted) return [{ event, recordedStep: state.step, nextStep: stepOf(result.snapshot) }];
      }
    }
    return [];
  });
}

/** Every card the gallery shows, per locale. Pure apart from reading the content files. */
export function galleryCards(): GalleryCard[] {
  const representatives = representativeStates();
  const summaries = summarySamples();
  const meldkanalen = loadMeldkanalen();
  const cards: GalleryCard[] = [];
  for (const locale of LOCALES) {
    const content = loadContent(locale);
    const add = (name: string, card: AdaptiveCardJson) => cards.push({ name, locale, card });
    for (const [step, state] of representatives) add(`step-${step}`, renderStepCard(stepCardModel(stepInput(state, locale))));
    const signalRecord = representatives.get('signalRecord');
    if (signalRecord) {
      add(
        'step-signalRecord-invalidInput',
        renderStepCard(stepCardModel(stepInput(signalRecord, locale, { needsOrgUnit: false, error: { code: 'invalidInput', fields: SAMPLE_INVALID_FIELDS } }))),
      );
    }
    for (const [step, state] of representatives) add(`step-${step}-explained`, renderStepCard(stepCardModel(stepInput(state, locale, { explain: true }))));
    const sanction = representatives.get('sanction');
    if (sanction) add('step-sanction-hrNotConsulted', renderStepCard(stepCardModel(stepInput(sanction, locale, { error: { code: 'hrNotConsulted' } }))));
    for (const sample of summaries) {
      add(`summary-${sample.event.type}`, renderCard('summary', summaryModel({ content, caseId: SAMPLE_CASE_ID, noteStored: true, ...sample })));
    }
    add('welcome', renderCard('welcome', welcomeModel(content)));
    add('help', renderCard('help', helpModel(content)));
    const cases = [...representatives.values()].map((state, index) => ({
      caseId: `${SAMPLE_CASE_ID}-${index + 1}`,
      step: state.step,
      updatedAt: SAMPLE_OPENED_AT,
      context: state.snapshot.context,
    }));
    add('my-cases', renderCard('my-cases', myCasesModel(content, cases)));
    add('my-cases-empty', renderCard('my-cases', myCasesModel(content, [])));
    for (const code of UI_ERROR_CODES as readonly UiErrorCode[]) {
      add(`error-${code}`, renderCard('error', errorModel(content, code, code === 'invalidInput' ? { fields: SAMPLE_INVALID_FIELDS } : {})));
    }
    add('report-channels', renderCard('report-channels', reportChannelsModel(content, meldkanalen, locale)));
    const situations = loadSituationsContent(locale, content);
    for (const situation of SITUATION_IDS) add(`situation-${situation}`, renderCard('situation-answer', situationAnswerModel({ content, situations, situation })));
    add('situation-with-open-case', renderCard('situation-answer', situationAnswerModel({ content, situations, situation: 'teamChat', openCase: cases.find((c) => c.context.signal !== undefined)! })));
    add('situation-no-match', renderCard('situation-answer', situationAnswerModel({ content, situations, situation: null })));

    const reminded = representatives.get('addressPrepare');
    if (reminded) {
      const remindedCase = { caseId: SAMPLE_CASE_ID, step: reminded.step, context: reminded.snapshot.context };
      for (const kind of REMINDER_KINDS) {
        add(`reminder-${kind}`, renderCard('reminder', reminderCardModel(content, { id: 'gallery-reminder', kind, dueAt: SAMPLE_DUE }, remindedCase)));
      }
      add('reminder-snoozed', renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'snoozed', until: SAMPLE_DUE }, SAMPLE_CASE_ID)));
      add('reminder-dismissed', renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'dismissed' }, SAMPLE_CASE_ID)));
      add('reminder-gone', renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'gone' }, SAMPLE_CASE_ID)));
      add('digest', renderCard('digest', digestModel(content, [{ ...remindedCase, due: [{ kind: 'addressOverdue', dueAt: SAMPLE_DUE }] }])));
      const handedOver = { ...remindedCase, updatedAt: SAMPLE_DUE, revision: 3, orgUnit: SAMPLE_ORG_UNITS[0]! };
      for (const includeNotes of [false, true]) {
        add(`handover-accept${includeNotes ? '-with-notes' : ''}`, renderCard('notice', handoverAcceptModel(content, { code: SAMPLE_HANDOVER_CODE, includeNotes, case: handedOver })));
      }
      add('handover-accept-changed', renderCard('notice', handoverAcceptModel(content, { code: SAMPLE_HANDOVER_CODE, includeNotes: false, case: handedOver }, true)));
    }
    add('reminder-settings', renderCard('notice', reminderSettingsModel(content, false)));
    add('unit-settings', renderCard('unit-settings', unitSettingsModel(content, SAMPLE_ORG_UNITS.slice(0, 2), SAMPLE_ORG_UNITS)));
    add('unit-confirm', renderCard('notice', unitConfirmModel(content, 'add', SAMPLE_ORG_UNITS[2]!, SAMPLE_ORG_UNITS.slice(0, 2), SAMPLE_ORG_UNITS)));
    add('unit-done', renderCard('notice', unitDoneModel(content, SAMPLE_ORG_UNITS, true)));
    add('appraisal-before', renderCard('appraisal-before', appraisalBeforeModel(content, SAMPLE_TOKEN)));
    add('appraisal-after', renderCard('appraisal-after', appraisalAfterModel({ content, token: SAMPLE_TOKEN, orgUnits: SAMPLE_ORG_UNITS, needsOrgUnit: true })));
    for (const recorded of ['askedNothingSignalled', 'askedSignalled', 'notAsked'] as const) {
      add(`appraisal-recorded-${recorded}`, renderCard('notice', appraisalRecordedModel(content, recorded)));
    }
    add('my-data', renderCard('my-data', myDataCardModel(content, `http://localhost:3978/tab/my-data/${SAMPLE_TOKEN}`, 10)));
    add('delete-list', renderCard('my-cases', deleteListModel(content, cases)));
    add('delete-confirm', renderCard('notice', deleteConfirmModel(content, { ...cases[0]!, revision: 3 })));
    add('delete-confirm-changed', renderCard('notice', deleteConfirmModel(content, { ...cases[0]!, revision: 4 }, true)));
    add('case-deleted', renderCard('notice', caseDeletedModel(content)));
    add('handover-list', renderCard('my-cases', handoverListModel(content, cases)));
    add('handover-propose', renderCard('handover-propose', handoverProposeModel(content, cases[0]!)));
    for (const includeNotes of [false, true]) {
      const code = { caseId: SAMPLE_CASE_ID, code: 'K7QM-3XPD-9RTW-HC2F', expiresAt: SAMPLE_DUE, hours: 72, includeNotes };
      add(`handover-code${includeNotes ? '-with-notes' : ''}`, renderCard('notice', handoverCodeModel(content, code)));
      add(`handover-done${includeNotes ? '-with-notes' : ''}`, renderCard('notice', handoverDoneModel(content, { caseId: SAMPLE_CASE_ID, notesMoved: includeNotes })));
    }
    add('handover-withdrawn', renderCard('notice', handoverWithdrawnModel(content, true)));
    add('handover-not-withdrawn', renderCard('notice', handoverWithdrawnModel(content, false)));
    add('handover-enter-code', renderCard('notice', handoverEnterCodeModel(content)));
    add('personal-chat-only', renderCard('personal-chat-only', personalChatOnlyModel(content, SAMPLE_APP_ID)));
    add('personal-chat-only-development', renderCard('personal-chat-only', personalChatOnlyModel(content, '')));
    const teamKit = loadTeamKitContent(locale);
    add('team-agenda', renderCard('team-agenda', teamAgendaModel(teamKit, SAMPLE_TRAINING_URL)));
    add('team-agenda-no-training', renderCard('team-agenda', teamAgendaModel(teamKit, null)));
    add('team-agenda-manager', renderCard('team-agenda', teamAgendaModel(teamKit, SAMPLE_TRAINING_URL, true)));
    const postForm = { formId: SAMPLE_FORM_ID, locale, teams: SAMPLE_TEAMS, today: SAMPLE_TODAY };
    add('team-post-form', renderCard('team-post-form', teamPostFormModel(teamKit, postForm)));
    add('team-post-form-planned', renderCard('team-post-form', teamPostFormModel(teamKit, { ...postForm, planned: [{ id: SAMPLE_FORM_ID, teamName: SAMPLE_TEAMS[0]!.name, dueAt: SAMPLE_DUE }] })));
    add('team-post-form-no-teams', renderCard('team-post-form', teamPostFormModel(teamKit, { ...postForm, teams: [] })));
    add('team-post-form-notMember', renderCard('team-post-form', teamPostFormModel(teamKit, { ...postForm, prefill: { team: SAMPLE_TEAMS[0]!.teamId }, error: { field: 'team', error: 'notMember' } })));
    add('team-post-form-inPast', renderCard('team-post-form', teamPostFormModel(teamKit, { ...postForm, prefill: { team: SAMPLE_TEAMS[0]!.teamId, when: 'later', date: SAMPLE_TODAY, time: '08:00' }, error: { field: 'date', error: 'inPast' } })));
    add('team-post-posted', renderCard('notice', teamPostDoneModel(teamKit, locale, { id: SAMPLE_FORM_ID, teamName: SAMPLE_TEAMS[0]!.name, dueAt: SAMPLE_DUE, planned: false })));
    add('team-post-planned', renderCard('notice', teamPostDoneModel(teamKit, locale, { id: SAMPLE_FORM_ID, teamName: SAMPLE_TEAMS[0]!.name, dueAt: SAMPLE_DUE, planned: true })));
    add('team-post-planned-posted', renderCard('notice', teamPostOutcomeModel(teamKit, locale, { teamName: SAMPLE_TEAMS[0]!.name, dueAt: SAMPLE_DUE }, null)));
    add('team-post-planned-failed', renderCard('notice', teamPostOutcomeModel(teamKit, locale, { teamName: SAMPLE_TEAMS[0]!.name, dueAt: SAMPLE_DUE }, 'notMember')));
    add('team-post-already-sent', renderCard('notice', teamPostRefusedModel(teamKit, 'alreadySent')));
    for (const outcome of ['cancelled', 'notPlanned', 'notYours'] as const) add(`team-post-${outcome}`, renderCard('notice', teamPostCancelledModel(teamKit, outcome)));
  }
  return cards;
}

/** Teams' two themes: the gallery draws every card in each, `index.html` light and `index-dark.html` dark. */
export const GALLERY_THEMES = ['light', 'dark'] as const;
export type GalleryTheme = (typeof GALLERY_THEMES)[number];

export const galleryPage = (theme: GalleryTheme) => (theme === 'light' ? 'index.html' : `index-${theme}.html`);

const hostConfigFile = (theme: GalleryTheme) => `hostconfig-microsoft-teams-${theme}.json`;

/** Microsoft's Teams host configs, carried in the repository (source and licence in `cards/schema/README.md`). */
function hostConfigPath(theme: GalleryTheme): string {
  return path.join(projectRoot(__dirname), 'cards', 'schema', hostConfigFile(theme));
}

/** A host config colour (`#AARRGGBB` or `#RRGGBB`) as CSS. */
function cssColour(colour: string): string {
  return /^#[0-9a-f]{8}$/i.test(colour) ? `#${colour.slice(3)}` : colour;
}

/** JSON inside a <script> element: `<` escaped so card text can never close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

interface HostConfigColours {
  containerStyles: { default: { backgroundColor: string; foregroundColors: { default: { default: string } } } };
}

function indexHtml(cards: GalleryCard[], hostConfig: HostConfigColours, theme: GalleryTheme): string {
  const background = cssColour(hostConfig.containerStyles.default.backgroundColor);
  const foreground = cssColour(hostConfig.containerStyles.default.foregroundColors.default.default);
  const names = [...new Set(cards.map((c) => c.name))];
  const rows = names
    .map((name) => {
      const cells = LOCALES.map((locale) => {
        const id = `${name}.${locale}`;
        return `<div class="cell"><h3>${escapeHtml(locale)} · <a href="${escapeHtml(id)}.json">${escapeHtml(id)}.json</a></h3><div class="card" id="card-${escapeHtml(id)}" data-card="${escapeHtml(id)}"></div></div>`;
      }).join('');
      return `<section id="${escapeHtml(name)}"><h2>${escapeHtml(name)}</h2><div class="row">${cells}</div></section>`;
    })
    .join('\n');
  const data = Object.fromEntries(cards.map((c) => [`${c.name}.${c.locale}`, c.card]));
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Escalatiewijzer — card gallery</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; background: ${theme === 'light' ? '#f5f5f5' : '#1f1f1f'}; margin: 1rem 2rem; color: ${foreground}; }
  a { color: ${theme === 'light' ? '#0f5ea8' : '#9cc8ff'}; }
  nav a { margin-right: .75rem; display: inline-block; }
  .row { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: flex-start; }
  .cell h3 { font-size: .85rem; font-weight: 600; margin: .25rem 0; }
  .card { width: 440px; background: ${background}; border: 1px solid ${theme === 'light' ? '#e0e0e0' : '#3d3d3d'}; border-radius: 4px; padding: 0; }
  .render-error { color: #a4262c; white-space: pre-wrap; padding: .5rem; }
  #action-log { position: fixed; bottom: 0; right: 0; max-width: 40vw; max-height: 30vh; overflow: auto; background: ${background}; border: 1px solid #ccc; font-size: .75rem; margin: 0; }
</style>
</head>
<body>
<h1>Escalatiewijzer — card gallery</h1>
<p>Adaptive Cards 1.5, drawn with the Microsoft Teams ${theme} host config (<a href="${galleryPage(theme === 'light' ? 'dark' : 'light')}">${theme === 'light' ? 'dark' : 'light'}</a>). Buttons show their data below instead of calling the bot.</p>
<nav>${names.map((n) => `<a href="#${escapeHtml(n)}">${escapeHtml(n)}</a>`).join('')}</nav>
${rows}
<pre id="action-log" aria-live="polite"></pre>
<script type="application/json" id="host-config">${scriptJson(hostConfig)}</script>
<script type="application/json" id="cards">${scriptJson(data)}</script>
<script src="adaptivecards.min.js"></script>
<script>
  (function () {
    var hostConfig = new AdaptiveCards.HostConfig(JSON.parse(document.getElementById('host-config').textContent));
    var cards = JSON.parse(document.getElementById('cards').textContent);
    var failures = [];
    document.querySelectorAll('[data-card]').forEach(function (el) {
      var id = el.getAttribute('data-card');
      try {
        var card = new AdaptiveCards.AdaptiveCard();
        card.hostConfig = hostConfig;
        card.onExecuteAction = function (action) {
          document.getElementById('action-log').textContent = id + ': ' + JSON.stringify(action.data || null, null, 1);
        };
        card.parse(cards[id]);
        el.appendChild(card.render());
      } catch (e) {
        failures.push(id + ': ' + e);
        el.innerHTML = '<div class="render-error"></div>';
        el.firstChild.textContent = String(e);
      }
    });
    window.galleryFailures = failures;
    document.body.setAttribute('data-ready', 'true');
  })();
</script>
</body>
</html>
`;
}

async function screenshots(out: string, cards: GalleryCard[]): Promise<string[]> {
  // The gallery must render with no network at all.
  const { context, close } = await launchLocalChromium();
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(pathToFileURL(path.join(out, galleryPage('light'))).href);
    await page.waitForSelector('body[data-ready="true"]');
    const failures = await page.evaluate<string[]>('window.galleryFailures');
    if (failures.length > 0) throw new Error(`the renderer failed on ${failures.length} card(s):\n${failures.join('\n')}`);
    const files: string[] = [];
    for (const { name, locale } of cards) {
      const file = path.join(out, `${name}.${locale}.png`);
      await page.locator(`[data-card="${name}.${locale}"]`).screenshot({ path: file });
      files.push(file);
    }
    return files;
  } finally {
    await close();
  }
}

export interface GalleryResult {
  cards: GalleryCard[];
  files: string[];
}

export async function runGallery(options: GalleryOptions): Promise<GalleryResult> {
  const out = path.resolve(options.out);
  const cards = galleryCards();
  fs.mkdirSync(out, { recursive: true });
  const files = cards.map(({ name, locale, card }) => {
    const file = path.join(out, `${name}.${locale}.json`);
    fs.writeFileSync(file, `${JSON.stringify(card, null, 2)}\n`);
    return file;
  });
  const renderer = path.join(projectRoot(__dirname), 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
  fs.copyFileSync(renderer, path.join(out, 'adaptivecards.min.js'));
  for (const theme of GALLERY_THEMES) {
    const hostConfig = JSON.parse(fs.readFileSync(hostConfigPath(theme), 'utf8')) as HostConfigColours;
    fs.copyFileSync(hostConfigPath(theme), path.join(out, hostConfigFile(theme)));
    fs.writeFileSync(path.join(out, galleryPage(theme)), indexHtml(cards, hostConfig, theme));
    files.push(path.join(out, galleryPage(theme)));
  }
  if (options.png) files.push(...(await screenshots(out, cards)));
  return { cards, files };
}

const USAGE = 'usage: npm run gallery -- --out DIR [--png]';

export function parseGalleryArgs(argv: readonly string[]): GalleryOptions {
  let out: string | undefined;
  let png = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--png') png = true;
    else if (arg === '--out') {
      const dir = argv[i + 1];
      if (dir === undefined || dir.startsWith('--')) throw new Error(`--out DIR is required\n${USAGE}`);
      out = dir;
      i++;
    } else if (arg?.startsWith('--out=')) out = arg.slice('--out='.length);
    else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
  }
  if (!out) throw new Error(`--out DIR is required\n${USAGE}`);
  return { out, png };
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    const options = parseGalleryArgs(argv);
    const { cards } = await runGallery(options);
    process.stdout.write(`gallery: ${cards.length} cards written to ${path.resolve(options.out)}/index.html and index-dark.html${options.png ? ' with screenshots' : ''}\n`);
  } catch (error) {
    process.stderr.write(`gallery failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main(process.argv.slice(2));
