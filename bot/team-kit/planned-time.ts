/**
 * The moment a manager picks for a planned agenda: a date and a time as Dutch clocks show them
 * (Europe/Amsterdam, summer time included), as an instant. Intl knows the zone's offsets, so no
 * table is kept here.
 */
const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** How far Amsterdam's clocks are ahead of UTC at `instant`, in milliseconds. */
function offsetMs(instant: number): number {
  const parts = Object.fromEntries(AMSTERDAM.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return wall - (instant - (instant % 60_000));
}

/** `date` (YYYY-MM-DD) at `time` (HH:MM) in Amsterdam; null when either is no real date or time. */
export function amsterdamInstant(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // The offset at the guess, then again at the result: right on both sides of a clock change.
  const first = wall - offsetMs(wall);
  return new Date(wall - offsetMs(first));
}
