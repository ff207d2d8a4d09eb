/**
 * `npm run package`: the two Teams app packages of one build, from the same settings —
 * manifest/build/escalatiewijzer.zip (the managers' app: the bot and its personal tab) and
 * manifest/build/escalatiewijzer-hr.zip (HR's app: the HR tab only, no bot), so that a Teams admin
 * can make the HR tab available to HR alone (docs/deploy.md). The HR package comes from
 * manifest/hr.template.json and manifest/hr.en.json the same way, without a command menu.
 *
 * | from                                         | into the zip                                          |
 * |----------------------------------------------|-------------------------------------------------------|
 * | manifest/manifest.template.json              | manifest.json, `${{SETTING}}` filled in (Dutch default) |
 * | content/nl.yaml `ui.help.commands`           | manifest.json `bots[0].commandLists[0].commands`      |
 * | content/team-kit.*.yaml `commands[0]`        | `bots[0].commandLists[1]` (team and group chat) and en.json |
 * | manifest/en.json + content/en.yaml commands  | en.json, the English localization                     |
 * | manifest/color.png, manifest/outline.png     | as they are (`npm run icons` draws them)              |
 *
 * The command menu is the help card's command list, so the menu, the help card and the bot's
 * command table cannot drift apart: adding a command is one entry per locale in the content, and
 * packaging refuses a command the bot does not handle. A static tab is one entry in the template
 * (and its name in en.json). Everything is validated against the official schemas before zipping.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { COMMANDS } from '../../bot/conversation';
import { loadAllContent, LOCALES, projectRoot } from '../../content/load';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import { loadTeamKitContent } from '../../content/team-kit';
import { ICON_FILES, iconProblems, manifestDir } from './icons';
import { schemaProblems } from './teams-schema';

/** Settings the package cannot be built without, and what each one is. */
export const REQUIRED_SETTINGS = {
  BOT_ID: "the bot's Microsoft App ID (MicrosoftAppId of the Azure Bot registration), a GUID",
  AAD_APP_ID: 'the Entra ID app registration used for single sign-on to the HR tab (webApplicationInfo), a GUID',
  TAB_DOMAIN: 'the public host name that serves the bot and the HR tab, without https:// or a path, e.g. escalatiewijzer.example.nl',
} as const;

/** Settings with a default: the Teams app ids, fixed so an update replaces the installed app. */
export const OPTIONAL_SETTINGS = { TEAMS_APP_ID: '4cbe9602-8e71-4f34-802d-e7de7aadcfa3', HR_TEAMS_APP_ID: 'b3d3c0f4-5a8e-4f62-9c1d-7e0a2f6b8d14' } as const;

export type PackageSetting = keyof typeof REQUIRED_SETTINGS | keyof typeof OPTIONAL_SETTINGS;
export type PackageSettings = Record<PackageSetting, string>;

export const PACKAGE_ERROR_CODES = ['settingsInvalid', 'commandsInvalid', 'iconsInvalid', 'manifestInvalid'] as const;
export type PackageErrorCode = (typeof PACKAGE_ERROR_CODES)[number];

/** Why the package was not built, with every problem found at that stage. */
export class PackageError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    readonly problems: string[],
  ) {
    super(`${code}:\n- ${problems.join('\n- ')}`);
    this.name = 'PackageError';
  }
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const IS_VALID: Record<PackageSetting, (value: string) => boolean> = {
  BOT_ID: (v) => GUID.test(v),
  AAD_APP_ID: (v) => GUID.test(v),
  TEAMS_APP_ID: (v) => GUID.test(v),
  HR_TEAMS_APP_ID: (v) => GUID.test(v),
  TAB_DOMAIN: (v) => HOST_NAME.test(v),
};

/** The settings from the environment; throws a PackageError naming every missing or malformed one. */
export function packageSettings(env: Record<string, string | undefined>): PackageSettings {
  const problems: string[] = [];
  const settings = {} as PackageSettings;
  for (const [name, meaning] of Object.entries(REQUIRED_SETTINGS) as [PackageSetting, string][]) {
    const value = env[name]?.trim() ?? '';
    if (!value) problems.push(`${name} is not set: ${meaning}.`);
    else if (!IS_VALID[name](value)) problems.push(`${name} is "${value}", but it must be ${meaning}.`);
    settings[name] = value;
  }
  for (const [name, fallback] of Object.entries(OPTIONAL_SETTINGS) as [PackageSetting, string][]) {
    const value = env[name]?.trim() || fallback;
    if (!IS_VALID[name](value)) problems.push(`${name} is "${value}", but it must be a GUID (or unset for the default ${fallback}).`);
    settings[name] = value;
  }
  if (problems.length > 0) throw new PackageError('settingsInvalid', problems);
  return settings;
}

