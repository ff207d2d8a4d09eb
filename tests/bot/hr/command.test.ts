/** The bot command `hr` / `overzicht`, through the real handler on cases walked through the bot. */
import Database from 'better-sqlite3';
import { loadHrContent } from '../../../content/hr';
import { loadContent } from '../../../content/load';
import { cardProblems } from '../../helpers/card-schema';
import { Manager } from '../helpers/conversation-client';
import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import { walkCases } from './helpers/walk-cases';
import { HR_DEMO_APPRAISALS, walkAppraisals } from './helpers/walk-appraisals';
import type { Json } from '../../helpers/json';

const HR_USER = 'aad-hr-coordinator-1';
let bot: TestBot;

beforeAll(async () => {
  bot = await createTestBot({ HR_USER_IDS: `${HR_USER},aad-hr-coordinator-2`, HR_MIN_GROUP_SIZE: '5' });
  await walkCases(bot, [
    ...Array.from({ length: 6 }, () => ({ path: 'stopped' as const, orgUnit: 'Beleid', signalDaysAgo: 1 })),
    ...Array.from({ length: 5 }, () => ({ path: 'deniedSanction' as const, orgUnit: 'Beleid', signalDaysAgo: 12 })),
    ...Array.from({ length: 3 }, () => ({ path: 'stopped' as const, orgUnit: 'Toezicht', signalDaysAgo: 2 })),
    ...Array.from({ length: 2 }, () => ({ path: 'stopped' as const, orgUnit: 'Staf', signalDaysAgo: 3 })),
  ]);
  await walkAppraisals(bot, HR_DEMO_APPRAISALS);
});
afterAll(async () => bot.close());

type Fact = { title: string; value: string };
const factsOf = (card: Json): Fact[] => card.body.filter((item: Json) => item.type === 'FactSet').flatMap((set: Json) => set.facts);

describe('the hr command', () => {
  it('shows an HR user the suppressed summary of this year as a card', async () => {
    const hr = new Manager(bot.adapter, HR_USER);
    await hr.say('overzicht');
    const card = hr.lastCard;
    const texts = loadHrContent('nl');
    expect(card.body[0].text).toBe(texts.card.title);
    expect(cardProblems(card)).toEqual([]);
    const facts = factsOf(card);
    expect(facts).toContainEqual({ title: texts.card.period, value: '2026' });
    expect(facts).toContainEqual({ title: texts.card.cases, value: '16' });
    // 11 + 5 of the 16 cases: the hidden rungs add up to 0, and a hidden zero needs no protection
    // (issue 19), so both counts of at least k are shown; the empty rungs stay hidden.
    expect(facts).toContainEqual({ title: texts.tables.highestRung!.categories.address, value: '11' });
    expect(facts).toContainEqual({ title: texts.tables.highestRung!.categories.sanction, value: '5' });
    expect(facts).toContainEqual({ title: texts.tables.highestRung!.categories.routedAway, value: texts.suppression.marker });
    expect(JSON.stringify(card)).toContain(texts.card.suppressedNote.replace('{k}', '5'));
  });

  it('shows the appraisal question of this year: the conversations, and the shares and reasons hidden where their groups are small', async () => {
    const hr = new Manager(bot.adapter, HR_USER);
    await hr.say('hr');
    const texts = loadHrContent('nl');
    const headings = hr.lastCard.body.filter((item: Json) => item.type === 'TextBlock').map((item: Json) => item.text);
    expect(headings).toEqual(expect.arrayContaining([texts.card.appraisals, texts.card.notAskedReasons]));
    const facts = factsOf(hr.lastCard);
    // 33 conversations walked through the bot: 21 asked, 6 of those with something signalled.
    expect(facts).toContainEqual({ title: texts.card.appraisalsRecorded, value: '33' });
    // 21 asked, 12 not, spread over units and quarters that are small in this data: with no
    // exempt unit (issue 19) the audit hides the shares and every reason, and none shows as a number.
    expect(facts).toContainEqual({ title: texts.card.appraisalAskedShare, value: texts.suppression.marker });
    expect(facts).toContainEqual({ title: texts.card.appraisalSignalledShare, value: texts.suppression.marker });
    const reasons = texts.tables.appraisalNotAskedReason!.categories;
    for (const reason of Object.values(reasons)) expect(facts).toContainEqual({ title: reason, value: texts.suppression.marker });
  });

  it('answers `hr` in the user\'s language', async () => {
    const hr = new Manager(bot.adapter, 'aad-hr-coordinator-2', 'en-US');
    await hr.say('HR');
    expect(hr.lastCard.body[0].text).toBe(loadHrContent('en').card.title);
  });

  it('tells anyone else they have no access, and shows no figures', async () => {
    const manager = new Manager(bot.adapter, 'aad-manager-without-hr-role');
    await manager.say('overzicht');
    const text = JSON.stringify(manager.lastCard);
    expect(text).toContain(loadContent('nl').ui.errors.noHrAccess.title);
    expect(text).not.toContain(loadHrContent('nl').card.title);
    expect(text).not.toMatch(/\b16\b/);
  });

  it('records each card in the audit trail', async () => {
    const db = new Database(bot.dbFile, { readonly: true });
    const rows = db.prepare("SELECT actor FROM audit WHERE detail = 'hrSummaryCard' ORDER BY seq").all();
    db.close();
    expect(rows).toEqual([{ actor: HR_USER }, { actor: HR_USER }, { actor: 'aad-hr-coordinator-2' }]);
  });
});
