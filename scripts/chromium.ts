/**
 * The scripts' and tests' headless Chromium is the bot's (bot/browser/chromium.ts): the rapportage
 * prints with it in production, and the bot does not depend on scripts/.
 */
export * from '../bot/browser/chromium';
