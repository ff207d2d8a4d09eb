/**
 * The `mijn gegevens` download over HTTP, from the real server: the link in the card opens a page,
 * the download needs the Teams SSO token of the manager the link was made for (real RS256 tokens
 * from local keys, checked like the HR API's), holds that manager's own data only, works once, and
 * not after it expired. Another user and an anonymous caller get nothing.
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
import { startJwks } from '../hr/helpers/hr-server';
import type { Jwks } from '../hr/helpers/hr-server';
import { myDataUrl } from '../../../bot/data-rights/my-data-link';

const TENANT = '5e7a0c1d-0000-4000-8000-00000000e057';
const SSO_APP = '66666666-7777-4888-9999-000000000000';
const TEAMS_APP_ID = '4cbe9602-8e71-4f34-802d-e7de7aadcfa3';

const nl = loadContent('nl');
const en = loadContent('en');

let dir: string;
let config: Config;
let store: CaseStore;
let bot: RunningServer;
let stub: ConnectorStub;
let jwks: Jwks;
const clock = { now: new Date('2026-11-25T09:00:00.000Z') };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ew-my-data-'));
  jwks = await startJwks();
  config = testConfig(dir, { HR_TENANT_ID: TENANT, HR_JWKS_URL: jwks.url, HR_AUDIENCES: SSO_APP });
  stub = await startConnectorStub();
  store = await openSqliteStore({ file: sqliteFileIn(dir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
  bot = await startBot({ config, store, log: silentLogger, now: () => clock.now });
});
afterAll(async () => {
  await bot.close();
  await stub.close();
  await jwks.close();
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
  expect(link.url.startsWith(`http://localhost:${bot.port}/tab/my-data/`)).toBe(true);
  return link.url.replace('localhost', '127.0.0.1');
}

/** A Teams SSO token of `user`, as Entra ID issues it for the SSO app (getAuthToken on the page). */
async function ssoToken(user: string, extra: Record<string, unknown> = {}): Promise<string> {
  const at = Math.floor(clock.now.getTime() / 1000);
  return jwks.sign({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, aud: SSO_APP, tid: TENANT, oid: user, iat: at - 60, nbf: at - 60, exp: at + 3600, ...extra });
}

