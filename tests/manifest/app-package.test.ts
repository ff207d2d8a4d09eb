import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { COMMANDS } from '../../bot/conversation';
import { loadAllContent, loadContent } from '../../content/load';
import { loadSituationsContent } from '../../content/situations';
import {
  appPackageFile,
  buildAppPackage,
  manifestCommands,
  OPTIONAL_SETTINGS,
  PackageError,
  packageSettings,
  unknownLocalizationKeys,
  writeAppPackage,
} from '../../scripts/manifest/app-package';
import type { AppPackage, PackageSettings } from '../../scripts/manifest/app-package';
import { manifestDir } from '../../scripts/manifest/icons';
import { schemaProblems } from '../../scripts/manifest/teams-schema';
import { TeamDiscussionKit } from '../../bot/team-kit/team-discussion';
import { loadAllTeamKitContent } from '../../content/team-kit';
import { createTestBot } from '../bot/helpers/test-bot';
import { Manager } from '../bot/helpers/conversation-client';
import { startHrServer } from '../bot/hr/helpers/hr-server';
import type { Json } from '../helpers/json';

const ENV = {
  BOT_ID: '11111111-2222-4333-8444-555555555555',
  AAD_APP_ID: '66666666-7777-4888-9999-000000000000',
  TAB_DOMAIN: 'escalatiewijzer.example.nl',
};


let built: AppPackage;
let manifest: Json;
let english: Record<string, string>;
beforeAll(() => {
  built = buildAppPackage(packageSettings(ENV));
  manifest = built.manifest;
  english = built.localizations['en.json'] as Record<string, string>;
});

/** A copy of manifest/ to break one file in. */
function sourceCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-manifest-'));
  for (const file of fs.readdirSync(manifestDir())) {
    if (fs.statSync(path.join(manifestDir(), file)).isFile()) fs.copyFileSync(path.join(manifestDir(), file), path.join(dir, file));
  }
  edit(dir);
  return dir;
}

function editJson(dir: string, file: string, change: (json: Json) => void): void {
  const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  change(json);
  fs.writeFileSync(path.join(dir, file), JSON.stringify(json));
}

function packagingError(run: () => unknown): PackageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackageError);
    return error as PackageError;
  }
  throw new Error('expected a PackageError');
}

const commandTitles = (localization: Record<string, string>) =>
  Object.entries(localization)
    .filter(([key]) => /^bots\[0\]\.commandLists\[0\]\.commands\[\d+\]\.title$/.test(key))
    .map(([, title]) => title);

describe('the Teams manifest', () => {
  it('validates against the official schema of a recent version, offline', () => {
    expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(19);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(schemaProblems('manifest', manifest)).toEqual([]);
  });

  it('and so does each localization file, whose keys all name a text of the manifest', () => {
    expect(Object.keys(built.localizations)).toEqual(['en.json']);
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'nl-nl', additionalLanguages: [{ languageTag: 'en', file: 'en.json' }] });
    expect(schemaProblems('localization', english)).toEqual([]);
    expect(unknownLocalizationKeys(manifest, english)).toEqual([]);
    expect(unknownLocalizationKeys(manifest, { 'staticTabs[7].name': 'Nowhere', 'name.short': 'Escalatiewijzer' })).toEqual(['staticTabs[7].name']);
  });

  it('is Dutch by default and English in the localization: names, descriptions and commands', () => {
    const nl = loadContent('nl').ui.help.commands;
    const en = loadContent('en').ui.help.commands;
    expect(manifest.bots[0].commandLists[0].commands).toEqual(nl.map((c) => ({ title: c.command, description: c.description })));
    expect(commandTitles(english)).toEqual(en.map((c) => c.command));
    expect(english['name.full']).not.toBe(manifest.name.full);
    expect(english['description.short']).not.toBe(manifest.description.short);
  });

  it('fills in the bot, the SSO app and the domain from the settings', () => {
    // Team and group chat for the team-discussion agenda only (issue 21 §2); everything else is personal.
    expect(manifest.bots[0]).toMatchObject({ botId: ENV.BOT_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.webApplicationInfo).toEqual({ id: ENV.AAD_APP_ID, resource: `api://${ENV.TAB_DOMAIN}/${ENV.AAD_APP_ID}` });
    expect(manifest.validDomains).toEqual([ENV.TAB_DOMAIN]);
    // The HR tab is HR's own app (below): a manager who installs this app does not see it.
    expect(manifest.staticTabs.map((tab: Json) => tab.entityId)).toEqual(['conversations']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).version);
  });
});

