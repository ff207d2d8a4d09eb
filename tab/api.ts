/**
 * Signing in and calling the HR API from the tab.
 *
 * Inside Teams (the page runs in the Teams host's frame): teams-js is initialised and
 * `authentication.getAuthToken()` gives the SSO token. Outside Teams, in development mode only,
 * the bot's development token endpoint gives one; in production outside Teams there is none and
 * the page says to open it in Teams. Errors carry the API's error code, which the page translates.
 */
import type * as TeamsJs from '@microsoft/teams-js';
import { HR_API_ERROR_CODES } from '../flows/hr/api-errors';
import type { HrApiErrorCode } from '../flows/hr/api-errors';

declare global {
  interface Window {
    microsoftTeams?: typeof TeamsJs;
  }
}

export class HrApiError extends Error {
  /** @param retryAfterSeconds the answer's Retry-After, when it says when to ask again (`figuresComputing`). */
  constructor(
    readonly code: HrApiErrorCode,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(code);
    this.name = 'HrApiError';
  }
}

export interface SignIn {
  /** A token for the next request (Teams caches and renews it). */
  token: () => Promise<string>;
  /** The Teams user interface language, when inside Teams. */
  teamsLocale: string | null;
}

const isFramed = () => {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
};

export async function signIn(devTokenUrl: string | null): Promise<SignIn> {
  const teams = window.microsoftTeams;
  if (teams && isFramed()) {
    await teams.app.initialize();
    const context = await teams.app.getContext();
    // Only hides Teams' loading indicator: nothing here waits for it.
    void teams.app.notifySuccess();
    return { token: () => teams.authentication.getAuthToken(), teamsLocale: context.app.locale ?? null };
  }
  if (!devTokenUrl) throw new HrApiError('notInTeams');
  const response = await fetch(devTokenUrl, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new HrApiError('unauthorized');
  const { token } = (await response.json()) as { token: string };
  return { token: () => Promise.resolve(token), teamsLocale: null };
}

async function request(signInState: SignIn, path: string, params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== ''));
  const response = await fetch(`${path}?${query.toString()}`, { headers: { authorization: `Bearer ${await signInState.token()}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    const known = (HR_API_ERROR_CODES as readonly string[]).includes(body.error ?? '');
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    throw new HrApiError(known ? (body.error as HrApiErrorCode) : 'internal', Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null);
  }
  return response;
}

export async function getJson<T>(signInState: SignIn, path: string, params: Record<string, string>): Promise<T> {
  return (await request(signInState, path, params)).json() as Promise<T>;
}

/** Downloads a file the API sends as an attachment (the bearer token cannot ride on a plain link). */
export async function download(signInState: SignIn, path: string, params: Record<string, string>, fallbackName: string): Promise<void> {
  await saveAttachment(await request(signInState, path, params), fallbackName);
}

/** Saves a response's body as the file its Content-Disposition names. */
export async function saveAttachment(response: Response, fallbackName: string): Promise<void> {
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
