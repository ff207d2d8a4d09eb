/** jest globalTeardown: stops the run's PostgreSQL server and removes its data (also after failures). */
import './global-setup';

export default async function globalTeardown(): Promise<void> {
  await globalThis.ewTestPostgres?.shutdown();
  globalThis.ewTestPostgres = undefined;
}
