/**
 * Validation against the official Teams app manifest schemas, offline: the schema files ship inside
 * `@microsoft/app-manifest` (draft-04 JSON Schema). The validator is ours rather than the package's
 * `AppManifestUtils.validateAgainstSchema`, for two reasons: that one fetches a schema from the
 * network when it misses a local copy, and it compiles patterns as Unicode regular expressions,
 * which the localization schema's `activities.activityTypes[\b…\b]` keys are not (it throws).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** The manifest schema version of manifest/manifest.template.json. */
export const MANIFEST_VERSION = '1.24';

export type TeamsSchemaKind = 'manifest' | 'localization';

const SCHEMA_FILES: Record<TeamsSchemaKind, string> = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
};

function schemaFile(kind: TeamsSchemaKind, version: string): string {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, SCHEMA_FILES[kind]);
}

const validators = new Map<string, ValidateFunction>();

function validatorOf(kind: TeamsSchemaKind, version: string): ValidateFunction {
  const file = schemaFile(kind, version);
  let validate = validators.get(file);
  if (!validate) {
    if (!fs.existsSync(file)) throw new Error(`No offline Teams ${kind} schema for version ${version} in @microsoft/app-manifest (${file})`);
    const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
    validators.set(file, validate);
  }
  return validate;
}

/** Schema violations as `/path message` lines; empty when the document is valid. */
export function schemaProblems(kind: TeamsSchemaKind, document: unknown, version: string = MANIFEST_VERSION): string[] {
  const validate = validatorOf(kind, version);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}
