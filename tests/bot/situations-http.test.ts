/**
 * The routes for real situations over the bot's HTTP endpoint (issue "Real situations: routes"):
 * one situation per route walked from `nieuw` to its end as Teams delivers the clicks; a card of the
 * previous machine version gets the current card; a case saved by a newer machine (a rolling
 * deploy) is answered 503 with Retry-After and changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../bot/app';
import { silentLogger } from '../../bot/logger';
import type { RunningServer } from '../../bot/server';
import type { CaseStore } from '../../bot/store/case-store';
import { loadContent } from '../../content/load';
import { ESCALATION_MACHINE_VERSION } from '../../flows/escalation/machine';
import type { SituationId } from '../../flows/situations';
import { SITUATION_WALKS } from '../flows/escalation/situation-walks';
import { startConnectorStub } from './helpers/connector-stub';
import type { ConnectorStub } from './helpers/connector-stub';
import { executeActions } from './helpers/conversation-client';
import { testConfig } from './helpers/test-bot';
import { sqliteHarness } from './store/fixtures/harness';
import type { StoreHarness } from './store/fixtures/harness';

type Json = any;
const nl = loadContent('nl');

let dir: string;
let harness: StoreHarness;
let stub: ConnectorStub;
let bot: RunningServer;
let store: CaseStore;
/** The bot's clock: the walks' dates are early November 2026. */
const clock = { now: new Date('2026-11-03T09:00:00.000Z') };

beforeAll(async () => {
  stub = await startConnectorStub();
  dir = mkdtempSync(join(tmpdir(), 'ew-situations-http-'));
  const config = testConfig(dir, { ORG_UNITS: 'Beleid,Staf' });
  harness = await sqliteHarness('situations-http');
  const keys = { notesKey: config.notesKey, caseKeySecret: config.caseKeySecret };
  bot = await startBot({ config, store: await harness.open(keys), log: silentLogger, now: () => clock.now });
  store = await harness.open(keys);
});
afterAll(async () => {
  await bot.close();
  await store.close();
  await harness.dispose();
  await stub.close();
  rmSync(dir, { recursive: true, force: true });
});

let sequence = 0;
async function post(user: string, extra: Record<string, unknown>): Promise<{ status: number; body: Json; retryAfter: string | null }> {
  sequence += 1;
  const activity = {
    channelId: 'msteams',
    serviceUrl: stub.url,
    conversation: { id: `a:conv-${user}`, conversationType: 'personal' },
    from: { id: `29:${user}`, aadObjectId: user, name: 'Manager' },
    recipient: { id: '28:bot', name: 'Escalatiewijzer' },
    id: `incoming-${sequence}`,
    locale: 'nl-NL',
    ...extra,
  };
  const res = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: res.headers.get('retry-after') };
}

/** The cards the bot sent to the manager's chat since `before`. */
const cardsSince = (user: string, before: number): Json[] =>
  stub.calls
    .slice(before)
    .filter((call) => call.path.includes(`conv-${user}`))
    .flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content));

async function say(user: string, text: string): Promise<Json[]> {
  const before = stub.calls.length;
  await post(user, { type: 'message', text });
  return cardsSince(user, before);
}

/** Clicks an Action.Execute with inputs; returns the card that replaced it and the new cards in the chat. */
async function click(user: string, action: Json, inputs: Record<string, string>) {
  const before = stub.calls.length;
  const answer = await post(user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data, ...inputs } }, trigger: 'manual' } });
  return { answer, inPlace: answer.body?.value as Json, sent: cardsSince(user, before) };
}

const buttonFor = (card: Json, match: (data: Json) => boolean) => executeActions(card).find((a) => match(a.data));

