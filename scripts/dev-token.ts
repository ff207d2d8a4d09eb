/**
 * `npm run dev-token -- --role hr|manager`: prints a development bearer token for the HR API,
 * signed with the development key pair in DATA_DIR (the one the bot trusts in development).
 * Refuses in production and whenever the HR API is set up for Entra ID.
 *
 *   curl -H "Authorization: Bearer $(npm run -s dev-token -- --role hr)" localhost:3978/api/hr/summary
 */
import { developmentToken } from '../bot/hr/auth';
import type { DevRole } from '../bot/hr/auth';
import { ConfigError, loadConfig } from '../bot/config';

export function parseDevTokenArgs(args: readonly string[]): DevRole {
  const joined = args.join(' ');
  const role = /--role[= ](\S+)/.exec(joined)?.[1] ?? 'hr';
  if (role !== 'hr' && role !== 'manager') throw new Error(`--role must be hr or manager, not "${role}"`);
  return role;
}

async function main(): Promise<number> {
  try {
    const role = parseDevTokenArgs(process.argv.slice(2));
    const config = loadConfig();
    if (config.hr.identity !== 'development') {
      console.error('dev-token: development tokens exist only in development mode (not with NODE_ENV=production or HR_TENANT_ID/HR_JWKS_URL set).');
      return 1;
    }
    console.log(await developmentToken(config.hr, role));
    return 0;
  } catch (error) {
    console.error(`dev-token: ${error instanceof ConfigError || error instanceof Error ? error.message : 'failed'}`);
    return 1;
  }
}

if (require.main === module) void main().then((code) => (process.exitCode = code));
