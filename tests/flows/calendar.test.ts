import { addDays, addMonths, addWorkingDays, dutchPublicHolidays, easterSunday, isoWeek, isWorkingDay, quarterOf, quarterOfIsoWeek, thursdayOfIsoWeek, workingDaysBetween } from '../../flows/calendar';

describe('working days in the Rijk', () => {
  it('knows Easter', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('lists the Dutch public holidays of 2026', () => {
    expect([...dutchPublicHolidays(2026)].sort()).toEqual([
      '2026-01-01', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26',
    ]);
  });

  it('moves King’s Day to the 26th when the 27th is a Sunday', () => {
    expect(dutchPublicHolidays(2025).has('2025-04-26')).toBe(true);
    expect(dutchPublicHolidays(2025).has('2025-04-27')).toBe(false);
  });

  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2026-11-24')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-12-25')).toBe(false);
    // Friday 20 Nov + 5 working days = Friday 27 Nov
    expect(addWorkingDays('2026-11-20', 5)).toBe('2026-11-27');
    // Thursday 24 Dec: 28, 29, 30, 31 Dec, then past New Year's Day and the weekend to Monday 4 Jan
    expect(addWorkingDays('2026-12-24', 5)).toBe('2027-01-04');
    // Easter Monday and King's Day
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-03');
    expect(addWorkingDays('2026-04-03', 1)).toBe('2026-04-07');
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(workingDaysBetween('2026-11-20', '2026-11-30')).toBe(6);
    expect(workingDaysBetween('2026-11-27', '2026-11-20')).toBe(0);
  });

  it('adds months, clamping to the month’s last day', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 3)).toBe('2026-04-15');
  });

  it('gives ISO weeks and quarters', () => {
    expect(isoWeek('2026-11-24')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(quarterOf('2026-11-24')).toBe('2026-Q4');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
  });
});

describe('quarters made of whole ISO weeks', () => {
  it('puts a week in the quarter of its Thursday, also across a year boundary', () => {
    expect(thursdayOfIsoWeek('2026-W48')).toBe('2026-11-26');
    expect(quarterOfIsoWeek('2026-W14')).toBe('2026-Q2'); // Monday 30 March, Thursday 2 April
    expect(thursdayOfIsoWeek('2027-W01')).toBe('2027-01-07');
    expect(quarterOfIsoWeek('2020-W53')).toBe('2020-Q4'); // Thursday 31 December 2020
    expect(quarterOfIsoWeek('2026-W01')).toBe('2026-Q1'); // starts Monday 29 December 2025
  });

  it('agrees with isoWeek for every day of several years', () => {
    for (let day = '2019-12-23'; day <= '2027-01-10'; day = addDays(day, 1)) {
      expect(isoWeek(thursdayOfIsoWeek(isoWeek(day)))).toBe(isoWeek(day));
    }
  });
});
