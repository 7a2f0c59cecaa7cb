import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../src/views';
import { isUpdatedOnLaterDay } from '../../../src/views/dates';
import { makeConfig } from './factories';

describe('formatDate', () => {
  it('spells a date in the site language', () => {
    expect(formatDate('2026-01-28T12:00:00.000Z', makeConfig())).toBe('January 28, 2026');
    expect(formatDate('2026-01-28T12:00:00.000Z', makeConfig({ lang: 'en-GB' }))).toBe('28 January 2026');
  });

  it('reads the instant in the site time zone', () => {
    expect(formatDate('2026-01-28T03:00:00.000Z', makeConfig({ timeZone: 'America/New_York' }))).toBe('January 27, 2026');
    expect(formatDate('2026-01-28T23:00:00.000Z', makeConfig({ timeZone: 'Asia/Tokyo' }))).toBe('January 29, 2026');
  });

  it('writes for English UTC sites what Intl writes, without asking it', () => {
    const intl = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
    const instants = Array.from({ length: 2000 }, (_, i) => Date.UTC(1000 + ((i * 7919) % 9000), (i * 31) % 12, 1 + ((i * 17) % 31), (i * 13) % 24, (i * 7) % 60));
    for (const ms of [...instants, Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 1, 28, 23, 59), Date.UTC(2028, 1, 29)]) {
      const iso = new Date(ms).toISOString();
      for (const lang of ['en', 'en-US']) expect(formatDate(iso, makeConfig({ lang, timeZone: 'UTC' })), iso).toBe(intl.format(ms));
    }
    // Out of that range, and for other languages, Intl itself.
    expect(formatDate('0999-12-31T00:00:00.000Z', makeConfig({ lang: 'en', timeZone: 'UTC' }))).toBe(intl.format(Date.UTC(999, 11, 31)));
  });

  it('rejects what is not an instant, naming it', () => {
    expect(() => formatDate('yesterday', makeConfig())).toThrow('expected an ISO 8601 instant, got "yesterday"');
  });
});

describe('isUpdatedOnLaterDay', () => {
  it('tells UTC days apart at midnight UTC', () => {
    const utc = makeConfig({ timeZone: 'UTC' });
    expect(isUpdatedOnLaterDay('2026-01-28T12:00:00.000Z', '2026-01-28T23:59:59.999Z', utc)).toBe(false);
    expect(isUpdatedOnLaterDay('2026-01-28T12:00:00.000Z', '2026-01-29T00:00:00.000Z', utc)).toBe(true);
  });

  const config = makeConfig({ timeZone: 'America/New_York' });

  it.each([
    ['same instant', '2026-01-28T12:00:00.000Z', '2026-01-28T12:00:00.000Z', false],
    ['later, same local day', '2026-01-28T12:00:00.000Z', '2026-01-28T23:00:00.000Z', false],
    ['later, next local day', '2026-01-28T12:00:00.000Z', '2026-01-29T05:30:00.000Z', true],
    ['earlier (bad data)', '2026-01-28T12:00:00.000Z', '2026-01-20T12:00:00.000Z', false],
  ])('%s → %s', (_, published, updated, expected) => {
    expect(isUpdatedOnLaterDay(published, updated, config)).toBe(expected);
  });
});
