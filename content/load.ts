/**
 * Reads and validates the content files. Runs at bot start-up: invalid content stops the bot with
 * a message that names the file and every failing path, so a policy owner can fix it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CONTENT_LOCALES, localeContentSchema, meldkanalenSchema } from './schema';
import type { LocaleContent, Meldkanalen } from './schema';

export const LOCALES = CONTENT_LOCALES;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The project root: the nearest folder above this file that holds a package.json. Works both from
 * the sources (content/load.ts) and compiled (dist/content/load.js).
 */
export function projectRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${start}: cannot locate the content folder`);
    dir = parent;
  }
}

/** The folder with the default content files. */
export function contentDir(): string {
  return path.join(projectRoot(), 'content');
}

/** `steps.signalRecord.checklist[2]` */
function formatPath(issuePath: readonly PropertyKey[]): string {
  let out = '';
  for (const part of issuePath) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeIssues(fileName: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return `  - ${formatPath(issue.path)}: ${issue.message}${keys}`;
  });
  return `Invalid content in ${fileName}:\n${lines.join('\n')}`;
}

export function parseWith<S extends z.ZodType>(schema: S, text: string, fileName: string): z.output<S> {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`Invalid YAML in ${fileName}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(describeIssues(fileName, result.error));
  return result.data;
}

/** Parses and validates one locale's content; `fileName` is only used in error messages. */
export function parseContent(text: string, fileName: string): LocaleContent {
  return parseWith(localeContentSchema, text, fileName);
}

/** Parses and validates a list of reporting channels; `fileName` is only used in error messages. */
export function parseMeldkanalen(text: string, fileName: string): Meldkanalen {
  return parseWith(meldkanalenSchema, text, fileName);
}

const contentCache = new Map<string, LocaleContent>();

/**
 * The content of one locale, validated and cached. `dir` defaults to the project's content folder;
 * an organisation may point it at its own folder with the same file names.
 */
export function loadContent(locale: Locale, dir: string = contentDir()): LocaleContent {
  const file = path.resolve(dir, `${locale}.yaml`);
  const cached = contentCache.get(file);
  if (cached) return cached;
  const content = parseContent(fs.readFileSync(file, 'utf8'), file);
  if (content.meta.locale !== locale) {
    throw new Error(`Invalid content in ${file}:\n  - meta.locale: expected "${locale}", found "${content.meta.locale}"`);
  }
  contentCache.set(file, content);
  return content;
}

/** Every locale's content, as the bot needs it at start-up. */
export function loadAllContent(dir: string = contentDir()): Record<Locale, LocaleContent> {
  return { nl: loadContent('nl', dir), en: loadContent('en', dir) };
}

/** The reporting channels: the default file, or an organisation's override file with the same schema. */
export function loadMeldkanalen(overridePath?: string): Meldkanalen {
  const file = overridePath ? path.resolve(overridePath) : path.join(contentDir(), 'meldkanalen.yaml');
  return parseMeldkanalen(fs.readFileSync(file, 'utf8'), file);
}
