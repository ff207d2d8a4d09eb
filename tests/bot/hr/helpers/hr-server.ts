/**
 * A real bot server for HR API tests: SQLite in a temp dir, restify on port 0, optionally with
 * cases walked through the real conversation first. Also a local JWKS server standing in for the
 * tenant's Entra ID keys, with RS256 keys that sign real tokens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { JWK, JWTPayload, KeyLike } from 'jose';
import { startBot } from '../../../../bot/app';
import { silentLogger } from '../../../../bot/logger';
import type { RunningServer } from '../../../../bot/server';
import { createTestBot } from '../../helpers/test-bot';
import type { TestBot } from '../../helpers/test-bot';

export interface HrServer {
  bot: TestBot;
  base: string;
  get(path: string, token?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startHrServer(env: Record<string, string>, prepare?: (bot: TestBot) => Promise<void>, tabAssetsDir?: string): Promise<HrServer> {
  const bot = await createTestBot(env);
  if (prepare) await prepare(bot);
  const running: RunningServer = await startBot({ config: bot.config, store: bot.store, log: silentLogger, now: () => bot.clock.now, ...(tabAssetsDir ? { tabAssetsDir } : {}) });
  const base = `http://127.0.0.1:${running.port}`;
  return {
    bot,
    base,
    get: (path, token) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    async close() {
      await running.close();
      await bot.close();
    },
  };
}

export interface Jwks {
  url: string;
  sign(claims: JWTPayload, options?: { key?: KeyLike; kid?: string; alg?: string }): Promise<string>;
  /** A key pair that is not in the JWKS. */
  strangerKey: KeyLike;
  close(): Promise<void>;
}

/** A JWKS endpoint with one RS256 key, as Entra ID publishes them. */
export async function startJwks(): Promise<Jwks> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'tenant-key-1', alg: 'RS256', use: 'sig' };
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/keys' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/keys' ? { keys: [jwk] } : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/keys`,
    strangerKey: stranger.privateKey,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'tenant-key-1', typ: 'JWT' })
        .sign(options.key ?? privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
