/**
 * Migration 008 on both stores: of the conversation references older code stored, only those that
 * name a personal chat stay. Before turns were checked for their scope, a message in a channel or
 * group chat overwrote the manager's reference, and reminders would have been posted there.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { minimalReference } from '../../../bot/teams/minimal-reference';
import { migratePostgres, openPostgresStore } from '../../../bot/store/postgres';
import { openSqliteStore } from '../../../bot/store/sqlite';
import type { CaseStore } from '../../../bot/store/case-store';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { makeTempDir, migrationsUpTo, newKeys, sqliteFileAt } from './fixtures/store';

const temp = makeTempDir('personal-references');
const keys = newKeys();
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.drop();
  temp.remove();
});

/** A reference as the handler stored it from an activity in `conversation`. */
const referenceIn = (owner: string, conversation: Record<string, unknown>) =>
  minimalReference({
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversation: conversation,
    from: { id: `29:${owner}`, aadObjectId: owner, name: 'Manager' },
    recipient: { id: '28:bot', name: 'Escalatiewijzer' },
    locale: 'nl-NL',
  });

const TENANT = 'tenant-1';
/** What older code stored, per owner: JSON text as the stores keep it. */
const STORED: Record<string, string> = {
  'aad-personal': JSON.stringify(referenceIn('aad-personal', { id: 'a:personal', conversationType: 'personal', tenantId: TENANT })),
  'aad-group-chat': JSON.stringify(referenceIn('aad-group-chat', { id: '19:chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT })),
  'aad-channel': JSON.stringify(referenceIn('aad-channel', { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, tenantId: TENANT })),
  'aad-group-no-type': JSON.stringify(referenceIn('aad-group-no-type', { id: '19:old@thread.v2', isGroup: true })),
  'aad-no-type': JSON.stringify(referenceIn('aad-no-type', { id: 'a:emulator' })),
  'aad-personal-but-group': JSON.stringify(referenceIn('aad-personal-but-group', { id: 'a:odd', conversationType: 'personal', isGroup: true })),
};
const KEPT = ['aad-personal'];

async function expectOnlyPersonalReferencesKept(store: CaseStore): Promise<void> {
  for (const owner of Object.keys(STORED)) {
    const expected = KEPT.includes(owner) ? JSON.parse(STORED[owner]!) : null;
    expect([owner, await store.conversationRef(owner)]).toEqual([owner, expected]);
  }
}

const insertSql = (values: string) => `INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ${values}`;

describe('migration 008 drops references that do not name a personal chat', () => {
  it('on SQLite, including one that is not JSON', async () => {
    const file = join(temp.dir, 'store.sqlite');
    const db = sqliteFileAt(file, 7);
    const insert = db.prepare(insertSql('(?, ?, ?)'));
    for (const [owner, ref] of Object.entries(STORED)) insert.run(owner, ref, '2026-01-01T00:00:00.000Z');
    insert.run('aad-not-json', 'not json', '2026-01-01T00:00:00.000Z');
    db.close();

    const store = await openSqliteStore({ file, ...keys });
    try {
      await expectOnlyPersonalReferencesKept(store);
      expect(await store.conversationRef('aad-not-json')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('on PostgreSQL', async () => {
    const database = await createTestDatabase('personal-references');
    databases.push(database);
    await migratePostgres({ connectionString: database.url, migrations: migrationsUpTo('postgres', 7) });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const [owner, ref] of Object.entries(STORED)) await client.query(insertSql('($1, $2, $3)'), [owner, ref, '2026-01-01T00:00:00.000Z']);
    } finally {
      await client.end();
    }

    const store = await openPostgresStore({ connectionString: database.url, ...keys });
    try {
      await expectOnlyPersonalReferencesKept(store);
    } finally {
      await store.close();
    }
  });
});
