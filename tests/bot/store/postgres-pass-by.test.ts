/**
 * Rows a turn only passes by — the manager's conversation reference and unit — are written on
 * PostgreSQL only when they change: an unchanged row keeps its row version (xmin), so the turn
 * costs no write and no WAL flush.
 */
import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import type { CaseStore } from '../../../bot/store/case-store';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { newKeys } from './fixtures/store';

describe('PostgreSQL writes of what a turn passes by', () => {
  let database: TestDatabase;
  let store: CaseStore;
  let observer: Client;

  beforeAll(async () => {
    database = await createTestDatabase('pass-by');
    store = await openPostgresStore({ connectionString: database.url, ...newKeys() });
    observer = new Client({ connectionString: database.url });
    await observer.connect();
  });
  afterAll(async () => {
    await observer.end();
    await store.close();
    await database.drop();
  });

  const versionOf = async (table: string, owner: string) =>
    (await observer.query<{ xmin: string }>(`SELECT xmin FROM ${table} WHERE owner_id = $1`, [owner])).rows[0]?.xmin;

  it('stores a conversation reference once and again only when it changed', async () => {
    const ref = { conversation: { id: 'a:1' }, serviceUrl: 'https://example.test/', locale: 'nl-NL' };
    await store.saveConversationRef('aad-ref', ref);
    const first = await versionOf('conversation_refs', 'aad-ref');
    await store.saveConversationRef('aad-ref', { ...ref });
    expect(await versionOf('conversation_refs', 'aad-ref')).toBe(first);
    await store.saveConversationRef('aad-ref', { ...ref, locale: 'en-US' });
    expect(await versionOf('conversation_refs', 'aad-ref')).not.toBe(first);
    expect(await store.conversationRef('aad-ref')).toEqual({ ...ref, locale: 'en-US' });
  });

  it('stores user settings only when a given field changes', async () => {
    await store.saveUserSettings('aad-unit', { orgUnit: 'Beleid' });
    const first = await versionOf('user_settings', 'aad-unit');
    await store.saveUserSettings('aad-unit', { orgUnit: 'Beleid' });
    expect(await versionOf('user_settings', 'aad-unit')).toBe(first);
    await store.saveUserSettings('aad-unit', { locale: 'en' });
    const second = await versionOf('user_settings', 'aad-unit');
    expect(second).not.toBe(first);
    await store.saveUserSettings('aad-unit', { orgUnit: 'Staf' });
    expect(await versionOf('user_settings', 'aad-unit')).not.toBe(second);
    expect(await store.userSettings('aad-unit')).toEqual({ orgUnit: 'Staf', locale: 'en', weeklyDigest: false });
  });
});
