/**
 * Free-text questions through the real bot (TestAdapter, real SQLite): the held-out frozen question
 * set measures which situation the answer is about, and the open-case and no-match answers are
 * checked in both languages.
 */
import { loadContent } from '../../content/load';
import { loadSituationsContent } from '../../content/situations';
import type { SituationId } from '../../flows/situations';
import { executeActions, Manager } from './helpers/conversation-client';
import { SIGNAL } from './helpers/ladder-inputs';
import { cardOf } from './helpers/recording-adapter';
import { createTestBot } from './helpers/test-bot';
import type { TestBot } from './helpers/test-bot';
import { FROZEN_QUESTIONS } from './fixtures/frozen-questions';

/** The target: below this share of right answers on the frozen set the test fails. */
const MIN_ACCURACY = 0.9;

const situations = { nl: loadSituationsContent('nl', loadContent('nl')), en: loadSituationsContent('en', loadContent('en')) };
const text = (card: unknown) => JSON.stringify(card);

let bot: TestBot;
beforeEach(async () => {
  bot = await createTestBot();
});
afterEach(async () => {
  await bot.close();
});

/** The situation the answer card offers to start a case for, or null for the "not sure" answer. */
function answeredSituation(card: unknown): SituationId | null {
  return executeActions(card).find((action) => action.data?.kind === 'situation')?.data.situation ?? null;
}

async function ask(manager: Manager, question: string) {
  const out = await manager.say(question);
  expect(out.sent).toHaveLength(1);
  return cardOf(out.sent[0]);
}

describe('the frozen question set (held out from the content)', () => {
  it('finds the situation of at least 90 % of the questions, asked by Dutch users and the English ones also by English users', async () => {
    const asked = [
      ...FROZEN_QUESTIONS.map((q) => ({ ...q, teamsLocale: 'nl-NL' as const })),
      ...FROZEN_QUESTIONS.filter((q) => q.language === 'en').map((q) => ({ ...q, teamsLocale: 'en-US' as const })),
    ];
    const misses: string[] = [];
    for (const [index, q] of asked.entries()) {
      const card = await ask(new Manager(bot.adapter, `frozen-${index}`, q.teamsLocale), q.question);
      const answered = answeredSituation(card);
      if (answered !== q.expected) misses.push(`  row ${q.row} (${q.teamsLocale}) "${q.question}": expected ${q.expected}, answered ${answered ?? 'no match'}`);
    }
    const accuracy = (asked.length - misses.length) / asked.length;
    const dutchUsers = asked.filter((q) => q.teamsLocale === 'nl-NL');
    const dutchMisses = misses.filter((miss) => miss.includes('(nl-NL)')).length;
    process.stdout.write(
      `Free-text top-1 accuracy on the frozen set: ${(accuracy * 100).toFixed(1)} % (${asked.length - misses.length}/${asked.length} turns; ` +
        `Dutch users ${dutchUsers.length - dutchMisses}/${dutchUsers.length})\nMisses:\n${misses.join('\n') || '  none'}\n`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
  });
});

describe('a question without an open case', () => {
  it.each([
    ['nl-NL', 'nl', 'Een klant aan het loket scheldt mijn collega uit om zijn huidskleur'],
    ['en-US', 'en', 'A customer at the counter insults my colleague because of his skin colour'],
    // A question in the other language is answered in the user's own.
    ['nl-NL', 'nl', 'A customer at the counter insults my colleague because of his skin colour'],
    ['en-US', 'en', 'Een klant aan het loket scheldt mijn collega uit om zijn huidskleur'],
  ] as const)('%s: answers in %s with the situation, its essentials and a button that starts a pre-filled case', async (teamsLocale, locale, question) => {
    const manager = new Manager(bot.adapter, 'm', teamsLocale);
    const card = await ask(manager, question);
    const entry = situations[locale].situations.citizenPerpetrator;
    expect(text(card)).toContain(entry.about);
    expect(text(card)).toContain(JSON.stringify(entry.essentials[0]).slice(1, -1));
    expect(answeredSituation(card)).toBe('citizenPerpetrator');

    await manager.execute('situation');
    expect(text(manager.lastCard)).toContain(loadContent(locale).steps.signalRecord.title);
    expect(await bot.store.listByOwner('m')).toEqual([]);
  });

  it.each([
    ['nl-NL', 'nl', 'Hoe laat gaat de kantine open?'],
    ['en-US', 'en', 'Where do I find my payslip?'],
    ['nl-NL', 'nl', 'wat moet ik nu doen?'],
  ] as const)('%s: says plainly when nothing matches, and offers help and a new signal', async (teamsLocale, locale, question) => {
    const card = await ask(new Manager(bot.adapter, 'm', teamsLocale), question);
    expect(text(card)).toContain(situations[locale].ui.noMatch.title);
    expect(answeredSituation(card)).toBeNull();
    expect(executeActions(card).map((action) => action.data?.command)).toEqual(['help', 'new']);
  });
});

describe('a question while a case is open', () => {
  async function managerWithOpenCase(teamsLocale: 'nl-NL' | 'en-US') {
    const manager = new Manager(bot.adapter, `open-${teamsLocale}`, teamsLocale);
    await manager.say(teamsLocale === 'nl-NL' ? 'nieuw' : 'new');
    await manager.execute('RECORD_SIGNAL', SIGNAL);
    const [row] = await bot.store.listByOwner(manager.aadObjectId);
    return { manager, caseId: row!.id };
  }

  it.each([
    ['nl-NL', 'nl', 'Een ingehuurde kracht van het uitzendbureau maakt opmerkingen over mijn medewerkster haar afkomst'],
    ['en-US', 'en', 'An agency temp keeps making comments about the origin of my employee'],
  ] as const)('%s: answers the question for its own situation and offers to continue the open case', async (teamsLocale, locale, question) => {
    const { manager, caseId } = await managerWithOpenCase(teamsLocale);
    const card = await ask(manager, question);
    expect(answeredSituation(card)).toBe('externalWorker');
    expect(text(card)).toContain(situations[locale].situations.externalWorker.about);
    expect(text(card)).toContain(situations[locale].ui.openCaseHint);
    const open = executeActions(card).filter((action) => action.data?.kind === 'open');
    expect(open.map((action) => action.data.caseId)).toEqual([caseId]);

    await manager.execute('open');
    expect(text(manager.lastCard)).toContain(loadContent(locale).steps.signalConversation.title);
  });

  it.each([
    ['nl-NL', 'nl', 'wat moet ik nu doen?'],
    ['en-US', 'en', 'what should I do now?'],
  ] as const)('%s: when nothing matches, says so and offers the open case, help and a new signal', async (teamsLocale, locale, question) => {
    const { manager, caseId } = await managerWithOpenCase(teamsLocale);
    const card = await ask(manager, question);
    expect(text(card)).toContain(situations[locale].ui.noMatch.title);
    expect(executeActions(card).map((action) => action.data?.caseId ?? action.data?.command)).toEqual([caseId, 'help', 'new']);
  });
});
