/**
 * One-time download links of `mijn gegevens`: 32 random bytes (base64url) in the URL, only their
 * SHA-256 in the store. The link alone downloads nothing: the page it opens asks Teams for the
 * user's SSO token and the download needs the token of the manager the link was made for, once,
 * within minutes. A copy of the database holds no working link.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The download itself (POST, with the SSO token). */
export const MY_DATA_PATH = '/api/my-data';
/** The page the link opens: a tab page, so Teams may show it and its script may ask for the token. */
export const MY_DATA_PAGE_PATH = '/tab/my-data';
/** 32 bytes in base64url, without padding. */
export const MY_DATA_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newMyDataToken(): string {
  return randomBytes(32).toString('base64url');
}

export function myDataTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The page's address on the bot's host. */
export function myDataPageUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}${MY_DATA_PAGE_PATH}/${token}`;
}

/**
 * What the card's button opens. With the Teams app id known, a Teams dialog deep link, so the page
 * opens inside Teams (where single sign-on works) rather than in a browser; without it (development,
 * the Playground) the page itself.
 */
export function myDataUrl(publicBaseUrl: string, token: string, teamsAppId: string | null = null, title = ''): string {
  const page = myDataPageUrl(publicBaseUrl, token);
  if (!teamsAppId) return page;
  const query = new URLSearchParams({ url: page, height: 'medium', width: 'medium', title });
  return `https://teams.microsoft.com/l/task/${encodeURIComponent(teamsAppId)}?${query.toString()}`;
}
