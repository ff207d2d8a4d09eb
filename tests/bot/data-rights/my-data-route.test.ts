/**
 * The `mijn gegevens` download over HTTP, from the real server: the link in the card opens a page,
 * the download holds the requesting manager's own data only, works once, and not after it expired.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../../bot/app';
import type { Config } from '../../../bot/config';
import { silentLogger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import type { CaseStore } from '../../../bot/store/case-store';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import { loadContent } from '../../../content/load';
import { cardActions } from '../../helpers/card-schema';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, postActivity, stepClick } from '../helpers/http-turns';
import type { Chat } from '../helpers/http-turns';
import { SIGNAL } from '../helpers/ladder-inputs';
import { testConfig } from '../helpers/test-bot';

const nl = loadContent('nl');
const en = loadContent('en');

let dir: string;
let config: Config;
let store: CaseStore;
let bot: RunningServer;
let stub: ConnectorStub;
const clock = { now: new Date('2026-11-25T09:00:00.000Z') };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ew-my-data-'));
  config = testConfig(dir);
  stub = await startConnectorStub();
  store = await openSqliteStore({ file: sqliteFileIn(dir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
  bot = await startBot({ config, store, log: silentLogger, now: () => clock.now });
});
afterAll(async () => {
  await bot.close();
  await stub.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${bot.port}`;
const chatOf = (user: string): Chat => ({ serviceUrl: stub.url, user });

/** A case with its signal recorded and a note, over HTTP. */
async function caseWithNote(user: string, caseId: string, note: string): Promise<void> {
  const answer = await postActivity(base(), stepClick(chatOf(user), caseId, 0, 'RECORD_SIGNAL', { ...SIGNAL, note }));
  expect(answer.status).toBe(200);
}

/** `mijn gegevens` in the chat; the link of the card the bot sent. */
async function linkFor(user: string): Promise<string> {
  const before = stub.calls.length;
  expect((await postActivity(base(), activityFrom(chatOf(user), { type: 'message', text: 'mijn gegevens' }))).status).toBe(200);
  const card = stub.calls.slice(before).flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content)).pop();
  const link = cardActions(card).find((a) => a.type === 'Action.OpenUrl') as { url: string };
  // Without PUBLIC_BASE_URL (development) the link names the port the bot listens on.
  expect(link.url.startsWith(`http://localhost:${bot.port}/api/my-data/`)).toBe(true);
  return link.url.replace('localhost', '127.0.0.1');
}

const download = (url: string) => fetch(url, { method: 'POST' });
/** A page's text as a reader sees it (the page escapes quotes). */
const pageText = async (answer: Response) => (await answer.text()).replace(/&#39;/g, "'");

describe('the mijn gegevens link', () => {
  it('opens a page that uses nothing, then downloads the owner’s own data once', async () => {
    await caseWithNote('aad-export-a', 'export-case-a', 'CANARY-A-eigen-notitie');
    await caseWithNote('aad-export-b', 'export-case-b', 'CANARY-B-andermans-notitie');
    const url = await linkFor('aad-export-a');

    for (let i = 0; i < 2; i++) {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await page.text();
      expect(html).toContain('<form method="post">');
      for (const content of [nl, en]) expect(html).toContain(content.dataRights.myData.pageTitle);
      expect(html).not.toContain('export-case-a');
    }

    const answer = await download(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="${nl.dataRights.myData.fileName}-2026-11-25.json"`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const text = await answer.text();
    const exported = JSON.parse(text);
    expect(exported.user).toMatchObject({ id: 'aad-export-a', orgUnit: 'Beleid', orgUnits: ['Beleid'] });
    expect(exported.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['export-case-a']);
    expect(exported.cases[0].notes.map((n: { text: string }) => n.text)).toEqual(['CANARY-A-eigen-notitie']);
    expect(exported.cases[0].step).toEqual({ code: 'signalConversation', label: nl.steps.signalConversation.title });
    expect(text).not.toContain('CANARY-B');
    expect(text).not.toContain('aad-export-b');

    const again = await download(url);
    expect(again.status).toBe(404);
    expect(await pageText(again)).toContain(nl.dataRights.myData.linkGone);
    // The download is in the audit trail, once, for the case it held.
    const db = new Database(sqliteFileIn(dir), { readonly: true });
    expect(db.prepare("SELECT actor, case_id, detail FROM audit WHERE action = 'export'").all()).toEqual([
      { actor: 'aad-export-a', case_id: 'export-case-a', detail: 'myData' },
    ]);
    db.close();
  });

  it('does not work once it expired, nor with a token that was never given out', async () => {
    const url = await linkFor('aad-export-late');
    clock.now = new Date(clock.now.getTime() + (config.myData.linkMinutes * 60 + 1) * 1000);
    const late = await download(url);
    expect(late.status).toBe(404);
    expect(await pageText(late)).toContain(en.dataRights.myData.linkGone);
    const forged = `${base()}/api/my-data/${'A'.repeat(43)}`;
    expect((await download(forged)).status).toBe(404);
    expect((await fetch(`${base()}/api/my-data/not-a-token`)).status).toBe(404);
  });

  it('in English for a manager whose Teams speaks English', async () => {
    const before = stub.calls.length;
    const chat = chatOf('aad-export-en');
    await postActivity(base(), activityFrom(chat, { type: 'message', text: 'my data', locale: 'en-US' }));
    const card = stub.calls.slice(before).flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content)).pop();
    const link = cardActions(card).find((a) => a.type === 'Action.OpenUrl') as { url: string; title: string };
    expect(link.title).toBe(en.dataRights.myData.downloadButton);
    const answer = await download(link.url.replace('localhost', '127.0.0.1'));
    expect(answer.headers.get('content-disposition')).toContain(en.dataRights.myData.fileName);
    expect(JSON.parse(await answer.text())).toMatchObject({ locale: 'en', about: en.dataRights.myData.about, cases: [] });
  });
});
