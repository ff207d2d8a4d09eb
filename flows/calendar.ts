/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`, UTC), pure. Working days skip weekends and the
 * public holidays of the CAO Rijk: New Year, Easter Monday, King's Day, Liberation Day (every year
 * in the Rijk), Ascension Day, Whit Monday and both Christmas days. Easter Sunday and Whit Sunday
 * fall on Sundays anyway; Good Friday is not a general day off in the Rijk.
 */
import type { IsoDate, IsoInstant } from './escalation/types';

const DAY_MS = 86_400_000;

export function toDate(iso: IsoDate): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The calendar day (UTC) of an instant. */
export function dayOf(instant: IsoInstant): IsoDate {
  return instant.slice(0, 10);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return toIsoDate(new Date(toDate(iso).getTime() + days * DAY_MS));
}

export function addMonths(iso: IsoDate, months: number): IsoDate {
  const d = toDate(iso);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return toIsoDate(target);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const holidayCache = new Map<number, ReadonlySet<IsoDate>>();

export function dutchPublicHolidays(year: number): ReadonlySet<IsoDate> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  // King's Day moves to the 26th when the 27th is a Sunday.
  const kingsDay = toDate(`${year}-04-27`).getUTCDay() === 0 ? `${year}-04-26` : `${year}-04-27`;
  const days = new Set<IsoDate>([
    `${year}-01-01`,
    addDays(easter, 1),
    kingsDay,
    `${year}-05-05`,
    addDays(easter, 39),
    addDays(easter, 50),
    `${year}-12-25`,
    `${year}-12-26`,
  ]);
  holidayCache.set(year, days);
  return days;
}

export function isWorkingDay(iso: IsoDate): boolean {
  const weekday = toDate(iso).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !dutchPublicHolidays(Number(iso.slice(0, 4))).has(iso);
}

/** The date `n` working days after `iso` (the day itself does not count). */
export function addWorkingDays(iso: IsoDate, n: number): IsoDate {
  let day = iso;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/** Working days after `from` up to and including `to`; 0 when `to` is not later. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count += 1;
  }
  return count;
}

/** ISO 8601 week of a date, e.g. `2026-W48`: HR sees dates no finer than this. */
export function isoWeek(iso: IsoDate): string {
  const date = toDate(iso);
  const weekday = date.getUTCDay() || 7;
  const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Calendar quarter of a date, e.g. `2026-Q4`. */
export function quarterOf(iso: IsoDate): string {
  return `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The Thursday of an ISO week (`2026-W48`): it fixes the week's year, month and quarter. */
export function thursdayOfIsoWeek(week: string): IsoDate {
  const year = Number(week.slice(0, 4));
  const number = Number(week.slice(6));
  const jan4 = toDate(`${year}-01-04`);
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS;
  return toIsoDate(new Date(mondayOfWeek1 + (3 + (number - 1) * 7) * DAY_MS));
}

/**
 * The calendar quarter an ISO week belongs to (the quarter of its Thursday), e.g. `2026-Q4`: HR
 * periods are made of whole ISO weeks, so no period boundary splits a week.
 */
export function quarterOfIsoWeek(week: string): string {
  return quarterOf(thursdayOfIsoWeek(week));
}
