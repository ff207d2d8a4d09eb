/**
 * The Agents Toolkit project (m365agents.yml, m365agents.local.yml, env/, infra/) holds together:
 * both files validate against the toolkit's published YAML schema (a copy in vendor/), every
 * `${{VARIABLE}}` they, the Bicep parameters and the Entra manifest use has a source, and the SSO
 * app they provision is the one the Teams manifests name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DEFAULT_HR_ROLE } from '../../bot/hr/hr-config';
import { startHrServer, startJwks } from '../bot/hr/helpers/hr-server';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const SCHEMA_FILE = 'vendor/m365-agents-toolkit/yaml.schema.v1.13.json';
const PROJECTS = { 'm365agents.yml': 'env/.env.dev', 'm365agents.local.yml': 'env/.env.local' } as const;
type ProjectFile = keyof typeof PROJECTS;

interface Action {
  uses: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
  version: string;
  provision?: Action[];
  deploy?: Action[];
  publish?: Action[];
}

const project = (file: ProjectFile) => parse(read(file)) as Project;
const actions = (file: ProjectFile) => {
  const p = project(file);
  return [...(p.provision ?? []), ...(p.deploy ?? []), ...(p.publish ?? [])];
};
const placeholders = (text: string) => [...text.matchAll(/\$\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);

/** Names an env file declares (with or without a value). */
const declared = (file: string) => read(file).split('\n').map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1]).filter((n): n is string => Boolean(n));

/** The outputs of infra/main.bicep, which arm/deploy writes to the env file. */
const bicepOutputs = () => [...read('infra/main.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]!);

/** What the toolkit sets itself, and what the first-run script action writes (`::set-teamsfx-env`). */
const setByScripts = (file: ProjectFile) => actions(file).flatMap((a) => [...(typeof a.with?.run === 'string' ? a.with.run : '').matchAll(/'(SECRET_[A-Z_]+)'/g)].map((m) => m[1]!));

/** Every variable a project file can rely on: its env file, what actions write, Bicep outputs. */
function knownVariables(file: ProjectFile): Set<string> {
  const written = actions(file).flatMap((a) => Object.values(a.writeToEnvironmentFile ?? {}));
  return new Set([...declared(PROJECTS[file]), ...written, ...bicepOutputs(), ...setByScripts(file)]);
}

describe('the Agents Toolkit project files', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(read(SCHEMA_FILE)) as object);

  it.each(Object.keys(PROJECTS) as ProjectFile[])('%s validates against the toolkit’s published schema v1.13', (file) => {
    const document = project(file);
    const valid = validate(document);
    expect(valid ? [] : validate.errors).toEqual([]);
    expect(document.version).toBe('v1.13');
    expect(read(file)).toContain('https://aka.ms/m365-agents-toolkits/v1.13/yaml.schema.json');
  });

  it('the schema refuses what the toolkit would refuse: an unknown action, a missing field', () => {
    expect(validate({ version: 'v1.13', provision: [{ uses: 'teamsApp/teleport', with: {} }] })).toBe(false);
    expect(validate({ version: 'v1.13', provision: [{ uses: 'teamsApp/create', with: { name: 'x' } }] })).toBe(false);
    expect(validate({ version: 'v1.12' })).toBe(false);
  });

  it.each(Object.keys(PROJECTS) as ProjectFile[])('%s uses no variable without a source', (file) => {
    const known = knownVariables(file);
    expect(placeholders(read(file)).filter((name) => !known.has(name))).toEqual([]);
  });

  it('provisions the bot, the SSO app, Azure and both Teams apps, then uploads both packages', () => {
    const steps = project('m365agents.yml').provision!.map((a) => a.uses);
    expect(steps).toEqual(
      expect.arrayContaining(['teamsApp/create', 'botAadApp/create', 'aadApp/create', 'arm/deploy', 'aadApp/update', 'cli/runNpmCommand', 'teamsApp/update']),
    );
    // The Entra app must exist before Azure is provisioned, and the domain before the SSO URI is set.
    expect(steps.indexOf('aadApp/create')).toBeLessThan(steps.indexOf('arm/deploy'));
    expect(steps.indexOf('arm/deploy')).toBeLessThan(steps.indexOf('aadApp/update'));
    const uploads = actions('m365agents.yml').filter((a) => a.uses === 'teamsApp/update').map((a) => a.with!.appPackagePath);
    expect(uploads).toEqual(['./manifest/build/escalatiewijzer.zip', './manifest/build/escalatiewijzer-hr.zip']);
    const published = actions('m365agents.yml').filter((a) => a.uses === 'teamsApp/publishAppPackage').map((a) => a.with!.appPackagePath);
    expect(published).toEqual(uploads);
  });
});

