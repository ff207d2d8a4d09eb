/**
 * The `mijn gegevens` page's script: inside Teams it asks for the user's SSO token, and the
 * download button posts it, so only the manager the link was made for gets their data
 * (bot/data-rights/my-data-route.ts). Outside Teams there is no token: the page says to open the
 * link from the chat. Messages come in every language from the page's settings block.
 */
import { saveAttachment, signIn } from './api';
import type { MyDataPageSettings } from '../bot/data-rights/my-data-route';

const settings = JSON.parse(document.getElementById('my-data-settings')!.textContent ?? '{}') as MyDataPageSettings;
const button = document.getElementById('my-data-download') as HTMLButtonElement;
const status = document.getElementById('my-data-status')!;

const MESSAGE_OF_STATUS: Record<number, keyof MyDataPageSettings['messages']> = { 401: 'notInTeams', 404: 'linkGone' };

async function start(): Promise<void> {
  let token: () => Promise<string>;
  try {
    ({ token } = await signIn(null));
  } catch {
    status.textContent = settings.messages.notInTeams;
    return;
  }
  button.disabled = false;
  button.addEventListener('click', () => void download(token));
}

/** Downloads the user's data as a file; any failure is said on the page, never thrown. */
async function download(token: () => Promise<string>): Promise<void> {
  button.disabled = true;
  try {
    const response = await fetch(settings.downloadPath, { method: 'POST', headers: { authorization: `Bearer ${await token()}` } });
    if (response.ok) await saveAttachment(response, 'mijn-gegevens.json');
    else status.textContent = settings.messages[MESSAGE_OF_STATUS[response.status] ?? 'unavailable'];
  } catch {
    status.textContent = settings.messages.unavailable;
  }
}

void start();