/** Walks one situation's card submits from `nieuw`; returns the case id. */
async function walkOverHttp(user: string, situation: SituationId): Promise<string> {
  let [card] = await say(user, 'nieuw');
  let caseId = '';
  for (const submit of SITUATION_WALKS[situation].submits) {
    if (submit.event === 'REPORT_REPETITION' && submit.on !== 'closed') {
      // "It happened again" brings a small card of its own first.
      const ask = buttonFor(card, (d) => d?.kind === 'repeatAsk');
      card = (await click(user, ask, {})).sent[0];
    }
    const button = buttonFor(card, (d) => d?.kind === 'step' && d.event === submit.event);
    expect(button).toBeDefined();
    caseId = button.data.caseId;
    const inputs = submit.event === 'RECORD_SIGNAL' ? { orgUnit: 'Beleid', ...submit.inputs } : submit.inputs;
    const { answer, inPlace, sent } = await click(user, button, inputs);
    expect(answer.status).toBe(200);
    expect(inPlace.body[0].text).toBe(nl.ui.summary.title);
    card = sent[sent.length - 1];
  }
  return caseId;
}

describe('one situation per route, over HTTP', () => {
  it.each([
    ['ownTeam', 'employeeWantsNoAction'],
    ['handOver', 'otherTeam'],
    ['external', 'citizenPerpetrator'],
    ['structural', 'discriminatingRule'],
    ['routedAway', 'managerAccused'],
  ] as const)('the %s route (%s) walks to its end', async (_route, situation) => {
    const user = `manager-${situation}`;
    const caseId = await walkOverHttp(user, situation);
    const row = await store.load(caseId);
    expect(row).toMatchObject({ step: SITUATION_WALKS[situation].end, machineVersion: ESCALATION_MACHINE_VERSION });
    // The HR log gets the coarse route kind, never who did it or who was hit.
    const rows = (await store.hrLog()).filter((row) => row.route === SITUATION_WALKS[situation].route);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['caseKey', 'categories', 'daysSinceSignal', 'deadlineMet', 'isoWeek', 'orgUnit', 'outcome', 'route', 'rung', 'source', 'transition']);
      expect(JSON.stringify(row)).not.toMatch(/perpetrator|teamMember|otherTeam|citizen"|ruleOrProcedure|"self"/);
    }
  });
});

describe('cards and cases of other machine versions', () => {
  it('a click on a card of the previous version gets the current card of its case, never an error, and changes nothing', async () => {
    const user = 'manager-old-card';
    const [card] = await say(user, 'nieuw');
    const record = buttonFor(card, (d) => d?.event === 'RECORD_SIGNAL');
    await click(user, record, { ...SITUATION_WALKS.ownTeam.submits[0]!.inputs, orgUnit: 'Beleid' });
    const before = await store.load(record.data.caseId);
    // A version-1 card carried no machine version and asked "om wie gaat het?".
    const { mv: _mv, ...oldData } = { ...record.data, event: 'RECORD_CONVERSATION', revision: 1 };
    const { answer, inPlace } = await click(user, { verb: 'RECORD_CONVERSATION', data: oldData }, { listened: 'true', subject: 'teamMember' });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(inPlace)).toContain(nl.ui.errors.olderCard.title);
    expect(JSON.stringify(inPlace)).toContain(nl.steps.signalConversation.title);
    expect(await store.load(record.data.caseId)).toEqual(before);
  });

  it('a case saved by a newer machine is answered 503 with Retry-After, so Teams retries and a newer instance answers', async () => {
    const user = 'manager-newer-case';
    const [card] = await say(user, 'nieuw');
    const record = buttonFor(card, (d) => d?.event === 'RECORD_SIGNAL');
    await click(user, record, { ...SITUATION_WALKS.ownTeam.submits[0]!.inputs, orgUnit: 'Beleid' });
    const caseId = record.data.caseId as string;
    await harness.exec(`UPDATE cases SET machine_version = ${ESCALATION_MACHINE_VERSION + 1} WHERE id = '${caseId}'`);
    const before = await store.load(caseId);
    const { answer } = await click(user, { verb: 'open', data: { ew: 1, kind: 'open', caseId } }, {});
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ error: 'caseFromNewerVersion' });
    expect(answer.retryAfter).not.toBeNull();
    expect(await store.load(caseId)).toEqual(before);
  });
});
