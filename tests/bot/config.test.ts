import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';
import { generateSecret } from '../../bot/crypto';
import { DEFAULT_RETENTION_DAYS } from '../../bot/retention/retention-periods';

const dataDir = mkdtempSync(join(tmpdir(), 'ew-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const development = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, ...env });
const production = {
  NODE_ENV: 'production',
  MicrosoftAppId: 'app-id',
  MicrosoftAppPassword: 'secret',
  NOTES_KEY: generateSecret(),
  CASE_KEY_SECRET: generateSecret(),
};
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env });
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
};

describe('retention settings', () => {
  it('default per record type, and each can be set in days', () => {
    expect(development().retention).toEqual({ days: DEFAULT_RETENTION_DAYS, purgeIntervalMs: 3_600_000 });
    const set = development({
      RETENTION_CASE_DAYS: '3650',
      RETENTION_NOTE_DAYS: '365',
      RETENTION_REMINDER_DAYS: '30',
      RETENTION_HR_DAYS: '3653',
      RETENTION_APPRAISAL_DAYS: '1096',
      RETENTION_AUDIT_DAYS: '7305',
      PURGE_INTERVAL_MS: '86400000',
    }).retention;
    expect(set).toEqual({ days: { cases: 3650, notes: 365, reminders: 30, hrLog: 3653, appraisal: 1096, audit: 7305 }, purgeIntervalMs: 86_400_000 });
  });

  it('refuses a period that is not a whole number of days from 1 up', () => {
    expect(problemsOf({ RETENTION_CASE_DAYS: '0' })).toEqual([expect.stringMatching(/^RETENTION_CASE_DAYS/)]);
    expect(problemsOf({ RETENTION_AUDIT_DAYS: 'five years' })).toEqual([expect.stringMatching(/^RETENTION_AUDIT_DAYS/)]);
  });
});

describe('the address of download links (PUBLIC_BASE_URL)', () => {
  it('is the listening port on localhost in development unless set, and loses a trailing slash', () => {
    expect(development().myData).toEqual({ publicBaseUrl: null, linkMinutes: 10 });
    expect(development({ PUBLIC_BASE_URL: 'http://bot.local:3978/', MY_DATA_LINK_MINUTES: '5' }).myData).toEqual({
      publicBaseUrl: 'http://bot.local:3978',
      linkMinutes: 5,
    });
  });

  it('is required in production, over https', () => {
    expect(problemsOf(production)).toEqual([expect.stringContaining('PUBLIC_BASE_URL is required in production')]);
    expect(problemsOf({ ...production, PUBLIC_BASE_URL: 'http://escalatiewijzer.example.nl' })).toEqual([expect.stringContaining('https')]);
    expect(loadConfig({ ...production, DATA_DIR: dataDir, PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl/bot' }).myData.publicBaseUrl).toBe(
      'https://escalatiewijzer.example.nl/bot',
    );
  });

  it('refuses a link lifetime over an hour', () => {
    expect(problemsOf({ MY_DATA_LINK_MINUTES: '120' })).toEqual([expect.stringMatching(/^MY_DATA_LINK_MINUTES/)]);
  });
});