describe('the links in the manifest', () => {
  it('point at pages the bot serves: the HR tab, privacy, terms of use', async () => {
    const server = await startHrServer({});
    try {
      const hrTab = (buildAppPackage(packageSettings(ENV), { kind: 'hr' }).manifest as Json).staticTabs[0];
      const urls = [manifest.developer.websiteUrl, manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl, hrTab.contentUrl];
      for (const url of urls) {
        const { host, pathname } = new URL(url);
        expect(host).toBe(ENV.TAB_DOMAIN);
        expect([pathname, (await server.get(pathname)).status]).toEqual([pathname, 200]);
      }
    } finally {
      await server.close();
    }
  });
});

describe('the command menu', () => {
  it('offers only commands the bot handles, in every language', () => {
    const titles = [...manifest.bots[0].commandLists[0].commands.map((c: Json) => c.title), ...commandTitles(english)];
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.filter((title) => COMMANDS[title.toLowerCase()] === undefined)).toEqual([]);
  });

  it('each menu entry, sent as Teams sends it, gets its command’s answer rather than a guide search', async () => {
    const bot = await createTestBot();
    try {
      // A typed text that is no command gets the free-text answer (a situation, or "not sure").
      const answerTitles = (locale: 'nl' | 'en') => {
        const ui = loadSituationsContent(locale, loadContent(locale)).ui;
        return [ui.title, ui.noMatch.title];
      };
      const searchTitle = { nl: answerTitles('nl'), en: answerTitles('en') };
      const menus = [
        ...manifest.bots[0].commandLists[0].commands.map((c: Json) => ({ title: c.title as string, locale: 'nl-NL' as const })),
        ...commandTitles(english).map((title) => ({ title, locale: 'en-US' as const })),
      ];
      for (const { title, locale } of menus) {
        const manager = new Manager(bot.adapter, `menu-${locale}`, locale);
        const out = await manager.say(title);
        const reply = JSON.stringify(out.sent);
        expect({ title, answered: out.sent.length > 0, searched: searchTitle[locale === 'nl-NL' ? 'nl' : 'en'].some((t) => reply.includes(t)) }).toEqual({
          title,
          answered: true,
          searched: false,
        });
      }
    } finally {
      await bot.close();
    }
  });

  it('offers in a team and group chat only the team-discussion agenda, in both languages, as words the bot takes', () => {
    const kit = new TeamDiscussionKit(loadAllTeamKitContent(), null);
    expect(manifest.bots[0].commandLists[1].scopes).toEqual(['team', 'groupChat']);
    const [command] = manifest.bots[0].commandLists[1].commands;
    expect(manifest.bots[0].commandLists[1].commands).toHaveLength(1);
    expect(kit.requestedIn(command.title)).toBe('nl');
    expect(kit.requestedIn(english['bots[0].commandLists[1].commands[0].title']!)).toBe('en');
    expect(english['bots[0].commandLists[1].commands[0].description']).not.toBe(command.description);
  });

  it('refuses to package a command the bot does not handle', () => {
    const contents = structuredClone(loadAllContent());
    contents.nl.ui.help.commands.push({ command: 'toverstaf', description: 'Doet alles' });
    contents.en.ui.help.commands.push({ command: 'magic wand', description: 'Does everything' });
    const error = packagingError(() => manifestCommands(contents));
    expect(error.code).toBe('commandsInvalid');
    expect(error.problems.join('\n')).toContain('"toverstaf" is not a command the bot handles');
    expect(error.problems.join('\n')).toContain('"magic wand" is not a command the bot handles');
  });

  it('refuses an English menu that does not translate the Dutch one entry by entry', () => {
    const contents = structuredClone(loadAllContent());
    contents.en.ui.help.commands.reverse();
    expect(() => manifestCommands(contents)).toThrow(/content\/en\.yaml ui\.help\.commands must list the same commands in the same order/);
  });
});

