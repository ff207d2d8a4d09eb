/**
 * End to end, as a manager sees it: the bot on a fresh SQLite database, the Microsoft 365 Agents
 * Playground as the Teams client (offline, telemetry off) and Chromium clicking the cards. The
 * Playground always claims an English Teams user, so it talks to the bot through the locale relay
 * of `npm run playground`, which makes the user Dutch. One screenshot per step goes to
 * e2e-artifacts/playground/ (the Agents runtime's in e2e-artifacts/playground/agents/). The walk runs
 * on both runtimes (BOT_RUNTIME). Everything started here is stopped in afterAll, also after a failure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startBot } from '../../bot/app';
import { silentLogger } from '../../bot/logger';
import type { RunningServer } from '../../bot/server';
import type { CaseStore } from '../../bot/store/case-store';
import { openSqliteStore, sqliteFileIn } from '../../bot/store/sqlite';
import { loadContent, projectRoot } from '../../content/load';
import { launchLocalChromium } from '../../scripts/chromium';
import type { LocalChromium } from '../../scripts/chromium';
import { startAgentsPlayground } from '../../scripts/playground/agents-playground';
import type { RunningPlayground } from '../../scripts/playground/agents-playground';
import { startLocaleRelay } from '../../scripts/playground/locale-relay';
import type { LocaleRelay } from '../../scripts/playground/locale-relay';
import { testConfig } from '../bot/helpers/test-bot';
import { RUNTIMES, runtimeEnv } from '../bot/helpers/runtimes';
import { CardForm, PlaygroundChat } from './helpers/playground-chat';

jest.setTimeout(180_000);

const nl = loadContent('nl');
const ARTIFACTS = path.join(projectRoot(__dirname), 'e2e-artifacts', 'playground');
/** The Entra object id of the Playground's default user (Alex Wilber): the owner of the cases. */
const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000020';
/** A note typed on the first card: it must never be shown again in the chat. */
const NOTE = 'Opmerking bij de koffieautomaat, dinsdagochtend';

