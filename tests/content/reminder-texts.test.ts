/**
 * Reminder texts say what kind of term they are about: the 5 working days for addressing the
 * behaviour are a guideline of this guide ("richttijd"), not a rule; the Wbk terms are the law's.
 */
import { loadContent } from '../../content/load';

const ADDRESS_KINDS = ['addressSoon', 'addressOverdue'] as const;

describe('reminder texts', () => {
  it.each([
    ['nl', /richttijd/, /hoort binnen 5 werkdagen|moet binnen 5 werkdagen/i],
    ['en', /guideline/, /must (be addressed|happen) within 5 working days|should be addressed within 5 working days/i],
  ] as const)('%s: the address reminders call the 5 working days a guideline, never a rule', (locale, guideline, rule) => {
    const kinds = loadContent(locale).reminders.kinds;
    for (const kind of ADDRESS_KINDS) {
      expect(kinds[kind].body).toMatch(guideline);
      expect(kinds[kind].body).toMatch(/5/);
      expect(kinds[kind].body).not.toMatch(rule);
    }
  });

  it.each([
    ['nl', /na de ontvangstbevestiging/, /7 dagen na de melding/],
    ['en', /of the acknowledgement of receipt/, /7 days after the report/],
  ] as const)('%s: the Wbk feedback reminder counts the 3 months from the acknowledgement, else from the end of the 7 days', (locale, fromAck, fromDay7) => {
    const body = loadContent(locale).reminders.kinds.whistleblowerFeedback.body;
    expect(body).toMatch(fromAck);
    expect(body).toMatch(fromDay7);
  });
});
