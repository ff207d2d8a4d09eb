/**
 * The SQLite store commits the turns that arrive together in one transaction (one fsync), each in
 * a savepoint of its own: what a turn sees and what it leaves must be exactly as if it had been
 * committed alone. Also: rows a turn only passes by (its conversation reference, its unit) are not
 * written again when they did not change.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteStore } from '../../../bot/store/sqlite';
import type { CaseStore } from '../../../bot/store/case-store';
import { makeTempDir, newKeys, OWNER, turnFor } from './fixtures/store';

describe('SQLite group commit', () => {
  const temp = makeTempDir('group-commit');
  const keys = newKeys();
  let file: string;
  let store: CaseStore;
  let count = 0;

  beforeEach(async () => {
    file = join(temp.dir, `store-${++count}.sqlite`);
    store = await openSqliteStore({ file, ...keys });
  });
  afterEach(() => store.close());
  afterAll(() => temp.remove());

  it('writes every turn of a batch, with an intact audit chain and every case counted for HR', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `case-batch-${i}`);
    const results = await Promise.all(ids.map((id) => store.commit(turnFor(id, null))));
    expect(results).toEqual(ids.map(() => ({ ok: true, revision: 1 })));
    for (const id of ids) expect(await store.load(id)).toMatchObject({ id, revision: 1, ownerId: OWNER });
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
    const [aggregate] = await store.hrAggregates(['2026-Q4']);
    expect(aggregate?.counts[0]).toBe(20);
    expect((await store.readNotes('case-batch-7', OWNER)).map((n) => n.text)).toEqual(['note 1 of case-batch-7']);
  });

  it('refuses a broken turn of a batch without touching the turns committed with it', async () => {
    const broken = turnFor('case-broken', null, { hrLog: [{ ...turnFor('x', null).hrLog[0]!, categories: ['free text!'] }] });
    const [before, refused, after] = await Promise.allSettled([
      store.commit(turnFor('case-before', null)),
      store.commit(broken),
      store.commit(turnFor('case-after', null)),
    ]);
    expect(before).toEqual({ status: 'fulfilled', value: { ok: true, revision: 1 } });
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'invalidCode' } });
    expect(after).toEqual({ status: 'fulfilled', value: { ok: true, revision: 1 } });
    expect(await store.load('case-broken')).toBeNull();
    expect(await store.readNotes('case-broken', OWNER)).toEqual([]);
    expect((await store.hrLog()).length).toBe(2);
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
  });

  it('lets one of two clicks at the same revision in one batch win and answers the other with the current case', async () => {
    await store.commit(turnFor('case-double', null));
    const results = await Promise.all([store.commit(turnFor('case-double', 1)), store.commit(turnFor('case-double', 1))]);
    expect(results).toEqual([
      { ok: true, revision: 2 },
      { ok: false, reason: 'conflict', current: expect.objectContaining({ id: 'case-double', revision: 2 }) },
    ]);
    expect((await store.hrLog()).length).toBe(2);
  });

  it('refuses the whole batch when its transaction cannot start, and writes none of it', async () => {
    await store.close();
    store = await openSqliteStore({ file, ...keys, busyTimeoutMs: 50 });
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const results = await Promise.allSettled(['case-a', 'case-b', 'case-c'].map((id) => store.commit(turnFor(id, null))));
      expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'written'))).toEqual([
        'storeUnavailable',
        'storeUnavailable',
        'storeUnavailable',
      ]);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(await store.load('case-a')).toBeNull();
    expect(await store.load('case-c')).toBeNull();
  });

  it('answers a turn still waiting when the store closes with storeUnavailable', async () => {
    const pending = store.commit(turnFor('case-late', null));
    await store.close();
    await expect(pending).rejects.toMatchObject({ code: 'storeUnavailable' });
  });
});

describe('SQLite writes of what a turn passes by', () => {
  const temp = makeTempDir('pass-by');
  const keys = newKeys();
  const file = join(temp.dir, 'store.sqlite');
  let store: CaseStore;
  let observer: Database.Database;

  beforeAll(async () => {
    store = await openSqliteStore({ file, ...keys });
    observer = new Database(file, { readonly: true });
  });
  afterAll(async () => {
    observer.close();
    await store.close();
    temp.remove();
  });

  /** PRAGMA data_version changes when another connection committed a change to the file. */
  async function writes(action: () => Promise<void>): Promise<boolean> {
    const before = observer.pragma('data_version', { simple: true });
    await action();
    return observer.pragma('data_version', { simple: true }) !== before;
  }

  it('stores a conversation reference once and again only when it changed', async () => {
    const ref = { conversation: { id: 'a:1' }, serviceUrl: 'https://example.test/', locale: 'nl-NL' };
    expect(await writes(() => store.saveConversationRef('aad-ref', ref))).toBe(true);
    expect(await writes(() => store.saveConversationRef('aad-ref', { ...ref }))).toBe(false);
    expect(await writes(() => store.saveConversationRef('aad-ref', { ...ref, locale: 'en-US' }))).toBe(true);
    expect(await store.conversationRef('aad-ref')).toEqual({ ...ref, locale: 'en-US' });
  });

  it('stores user settings only when a given field changes', async () => {
    expect(await writes(() => store.saveUserSettings('aad-unit', { orgUnit: 'Beleid' }))).toBe(true);
    expect(await writes(() => store.saveUserSettings('aad-unit', { orgUnit: 'Beleid' }))).toBe(false);
    expect(await writes(() => store.saveUserSettings('aad-unit', { locale: 'en' }))).toBe(true);
    expect(await writes(() => store.saveUserSettings('aad-unit', { orgUnit: 'Staf' }))).toBe(true);
    expect(await store.userSettings('aad-unit')).toEqual({ orgUnit: 'Staf', locale: 'en', weeklyDigest: false });
  });
});
