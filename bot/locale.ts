import type { Locale } from '../content/load';

/** Dutch first; English when the user's Teams locale is English. */
export function localeOf(teamsLocale: string | undefined): Locale {
  return teamsLocale?.toLowerCase().startsWith('en') ? 'en' : 'nl';
}
