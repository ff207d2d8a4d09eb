/** A planned agenda's moment is Dutch time, summer and winter alike (bot/team-kit/planned-time.ts). */
import { amsterdamInstant } from '../../../bot/team-kit/planned-time';

describe('a date and time in Amsterdam', () => {
  it.each([
    ['2026-12-08', '09:00', '2026-12-08T08:00:00.000Z'],
    ['2026-07-08', '09:00', '2026-07-08T07:00:00.000Z'],
    // The last Sunday of March 02:00 does not exist on the clock; 03:30 is summer time already.
    ['2026-03-29', '03:30', '2026-03-29T01:30:00.000Z'],
    ['2026-03-29', '01:30', '2026-03-29T00:30:00.000Z'],
    ['2026-10-25', '03:30', '2026-10-25T02:30:00.000Z'],
    ['2026-12-31', '23:59', '2026-12-31T22:59:00.000Z'],
  ])('%s %s is %s', (date, time, instant) => {
    expect(amsterdamInstant(date, time)?.toISOString()).toBe(instant);
  });

  it.each([
    ['2026-02-30', '09:00'],
    ['2026-12-08', '24:00'],
    ['2026-12-08', '09:60'],
    ['8-12-2026', '09:00'],
    ['2026-12-08', '9:00'],
    ['', ''],
  ])('%s %s is no moment', (date, time) => {
    expect(amsterdamInstant(date, time)).toBeNull();
  });
});
