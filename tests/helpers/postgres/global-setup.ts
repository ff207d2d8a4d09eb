/**
 * jest globalSetup: one real PostgreSQL server for the whole run (~1 s), so `npm test` on a fresh
 * clone needs nothing else. Test files reach it through EW_TEST_POSTGRES_URL (workers inherit the
 * environment) and each makes its own database (database.ts); files that do not use PostgreSQL
 * never connect to it.
 */
import { startPostgresServer } from './server';
import type { PostgresServer } from './server';

export const ADMIN_URL_VARIABLE = 'EW_TEST_POSTGRES_URL';

declare global {
  // Shared with global-teardown.ts, which jest runs in this same process.
  var ewTestPostgres: PostgresServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  globalThis.ewTestPostgres = await startPostgresServer();
  process.env[ADMIN_URL_VARIABLE] = globalThis.ewTestPostgres.url();
}