/** The page's download button: a POST to the API with the SSO token. */
const downloadUrl = (pageUrl: string) => pageUrl.replace('/tab/my-data/', '/api/my-data/');
async function download(pageUrl: string, user: string | null): Promise<Response> {
  const headers: Record<string, string> = user ? { authorization: `Bearer ${await ssoToken(user)}` } : {};
  return fetch(downloadUrl(pageUrl), { method: 'POST', headers });
}
/** A page's text as a reader sees it (the page escapes quotes). */
const pageText = async (answer: Response) => (await answer.text()).replace(/&#39;/g, "'");

describe('the mijn gegevens link', () => {
  it('opens a page that uses nothing, then downloads the owner’s own data once', async () => {
    await caseWithNote('aad-export-a', 'export-case-a', 'CANARY-A-eigen-notitie');
    await caseWithNote('aad-export-b', 'export-case-b', 'CANARY-B-andermans-notitie');
    // A team agenda each planned: the team is no person's, the request is.
    const at = clock.now.toISOString();
    await store.teams.saveTeam({ teamId: '19:team-export@thread.tacv2', name: 'Team Beleid', tenantId: TENANT, conversationId: '19:general-export@thread.tacv2', serviceUrl: stub.url, botId: '28:bot' }, at);
    for (const [id, requestedBy] of [['post-export-a000', 'aad-export-a'], ['post-export-b000', 'aad-export-b']] as const) {
      await store.teams.planPost({ id, teamId: '19:team-export@thread.tacv2', locale: 'nl', dueAt: '2026-12-14T08:00:00.000Z', requestedBy }, at);
    }
    const url = await linkFor('aad-export-a');

    for (let i = 0; i < 2; i++) {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      // A tab page: Teams may show it, and it runs its own scripts only (teams-js, then the download).
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
      const html = await page.text();
      expect(html).toContain('<script src="/tab/vendor/MicrosoftTeams.min.js"></script>\n<script src="/tab/assets/my-data.js"></script>');
      expect(html).toContain('id="my-data-download"');
      for (const content of [nl, en]) expect(html).toContain(content.dataRights.myData.pageTitle);
      expect(html).not.toContain('export-case-a');
    }

    // Nobody signed in, a forged token, another manager: nothing, and no export in the audit trail.
    expect((await download(url, null)).status).toBe(401);
    const forged = await fetch(downloadUrl(url), { method: 'POST', headers: { authorization: `Bearer ${await jwks.sign({ oid: 'aad-export-a' }, { key: jwks.strangerKey })}` } });
    expect(forged.status).toBe(401);
    expect((await fetch(downloadUrl(url), { method: 'POST', headers: { authorization: `Bearer ${await ssoToken('aad-export-a', { aud: 'api://someone-else' })}` } })).status).toBe(401);
    const auditedExports = () => {
      const audit = new Database(sqliteFileIn(dir), { readonly: true });
      try {
        return audit.prepare("SELECT actor, case_id, detail FROM audit WHERE action = 'export'").all();
      } finally {
        audit.close();
      }
    };
    expect(auditedExports()).toEqual([]);

    const answer = await download(url, 'aad-export-a');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="${nl.dataRights.myData.fileName}-2026-11-25.json"`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const text = await answer.text();
    const exported = JSON.parse(text);
    expect(exported.user).toMatchObject({ id: 'aad-export-a', orgUnit: 'Beleid', orgUnits: ['Beleid'] });
    expect(exported.cases.map((c: { caseId: string }) => c.caseId)).toEqual(['export-case-a']);
    expect(exported.cases[0].notes.map((n: { text: string }) => n.text)).toEqual(['CANARY-A-eigen-notitie']);
    expect(exported.cases[0].step).toEqual({ code: 'signalConversation', label: nl.steps.signalConversation.title });
    expect(exported.teamAgendaPosts).toEqual([{ team: 'Team Beleid', dueAt: '2026-12-14T08:00:00.000Z', status: 'planned' }]);
    expect(text).not.toContain('CANARY-B');
    expect(text).not.toContain('aad-export-b');

    const again = await download(url, 'aad-export-a');
    expect([again.status, await again.json()]).toEqual([404, { error: 'linkGone' }]);
    // The download is in the audit trail, once, for the case it held.
    expect(auditedExports()).toEqual([{ actor: 'aad-export-a', case_id: 'export-case-a', detail: 'myData' }]);
  });

  it('gives another signed-in manager nothing, not even whose link it was; the link is then used up', async () => {
    const url = await linkFor('aad-export-a');
    const stranger = await download(url, 'aad-export-b');
    expect(stranger.status).toBe(404);
    const body = await stranger.text();
    expect(JSON.parse(body)).toEqual({ error: 'linkGone' });
    expect(body).not.toContain('aad-export-a');
    expect((await download(url, 'aad-export-a')).status).toBe(404);
    // The owner asks again and gets a new link that works for them.
    expect((await download(await linkFor('aad-export-a'), 'aad-export-a')).status).toBe(200);
  });

  it('opens as a Teams dialog when the Teams app id is known, so single sign-on works', () => {
    const link = new URL(myDataUrl('https://escalatiewijzer.example.nl', 'A'.repeat(43), TEAMS_APP_ID, nl.dataRights.myData.pageTitle));
    expect(`${link.origin}${link.pathname}`).toBe(`https://teams.microsoft.com/l/task/${TEAMS_APP_ID}`);
    expect(link.searchParams.get('url')).toBe(`https://escalatiewijzer.example.nl/tab/my-data/${'A'.repeat(43)}`);
    expect(link.searchParams.get('title')).toBe(nl.dataRights.myData.pageTitle);
  });

  it('does not work once it expired, nor with a token that was never given out', async () => {
    const url = await linkFor('aad-export-late');
    clock.now = new Date(clock.now.getTime() + (config.myData.linkMinutes * 60 + 1) * 1000);
    const late = await download(url, 'aad-export-late');
    expect(late.status).toBe(404);
    const forged = `${base()}/tab/my-data/${'A'.repeat(43)}`;
    expect((await download(forged, 'aad-export-late')).status).toBe(404);
    const notAToken = await fetch(`${base()}/tab/my-data/not-a-token`);
    expect(notAToken.status).toBe(404);
    expect(await pageText(notAToken)).toContain(en.dataRights.myData.linkGone);
  });

  it('in English for a manager whose Teams speaks English', async () => {
    const before = stub.calls.length;
    const chat = chatOf('aad-export-en');
    await postActivity(base(), activityFrom(chat, { type: 'message', text: 'my data', locale: 'en-US' }));
    const card = stub.calls.slice(before).flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content)).pop();
    const link = cardActions(card).find((a) => a.type === 'Action.OpenUrl') as { url: string; title: string };
    expect(link.title).toBe(en.dataRights.myData.downloadButton);
    const answer = await download(link.url.replace('localhost', '127.0.0.1'), 'aad-export-en');
    expect(answer.headers.get('content-disposition')).toContain(en.dataRights.myData.fileName);
    expect(JSON.parse(await answer.text())).toMatchObject({ locale: 'en', about: en.dataRights.myData.about, cases: [] });
  });
});