export interface ManifestCommand {
  title: string;
  description: string;
}

/**
 * The command menu per locale: the help card's commands. Each title must be a command the bot
 * handles, and the locales must list the same commands in the same order, because the English
 * localization translates the Dutch menu entry by entry.
 */
export function manifestCommands(contents: Record<Locale, LocaleContent>): Record<Locale, ManifestCommand[]> {
  const menus = Object.fromEntries(
    LOCALES.map((locale) => [locale, contents[locale].ui.help.commands.map((c) => ({ title: c.command, description: c.description }))]),
  ) as Record<Locale, ManifestCommand[]>;
  const handled = (title: string) => COMMANDS[title.toLowerCase()];
  const problems = LOCALES.flatMap((locale) =>
    menus[locale]
      .filter((c) => !handled(c.title))
      .map((c) => `content/${locale}.yaml ui.help.commands: "${c.title}" is not a command the bot handles (bot/conversation.ts COMMANDS).`),
  );
  const [first, ...others] = LOCALES;
  for (const locale of others) {
    const same =
      menus[locale].length === menus[first].length && menus[locale].every((c, i) => handled(c.title) === handled(menus[first][i]!.title));
    if (!same) problems.push(`content/${locale}.yaml ui.help.commands must list the same commands in the same order as content/${first}.yaml.`);
  }
  if (problems.length > 0) throw new PackageError('commandsInvalid', problems);
  return menus;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const PLACEHOLDER = /\$\{\{(\w+)\}\}/g;

/** Fills `${{NAME}}` inside string values, so no value can break the JSON around it. */
function fill(node: Json, values: Record<string, string>, unknown: Set<string>): Json {
  if (typeof node === 'string') {
    return node.replace(PLACEHOLDER, (whole, name: string) => {
      if (Object.prototype.hasOwnProperty.call(values, name)) return values[name]!;
      unknown.add(name);
      return whole;
    });
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values, unknown));
  if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values, unknown)]));
  return node;
}

/** The value at a localization key such as `staticTabs[1].name` or `name.short`. */
function valueAt(document: Json, key: string): Json | undefined {
  let node: Json | undefined = document;
  for (const part of key.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, Json>)[part];
  }
  return node;
}

/** Localization keys that name no text of the manifest: Teams rejects such a package. */
export function unknownLocalizationKeys(manifest: Json, localization: Record<string, Json>): string[] {
  return Object.keys(localization).filter((key) => key !== '$schema' && typeof valueAt(manifest, key) !== 'string');
}

const COMMAND_LIST_KEY = 'bots[0].commandLists[0]';
/** The command list of the team and group-chat scopes: only the team-discussion kit works there. */
const TEAM_COMMAND_LIST_KEY = 'bots[0].commandLists[1]';

/** The team scopes' one command per locale: the kit's first words and its menu description. */
function teamMenu(locale: Locale): ManifestCommand {
  const kit = loadTeamKitContent(locale);
  return { title: kit.commands[0]!, description: kit.menuDescription };
}

export interface AppPackage {
  manifest: Json;
  /** Localization files by their name in the package. */
  localizations: Record<string, Record<string, Json>>;
  /** Every file of the zip, by name. */
  files: Record<string, Uint8Array>;
}

/** The two apps of one build: the managers' app with the bot, and HR's app with the HR tab only. */
export type AppKind = 'bot' | 'hr';

interface AppSources {
  template: string;
  /** The English localization in manifest/; `en.json` inside the zip. */
  localization: string;
  zip: string;
  /** Whether the bot's command menu goes into it. */
  commands: boolean;
}

export const APP_SOURCES: Record<AppKind, AppSources> = {
  bot: { template: 'manifest.template.json', localization: 'en.json', zip: 'escalatiewijzer.zip', commands: true },
  hr: { template: 'hr.template.json', localization: 'hr.en.json', zip: 'escalatiewijzer-hr.zip', commands: false },
};