describe('the Azure templates the project deploys', () => {
  const bicep = read('infra/main.bicep');
  const parameters = JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, { value: string }> };

  it('fill every parameter without a default, and name no parameter the template lacks', () => {
    const declaredParams = [...bicep.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({ name: m[1]!, hasDefault: Boolean(m[2]) }));
    const given = Object.keys(parameters.parameters);
    expect(given.filter((name) => !declaredParams.some((p) => p.name === name))).toEqual([]);
    expect(declaredParams.filter((p) => !p.hasDefault && !given.includes(p.name)).map((p) => p.name)).toEqual([]);
    const known = knownVariables('m365agents.yml');
    expect(placeholders(JSON.stringify(parameters)).filter((name) => !known.has(name))).toEqual([]);
    // aadApp/update generates the scope id when it is empty.
    const entraKnown = new Set([...known, 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID']);
    expect(placeholders(read('infra/entra/sso-app.manifest.json')).filter((name) => !entraKnown.has(name))).toEqual([]);
  });

  it('pass secrets as secure parameters into Key Vault and only references into the app settings', () => {
    for (const name of ['botPassword', 'notesKey', 'caseKeySecret', 'postgresAdminPassword']) {
      expect(bicep).toMatch(new RegExp(`@secure\\(\\)\\n(@description\\(.*\\)\\n)?param ${name} string\\n`));
      expect(parameters.parameters[name]!.value).toMatch(/^\$\{\{SECRET_[A-Z_]+\}\}$/);
    }
    // In the container's env, a secret appears only as a secretRef to a Key Vault reference.
    for (const variable of ['MicrosoftAppPassword', 'NOTES_KEY', 'CASE_KEY_SECRET', 'DATABASE_URL']) {
      expect(bicep).toMatch(new RegExp(`\\{ name: '${variable}', secretRef: '[a-z-]+' \\}`));
    }
    expect(bicep).toContain("keyVaultUrl: '${vault.properties.vaultUri}secrets/${secret.key}', identity: identity.id");
  });
});

describe('single sign-on as provisioned', () => {
  const entra = JSON.parse(read('infra/entra/sso-app.manifest.json')) as {
    identifierUris: string[];
    api: { requestedAccessTokenVersion: number; oauth2PermissionScopes: { value: string; id: string }[]; preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[] };
    appRoles: { value: string; allowedMemberTypes: string[] }[];
  };
  const teamsManifest = JSON.parse(read('manifest/manifest.template.json')) as { webApplicationInfo: { id: string; resource: string } };

  it('gives the SSO app the Application ID URI the Teams manifest names', () => {
    expect(entra.identifierUris).toEqual([teamsManifest.webApplicationInfo.resource]);
    expect(teamsManifest.webApplicationInfo).toEqual({ id: '${{AAD_APP_ID}}', resource: 'api://${{TAB_DOMAIN}}/${{AAD_APP_ID}}' });
  });

  it('pre-authorises the Teams, Outlook and Microsoft 365 clients for access_as_user, and defines the HR role', () => {
    const scope = entra.api.oauth2PermissionScopes.find((s) => s.value === 'access_as_user')!;
    const clients = entra.api.preAuthorizedApplications.filter((a) => a.delegatedPermissionIds.includes(scope.id)).map((a) => a.appId);
    // Teams desktop/mobile and Teams web; the rest are Microsoft 365 and Outlook (web, desktop, mobile).
    expect(clients).toEqual(expect.arrayContaining(['1fec8e78-bce4-4aaf-ab1b-5451cc387264', '5e3ce6c0-2b1f-4285-8d4b-75ee78787346']));
    expect(clients).toHaveLength(7);
    expect(entra.api.requestedAccessTokenVersion).toBe(2);
    expect(entra.appRoles).toEqual([expect.objectContaining({ value: DEFAULT_HR_ROLE, allowedMemberTypes: ['User'] })]);
  });

  it('a token Entra ID issues for that app, signed with local keys, opens the HR API with the settings Bicep gives the app', async () => {
    const tenant = '5e7a0c1d-0000-4000-8000-00000000e057';
    const ssoAppId = '66666666-7777-4888-9999-000000000000';
    const appDomain = 'ewdev-app.example.westeurope.azurecontainerapps.io';
    // HR_AUDIENCES exactly as infra/main.bicep sets it, with this environment's values.
    const audiences = /\{ name: 'HR_AUDIENCES', value: '(.+)' \}/.exec(read('infra/main.bicep'))![1]!.replace(/\$\{ssoAppId\}/g, ssoAppId).replace(/\$\{appDomain\}/g, appDomain);
    expect(audiences).toBe(`${ssoAppId},api://${appDomain}/${ssoAppId}`);
    const jwks = await startJwks();
    const server = await startHrServer({ HR_TENANT_ID: tenant, HR_JWKS_URL: jwks.url, HR_AUDIENCES: audiences });
    try {
      const at = Math.floor(server.bot.clock.now.getTime() / 1000);
      const token = (extra: Record<string, unknown>) =>
        jwks.sign({ iss: `https://login.microsoftonline.com/${tenant}/v2.0`, aud: ssoAppId, tid: tenant, oid: 'aad-hr-provisioned', roles: [entra.appRoles[0]!.value], iat: at - 60, nbf: at - 60, exp: at + 3600, ...extra });
      const summary = async (extra: Record<string, unknown>) => (await server.get('/api/hr/summary?period=2026', await token(extra))).status;
      expect(await summary({})).toBe(200);
      expect(await summary({ aud: `api://${appDomain}/${ssoAppId}` })).toBe(200);
      expect(await summary({ aud: '11111111-2222-4333-8444-555555555555' })).toBe(401);
      expect(await summary({ roles: [] })).toBe(403);
    } finally {
      await server.close();
      await jwks.close();
    }
  });
});