describe.each(RUNTIMES)('on %s', (runtime) => {
  // botbuilder's screenshots where they always were; the Agents runtime's in a folder of its own.
  const artifacts = runtime === 'botbuilder' ? ARTIFACTS : path.join(ARTIFACTS, runtime);
  let dir: string;
  let store: CaseStore;
  let bot: RunningServer | undefined;
  let relay: LocaleRelay | undefined;
  let playground: RunningPlayground | undefined;
  let chromium: LocalChromium | undefined;
  let page: Page;
  let chat: PlaygroundChat;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-e2e-'));
    fs.rmSync(artifacts, { recursive: true, force: true });
    const config = testConfig(dir, runtimeEnv(runtime));
    store = await openSqliteStore({ file: sqliteFileIn(dir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
    bot = await startBot({ config, store, log: silentLogger });
    relay = await startLocaleRelay(`http://127.0.0.1:${bot.port}/api/messages`, 'nl-NL');
    playground = await startAgentsPlayground({ endpoint: relay.endpoint, cwd: dir, startTimeoutMs: 40_000 });
    chromium = await launchLocalChromium();
    page = await chromium.context.newPage();
    // Tall enough that a whole step card (guidance and form) shows in one screenshot.
    await page.setViewportSize({ width: 1280, height: 3000 });
    chat = new PlaygroundChat(page, artifacts);
    await chat.open(playground.url);
  });

  afterAll(async () => {
    // Each part is stopped even when another one fails to stop.
    const stops = [() => chromium?.close(), () => playground?.stop(), () => relay?.close(), () => bot?.close()];
    for (const stop of stops) await Promise.resolve(stop()).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Clicks `button` on the newest card and checks the clicked card turned into its summary in place. */
  async function submit(form: CardForm, button: string, nextTitle: string, shot: string): Promise<CardForm> {
    const before = await chat.cards().count();
    await form.click(button);
    const next = await chat.cardTitled(nextTitle);
    await chat.waitForTitle(chat.cards().nth(before - 1), nl.ui.summary.title);
    expect(await chat.cards().count()).toBe(before + 1);
    await chat.screenshot(shot);
    return new CardForm(page, next);
  }

  describe('a manager in the Agents Playground, in Dutch', () => {
    it('is welcomed in Dutch', async () => {
      expect(await chat.title(chat.lastCard())).toBe(nl.ui.welcome.title);
      await chat.screenshot('welkom');
    });

    it('walks a whole case rung by rung to Afgerond', async () => {
      await chat.say('nieuw');
      let form = new CardForm(page, await chat.cardTitled(nl.steps.signalRecord.title));
      await chat.screenshot('signaal-vastleggen');
      await form.pick(nl.fields.orgUnit.label, 'Beleid');
      await form.choose(nl.ui.no, nl.fields.acute.label);
      await form.pick(nl.fields.perpetrator.label, nl.choices.perpetrator.teamMember);
      await form.pick(nl.fields.affected.label, nl.choices.affected.teamMember);
      await form.tick(nl.choices.categories.remarkOrJoke);
      await form.pick(nl.fields.source.label, nl.choices.signalSource.affectedEmployee);
      await form.choose(nl.choices.occurrence.first);
      await form.click(nl.fields.note.button);
      await form.write(nl.fields.note.label, NOTE);
      form = await submit(form, nl.actions.RECORD_SIGNAL, nl.steps.signalConversation.title, 'gesprek-met-medewerker');

      for (const field of ['listened', 'acknowledged', 'feedbackAgreed', 'confidentialityAgreed', 'consentFormal', 'consentTeamTalk', 'vertrouwenspersoonOffered'] as const) {
        await form.tick(nl.fields[field].label);
      }
      await form.choose(nl.ui.yes, nl.fields.approachAgreed.label);
      form = await submit(form, nl.actions.RECORD_CONVERSATION, nl.steps.addressPrepare.title, 'aanspreken-voorbereiden');

      form = await submit(form, nl.actions.ADDRESS_PREPARED, nl.steps.addressConversation.title, 'corrigerend-gesprek');

      await form.tick(nl.fields.otherSideHeard.label);
      await form.choose(nl.choices.addressOutcome.denied);
      form = await submit(form, nl.actions.ADDRESS_HELD, nl.steps.factFinding.title, 'feiten-vaststellen');

      await form.choose(nl.choices.consultedWith.integrityCoordinator);
      await form.choose(nl.choices.factFinding.confirmed);
      form = await submit(form, nl.actions.FACTS_ESTABLISHED, nl.steps.sanction.title, 'sanctioneren');

      await form.choose(nl.choices.consultedWith.hrAdviser);
      await form.tick(nl.fields.hearingOffered.label);
      await form.choose(nl.choices.sanctionDecision.punishment);
      form = await submit(form, nl.actions.SANCTION_DECIDED, nl.steps.teamTalk.title, 'teamgesprek');

      await form.chooseMore(nl.ui.formalReportButton);
      form = await submit(form, nl.choices.formalReportReason.affectedWants, nl.steps.formalReportRoute.title, 'formele-melding-route');

      await form.pick(nl.fields.route.label, nl.choices.reportRoute.integrity);
      form = await submit(form, nl.actions.FILE_REPORT, nl.steps.formalReportFiled.title, 'melding-gedaan');

      await form.click(nl.actions.REPORT_CONCLUDED);
      await form.choose(nl.choices.reportOutcome.upheld);
      form = await submit(form, nl.actions.REPORT_CONCLUDED, nl.steps.closing.title, 'afronden');

      await form.pick(nl.fields.closeReason.label, nl.choices.closeReason.formalRouteConcluded);
      await form.tick(nl.fields.aftercareAgreed.label);
      await submit(form, nl.actions.CLOSE, nl.steps.closed.title, 'afgerond');

      const [row] = await store.listByOwner(PLAYGROUND_USER);
      expect(row).toMatchObject({ step: 'closed', status: 'closed', orgUnit: 'Beleid' });
      // The note is stored encrypted for the manager; the chat only ever says that it was stored.
      expect(await page.getByText(NOTE).count()).toBe(0);
    });

    it('sees the case closed under `zaken`', async () => {
      await chat.say('zaken');
      const cases = await chat.cardTitled(nl.ui.myCases.title);
      expect(await cases.getByText(nl.ui.myCases.closedLabel, { exact: true }).count()).toBe(1);
      expect(await cases.getByText(nl.steps.closed.title, { exact: true }).count()).toBe(1);
      await chat.screenshot('zaken');
    });

    it('is routed away from a signal about themselves, and offered the reporting channels', async () => {
      await chat.say('nieuw');
      const form = new CardForm(page, await chat.cardTitled(nl.steps.signalRecord.title));
      // The organisation unit is asked once per manager.
      expect(await form.card.getByRole('combobox', { name: nl.fields.orgUnit.label }).count()).toBe(0);
      await form.choose(nl.ui.no, nl.fields.acute.label);
      await form.pick(nl.fields.perpetrator.label, nl.choices.perpetrator.self);
      await form.pick(nl.fields.affected.label, nl.choices.affected.teamMember);
      await form.tick(nl.choices.categories.insult);
      await form.pick(nl.fields.source.label, nl.choices.signalSource.seenMyself);
      await form.choose(nl.choices.occurrence.first);
      const routed = await submit(form, nl.actions.RECORD_SIGNAL, nl.steps.managerIsSubject.title, 'niet-zelf-behandelen');
      // No step can be recorded any more: besides the explanation, the only button left opens the
      // reporting channels.
      expect(await routed.card.getByRole('button').allInnerTexts()).toEqual([nl.ui.guidance.explain, nl.ui.reportChannels.title]);

      await routed.click(nl.ui.reportChannels.title);
      await chat.cardTitled(nl.ui.reportChannels.title);
      await chat.screenshot('meldkanalen');

      await chat.say('zaken');
      const cases = await chat.cardTitled(nl.ui.myCases.title);
      expect(await cases.getByText(nl.steps.managerIsSubject.title, { exact: true }).count()).toBe(1);
      expect(await cases.getByText(nl.steps.closed.title, { exact: true }).count()).toBe(1);
      await chat.screenshot('zaken-twee');
    });

    it('records, anonymously, that the appraisal question was asked', async () => {
      await chat.say('gesprek');
      const before = new CardForm(page, await chat.cardTitled(nl.appraisal.before.title));
      await chat.screenshot('personeelsgesprek');
      await before.click(nl.appraisal.before.recordButton);
      const after = new CardForm(page, await chat.cardTitled(nl.appraisal.after.title));
      await after.click(nl.appraisal.after.askedNothingButton);
      await chat.cardTitled(nl.appraisal.recorded.title);
      await chat.screenshot('personeelsgesprek-vastgelegd');
      // Only the counter: the manager's unit (chosen once, on the first case), asked, nothing signalled.
      expect(await store.appraisalCounts()).toEqual([expect.objectContaining({ orgUnit: 'Beleid', asked: true, signalled: false, count: 1 })]);
    });
  });
});