describe('npm run package', () => {
  it('says which setting is missing or malformed, all at once', () => {
    const error = packagingError(() => packageSettings({ BOT_ID: 'not-a-guid', TAB_DOMAIN: 'https://escalatiewijzer.example.nl/tab' }));
    expect(error.code).toBe('settingsInvalid');
    expect(error.problems).toEqual([
      expect.stringMatching(/^BOT_ID is "not-a-guid", but it must be .*a GUID\.$/),
      expect.stringMatching(/^AAD_APP_ID is not set: .*a GUID\.$/),
      expect.stringMatching(/^TAB_DOMAIN is "https:\/\/escalatiewijzer\.example\.nl\/tab", but it must be .*without https:\/\//),
    ]);
  });

  it('refuses a manifest the schema rejects and names the field', () => {
    const sourceDir = sourceCopy((dir) => editJson(dir, 'manifest.template.json', (m) => (m.name.short = 'Escalatiewijzer voor leidinggevenden bij de Rijksoverheid')));
    const error = packagingError(() => buildAppPackage(packageSettings(ENV), { sourceDir }));
    expect(error.code).toBe('manifestInvalid');
    expect(error.problems.join('\n')).toMatch(/manifest\.json \/name\/short must NOT have more than 30 characters/);
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  it('refuses a localization key that names no text, and a placeholder that is no setting', () => {
    const sourceDir = sourceCopy((dir) => {
      editJson(dir, 'en.json', (en) => (en['staticTabs[7].name'] = 'Nowhere'));
      editJson(dir, 'manifest.template.json', (m) => (m.developer.websiteUrl = 'https://${{WEBSITE}}/'));
    });
    const unknownSetting = packagingError(() => buildAppPackage(packageSettings(ENV), { sourceDir }));
    expect(unknownSetting.problems).toEqual(['manifest.template.json uses ${{WEBSITE}}, which is no known setting.']);
    editJson(sourceDir, 'manifest.template.json', (m) => (m.developer.websiteUrl = 'https://${{TAB_DOMAIN}}/'));
    const unknownKey = packagingError(() => buildAppPackage(packageSettings(ENV), { sourceDir }));
    expect(unknownKey.problems).toEqual(['en.json: "staticTabs[7].name" names no text in manifest.json']);
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  it('writes a zip with exactly the manifest, its English localization and the two icons', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-package-'));
    const file = path.join(dir, 'escalatiewijzer.zip');
    try {
      const settings: PackageSettings = packageSettings(ENV);
      writeAppPackage(ENV, file);
      const entries = unzipSync(fs.readFileSync(file));
      expect(Object.keys(entries).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
      const zipped = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
      expect(zipped).toEqual(buildAppPackage(settings).manifest);
      expect(schemaProblems('manifest', zipped)).toEqual([]);
      expect(schemaProblems('localization', JSON.parse(new TextDecoder().decode(entries['en.json'])))).toEqual([]);
      for (const icon of ['color.png', 'outline.png']) {
        expect(Buffer.from(entries[icon]!).equals(fs.readFileSync(path.join(manifestDir(), icon)))).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the HR app package', () => {
  let hr: AppPackage;
  beforeAll(() => {
    hr = buildAppPackage(packageSettings(ENV), { kind: 'hr' });
  });

  it('comes from the same settings and build: the HR tab only, no bot, its own app id', () => {
    const hrManifest = hr.manifest as Json;
    expect(schemaProblems('manifest', hrManifest)).toEqual([]);
    expect(hrManifest.bots).toBeUndefined();
    expect(hrManifest.staticTabs).toEqual([
      { entityId: 'hr', name: 'HR-overzicht', contentUrl: `https://${ENV.TAB_DOMAIN}/tab/hr`, websiteUrl: `https://${ENV.TAB_DOMAIN}/tab/hr`, scopes: ['personal'] },
    ]);
    expect(hrManifest.id).toBe(OPTIONAL_SETTINGS.HR_TEAMS_APP_ID);
    expect(hrManifest.id).not.toBe(manifest.id);
    expect(hrManifest.version).toBe(manifest.version);
    expect(hrManifest.webApplicationInfo).toEqual(manifest.webApplicationInfo);
    expect(hrManifest.validDomains).toEqual(manifest.validDomains);
    expect(packageSettings({ ...ENV, HR_TEAMS_APP_ID: '12345678-1234-4234-8234-123456789012' }).HR_TEAMS_APP_ID).toBe('12345678-1234-4234-8234-123456789012');
  });

  it('is Dutch by default and English in its localization', () => {
    const hrEnglish = hr.localizations['en.json'] as Record<string, string>;
    expect(schemaProblems('localization', hrEnglish)).toEqual([]);
    expect(unknownLocalizationKeys(hr.manifest, hrEnglish)).toEqual([]);
    expect(hrEnglish['staticTabs[0].name']).toBe('HR overview');
    expect(hrEnglish['name.full']).not.toBe((hr.manifest as Json).name.full);
  });

  it('is written beside the managers’ package with the same four files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-package-hr-'));
    try {
      const file = path.join(dir, 'escalatiewijzer-hr.zip');
      writeAppPackage(ENV, file, 'hr');
      const entries = unzipSync(fs.readFileSync(file));
      expect(Object.keys(entries).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
      expect(JSON.parse(new TextDecoder().decode(entries['manifest.json']))).toEqual(hr.manifest);
      expect(path.basename(appPackageFile('hr'))).toBe('escalatiewijzer-hr.zip');
      expect(path.dirname(appPackageFile('hr'))).toBe(path.dirname(appPackageFile()));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