export interface BuildOptions {
  kind?: AppKind;
  contents?: Record<Locale, LocaleContent>;
  /** Where the template, en.json and the icons are (default: manifest/). */
  sourceDir?: string;
}

const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;

/** Builds and validates the package in memory; throws a PackageError that says what to fix. */
export function buildAppPackage(settings: PackageSettings, options: BuildOptions = {}): AppPackage {
  const sourceDir = options.sourceDir ?? manifestDir();
  const sources = APP_SOURCES[options.kind ?? 'bot'];
  const menus = sources.commands ? manifestCommands(options.contents ?? loadAllContent()) : null;

  const version = (readJson(path.join(projectRoot(__dirname), 'package.json')) as { version: string }).version;
  const unknown = new Set<string>();
  const manifest = fill(readJson(path.join(sourceDir, sources.template)), { ...settings, APP_VERSION: version }, unknown) as {
    bots: { commandLists: { commands: ManifestCommand[] }[] }[];
  } & Record<string, Json>;
  if (unknown.size > 0) throw new PackageError('manifestInvalid', [...unknown].map((name) => `${sources.template} uses \${{${name}}}, which is no known setting.`));

  const english = readJson(path.join(sourceDir, sources.localization)) as Record<string, Json>;
  if (menus) {
    manifest.bots[0]!.commandLists[0]!.commands = menus.nl;
    menus.en.forEach((command, i) => {
      english[`${COMMAND_LIST_KEY}.commands[${i}].title`] = command.title;
      english[`${COMMAND_LIST_KEY}.commands[${i}].description`] = command.description;
    });
    const teamList = manifest.bots[0]!.commandLists[1];
    if (teamList) {
      teamList.commands = [teamMenu('nl')];
      english[`${TEAM_COMMAND_LIST_KEY}.commands[0].title`] = teamMenu('en').title;
      english[`${TEAM_COMMAND_LIST_KEY}.commands[0].description`] = teamMenu('en').description;
    }
  }
  const localizations = { 'en.json': english };

  const icons = Object.fromEntries(Object.values(ICON_FILES).map((name) => [name, fs.readFileSync(path.join(sourceDir, name))]));
  const iconIssues = (Object.keys(ICON_FILES) as (keyof typeof ICON_FILES)[]).flatMap((kind) => iconProblems(kind, icons[ICON_FILES[kind]]!));
  if (iconIssues.length > 0) throw new PackageError('iconsInvalid', iconIssues);

  const problems = [
    ...schemaProblems('manifest', manifest).map((p) => `manifest.json ${p}`),
    ...Object.entries(localizations).flatMap(([name, localization]) => [
      ...schemaProblems('localization', localization).map((p) => `${name} ${p}`),
      ...unknownLocalizationKeys(manifest, localization).map((key) => `${name}: "${key}" names no text in manifest.json`),
    ]),
  ];
  if (problems.length > 0) throw new PackageError('manifestInvalid', problems);

  const encode = (json: Json) => new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`);
  return {
    manifest,
    localizations,
    files: {
      'manifest.json': encode(manifest),
      ...Object.fromEntries(Object.entries(localizations).map(([name, json]) => [name, encode(json)])),
      ...icons,
    },
  };
}

/** A fixed time stamp in the zip, so the same sources and settings give the same bytes. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

export function appPackageFile(kind: AppKind = 'bot'): string {
  return path.join(manifestDir(), 'build', APP_SOURCES[kind].zip);
}

export function writeAppPackage(env: Record<string, string | undefined>, file: string = appPackageFile(), kind: AppKind = 'bot'): AppPackage {
  const appPackage = buildAppPackage(packageSettings(env), { kind });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zipSync(appPackage.files, { mtime: ZIP_MTIME }));
  return appPackage;
}

function main(): void {
  try {
    for (const kind of Object.keys(APP_SOURCES) as AppKind[]) {
      const file = appPackageFile(kind);
      const { files } = writeAppPackage(process.env, file, kind);
      process.stdout.write(`package: ${path.relative(process.cwd(), file)} (${Object.keys(files).join(', ')}), validated offline\n`);
    }
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    process.stderr.write(`The Teams app package was not built (${error.code}):\n- ${error.problems.join('\n- ')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
