/**
 * @module Dates as readers see them: in the site's time zone and language, via Intl, or for an English site in UTC
 * as Intl writes them.
 */

import type { SiteConfig } from '../config';
import { MONTH_NAMES } from '../content/dates';

const longDates = new Map<string, Intl.DateTimeFormat>();
const calendarDays = new Map<string, Intl.DateTimeFormat>();

/**
 * Whether Intl need not be asked: the first Intl formatter of a process loads ~20 ms of locale and zone data, which
 * a one-change rebuild, rendering a handful of pages, spent on writing "January 28, 2026" for an English UTC site.
 */
const isEnglishUtc = (config: SiteConfig, date: Date): boolean => {
  const year = date.getUTCFullYear();
  return config.timeZone === 'UTC' && (config.lang === 'en' || config.lang === 'en-US') && year >= 1000 && year <= 9999;
};

/** A human date in `config.timeZone`: `2026-01-28T12:00:00.000Z` → `January 28, 2026` (for `en`). */
export function formatDate(iso: string, config: SiteConfig): string {
  const date = parseInstant(iso);
  // What Intl writes for these (tested against it).
  if (isEnglishUtc(config, date)) return `${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
  const key = `${config.lang}\u0000${config.timeZone}`;
  let format = longDates.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(config.lang, { dateStyle: 'long', timeZone: config.timeZone });
    longDates.set(key, format);
  }
  return format.format(date);
}

/**
 * Whether a page should say "Updated": only when the update is later and falls on another calendar day
 * in the site's time zone, since pages show days, not times. Same-day edits still reach machines through
 * `article:modified_time` and JSON-LD `dateModified`.
 */
export function isUpdatedOnLaterDay(published: string, updated: string, config: SiteConfig): boolean {
  const from = parseInstant(published);
  const to = parseInstant(updated);
  return to.getTime() > from.getTime() && calendarDay(to, config.timeZone) !== calendarDay(from, config.timeZone);
}

function calendarDay(date: Date, timeZone: string): string {
  // The same YYYY-MM-DD as en-CA's, without loading Intl's data (see isEnglishUtc).
  if (timeZone === 'UTC') return date.toISOString().slice(0, 10);
  let format = calendarDays.get(timeZone);
  if (format === undefined) {
    // en-CA spells dates as YYYY-MM-DD, which compares as a plain string.
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    calendarDays.set(timeZone, format);
  }
  return format.format(date);
}

function parseInstant(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`expected an ISO 8601 instant, got "${iso}"`);
  return date;
}
