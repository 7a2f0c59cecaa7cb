/** @module Reading the dates seeds carry: `2026-01-28`, `2026-01-28T09:30:00+02:00`, `January 28, 2026`. */

export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
] as const;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** Hour of the day at which a date-only value is placed (see `instantOfDay`). */
const DATE_ONLY_HOUR = 12;

export function isCalendarDay({ year, month, day }: CalendarDay): boolean {
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** `January 28, 2026` (any case, one or two digit day) → the day, or undefined. */
export function parseMonthDayYear(text: string): CalendarDay | undefined {
  const match = /^([A-Za-z]+) (\d{1,2}), (\d{4})$/.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[1]!.toLowerCase() as (typeof MONTHS)[number]) + 1;
  const day = { year: Number(match[3]), month, day: Number(match[2]) };
  return month > 0 && isCalendarDay(day) ? day : undefined;
}

/** The English weekday name of a day: `Wednesday`. */
export function weekdayOf({ year, month, day }: CalendarDay): string {
  const name = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  return name[0]!.toUpperCase() + name.slice(1);
}

export const MONTH_NAMES = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));

/** One formatter per zone: making an Intl.DateTimeFormat costs far more than using one. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * Offsets already read, by zone and instant: formatting one costs microseconds, and the instants asked for are the
 * noons of the days articles carry, far fewer than articles.
 */
const offsets = new Map<string, Map<number, number>>();

/** Milliseconds to add to UTC to get the wall-clock time in `timeZone` at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  // UTC has none; and the first Intl formatter of a process costs ~17 ms of loading time zone data.
  if (timeZone === 'UTC') return 0;
  let known = offsets.get(timeZone);
  if (!known) offsets.set(timeZone, (known = new Map()));
  let offset = known.get(instant);
  if (offset === undefined) known.set(instant, (offset = readOffset(instant, timeZone)));
  return offset;
}

function readOffset(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) offsetFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = format
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/**
 * The instant at which a date-only value stands: noon of that day in the site's time zone. Noon rather than
 * midnight keeps the calendar day the same for readers from UTC−12 to UTC+12, and a scheduled date-only
 * article goes live at noon of its day.
 */
export function instantOfDay(day: CalendarDay, timeZone: string): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, DATE_ONLY_HOUR);
  let instant = wall - offsetAt(wall, timeZone);
  // Once more, in case the first guess fell on the other side of a daylight-saving change.
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant);
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export type DateReading =
  | { readonly ok: true; readonly instant: Date; readonly dateOnly: boolean }
  | { readonly ok: false; readonly expected: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * Reads a front-matter date: `2026-01-28` (a day, read in `timeZone`) or a date-time with an offset
 * (`2026-01-28T09:30:00+02:00`, `…Z`). A date-time without an offset is refused: it would mean a different
 * instant on every machine.
 */
export function readDate(text: string, timeZone: string): DateReading {
  const expected = 'a date (2026-01-28) or a date-time with an offset (2026-01-28T09:30:00+02:00)';
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const day = { year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]) };
    if (!isCalendarDay(day)) return { ok: false, expected: `${expected}; there is no such day` };
    return { ok: true, instant: instantOfDay(day, timeZone), dateOnly: true };
  }
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) return { ok: false, expected };
  if (dateTime[8] === undefined) return { ok: false, expected: `${expected}; the time has no offset` };
  const day = { year: Number(dateTime[1]), month: Number(dateTime[2]), day: Number(dateTime[3]) };
  const [hours, minutes, seconds] = [Number(dateTime[4]), Number(dateTime[5]), Number(dateTime[6] ?? 0)];
  if (!isCalendarDay(day) || hours > 23 || minutes > 59 || seconds > 59) {
    return { ok: false, expected: `${expected}; there is no such date or time` };
  }
  const instant = new Date(text.replace(' ', 'T').toUpperCase());
  if (Number.isNaN(instant.getTime())) return { ok: false, expected };
  return { ok: true, instant, dateOnly: false };
}
