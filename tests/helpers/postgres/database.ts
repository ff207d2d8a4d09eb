/** A fresh, empty database per test file on the run's PostgreSQL server (see global-setup.ts). */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_URL_VARIABLE } from './global-setup';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, ending any session still connected to it. */
  drop(): Promise<void>;
}

export function postgresAdminUrl(): string {
  const url = process.env[ADMIN_URL_VARIABLE];
  if (!url) throw new Error(`${ADMIN_URL_VARIABLE} is not set: jest's globalSetup starts PostgreSQL (see jest.config.js).`);
  return url;
}

async function asAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `label` names the test file in the database name, which helps when reading server logs. */
export async function createTestDatabase(label: string, adminUrl: string = postgresAdminUrl()): Promise<TestDatabase> {
  const name = `ew_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await asAdmin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => asAdmin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
