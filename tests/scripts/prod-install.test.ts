/**
 * The production installation the Dockerfile makes (scripts/prod-install.sh), made here into an
 * empty folder and started as the image starts it: NODE_ENV=production, Bot Framework tokens checked
 * against a local JWKS, Debian-style CHROME_PATH. It runs `npm ci --omit=dev` (from the local npm
 * cache where it can: --prefer-offline), so this file takes a minute; the rest of its time is the
 * bot's own start.
 *
 * better-sqlite3 is handed the binary this checkout's own `npm ci` compiled, as a local prebuild
 * (prebuild-install's `local-prebuilds`, the mechanism an offline build farm uses), instead of
 * compiling SQLite a second time for a minute and a half: compiling from source is already proven
 * by the `npm ci` every run starts with, and by the image's build stage. Everything else about the
 * installation is the image's.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { startBotFrameworkKeys } from '../bot/helpers/bot-framework-keys';
import type { BotFrameworkKeys } from '../bot/helpers/bot-framework-keys';
import { activityFrom, stepClick, TEST_TENANT_ID } from '../bot/helpers/http-turns';
import { signalInputs } from '../bot/helpers/ladder-inputs';
import { sqliteFileIn } from '../../bot/store/sqlite';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const APP_ID = '0b07a11e-5e7a-4c1d-8000-00000000b071';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const INSTALL_TIMEOUT_MS = 600_000;

let target: string;
let dataDir: string;
let prebuilds: string;
let keys: BotFrameworkKeys;
let bot: { base: string; child: ChildProcess; output: () => string };

/** The installed bot, started the way the image's CMD starts it, in a folder of its own. */
function startInstalled(env: Record<string, string>): Promise<typeof bot> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', join(target, 'dist', 'bot', 'main.js')], {
    cwd: dataDir,
    // Nothing from this repository's environment: no NODE_PATH, no .env, no devDependencies.
    env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = output
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as { message?: string; port?: number })
        .find((entry) => entry.message === 'listening');
      if (listening?.port) resolve({ base: `http://127.0.0.1:${listening.port}`, child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the installed bot exited (${code}) before listening:\n${output}`)));
  });
}

const MESSAGES_LOGGED = /"route":"\/api\/messages"[^\n]*"message":"request"/g;
/** Activities this file has posted; the bot logs each one once its answer has gone out. */
let posted = 0;

function postActivity(authorization: string | null, activity: Record<string, unknown>): Promise<Response> {
  posted += 1;
  return fetch(`${bot.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
}

/**
 * The bot's output once every posted activity has its access-log line. That line is written when
 * the answer has been sent and reaches the pipe at the child's own pace, so it can arrive after
 * the test already has the answer — waiting for "a" request line could find an earlier request's.
 */
async function outputOnceAllLogged(): Promise<string> {
  for (;;) {
    const output = bot.output();
    if ((output.match(MESSAGES_LOGGED) ?? []).length >= posted) return output;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * This checkout's compiled better-sqlite3 as the prebuild tarball prebuild-install looks for
 * (`{name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz`, glibc: no libc part),
 * and the environment variable that points it there.
 */
async function localSqlitePrebuild(dir: string): Promise<Record<string, string>> {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string };
  const tarball = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(dir, tarball), '-C', join(ROOT, 'node_modules', 'better-sqlite3'), 'build/Release/better_sqlite3.node']);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

beforeAll(async () => {
  target = mkdtempSync(join(tmpdir(), 'ew-prod-install-'));
  dataDir = mkdtempSync(join(tmpdir(), 'ew-prod-data-'));
  prebuilds = mkdtempSync(join(tmpdir(), 'ew-prebuilds-'));
  const started = Date.now();
  await run(join(ROOT, 'scripts', 'prod-install.sh'), [ROOT, target], {
    env: { ...process.env, NPM_CI_FLAGS: '--prefer-offline', ...(await localSqlitePrebuild(prebuilds)) },
    timeout: INSTALL_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  process.stdout.write(`prod-install.sh took ${Math.round((Date.now() - started) / 1000)} s\n`);

  keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: SERVICE_URL });
  bot = await startInstalled({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'never-sent-offline',
    NOTES_KEY: randomBytes(32).toString('base64'),
    CASE_KEY_SECRET: randomBytes(32).toString('base64'),
    ALLOWED_TENANT_IDS: TEST_TENANT_ID,
    PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl',
    ToBotFromChannelOpenIdMetadataUrl: keys.metadataUrl,
  });
}, INSTALL_TIMEOUT_MS + 60_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) {
    const exited = new Promise((resolve) => bot.child.once('exit', resolve));
    bot.child.kill('SIGTERM');
    await exited;
  }
  await keys?.close();
  for (const dir of [target, dataDir, prebuilds]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the production installation', () => {
  it('holds no devDependency and no source that the image would not need', () => {
    // What the lockfile marks dev-only (devDependencies and what only they pull in), by path.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([where, entry]) => where && entry.dev).map(([where]) => where);
    expect(devOnly).toEqual(expect.arrayContaining(['node_modules/typescript', 'node_modules/jest', 'node_modules/@sparticuz/chromium']));
    expect(devOnly.filter((where) => existsSync(join(target, where)))).toEqual([]);
    expect(existsSync(join(target, 'dist', 'bot', 'main.js'))).toBe(true);
    for (const absent of ['tests', 'docs', '.env', 'bot/main.ts']) expect([absent, existsSync(join(target, absent))]).toEqual([absent, false]);
  });

  it('starts in production mode and answers its health checks', async () => {
    expect(bot.output()).toContain('"message":"listening"');
    expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${bot.base}/readyz`)).status).toBe(200);
  });

  it('refuses an activity without a valid Bot Framework token, and takes one with it', async () => {
    const chat = { serviceUrl: SERVICE_URL, user: 'aad-prod-install' };
    const typing = activityFrom(chat, { type: 'typing' });
    expect((await postActivity(null, typing)).status).toBe(401);
    expect((await postActivity(`Bearer ${await keys.token({}, { key: 'foreign' })}`, typing)).status).toBe(401);
    expect((await postActivity(`Bearer ${await keys.token()}`, typing)).status).toBe(200);
  });

  it('runs a card click through the store and the card templates up to the reply', async () => {
    // The reply itself needs a token from Microsoft's login service, which this machine cannot
    // reach: the turn must get that far (and no further) with only the installed files.
    const chat = { serviceUrl: SERVICE_URL, user: 'aad-prod-install' };
    const click = stepClick(chat, 'prod-install-case', 0, 'RECORD_SIGNAL', signalInputs(new Date()));
    const before = (await outputOnceAllLogged()).length;
    await postActivity(`Bearer ${await keys.token()}`, click);
    // The access log line comes after the turn's own lines.
    const turnLog = (await outputOnceAllLogged()).slice(before);
    const failures = [...turnLog.matchAll(/"error":"(\w+)"/g)].map((m) => m[1]);
    expect(failures).toEqual(['ClientAuthError']);
    const db = new Database(sqliteFileIn(dataDir), { readonly: true });
    try {
      expect(db.prepare('SELECT id, step FROM cases').all()).toEqual([{ id: 'prod-install-case', step: 'signalConversation' }]);
    } finally {
      db.close();
    }
  });

  it('serves the HR tab page and its script', async () => {
    expect((await fetch(`${bot.base}/tab/hr`)).status).toBe(200);
    const script = await fetch(`${bot.base}/tab/assets/hr.js`);
    expect([script.status, (await script.text()).length > 1000]).toEqual([200, true]);
  });

  it('prints a PDF with the Chromium that CHROME_PATH names, as the image sets it', async () => {
    // Debian's chromium stands in as the browser this repository's devDependency unpacks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a devDependency, loaded only when CHROME_PATH is unset (bot/browser/chromium.ts)
    const chromiumPath = await (require('@sparticuz/chromium') as { executablePath(): Promise<string> }).executablePath();
    const printed = await run(
      process.execPath,
      [
        '-e',
        `require('./dist/bot/hr/report/browser').launchReportBrowser().then(async (b) => {
           if (!b) throw new Error('no browser');
           const page = await b.context.newPage();
           await page.setContent('<p>rapportage</p>');
           const pdf = await page.pdf();
           await b.close();
           process.stdout.write(pdf.subarray(0, 5).toString('latin1'));
         })`,
      ],
      { cwd: target, env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), NODE_ENV: 'production', CHROME_PATH: chromiumPath }, timeout: 60_000 },
    );
    expect(printed.stdout).toBe('%PDF-');
  });
});
