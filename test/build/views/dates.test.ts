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

  it('rejects what is not an instant, naming it', () => {
    expect(() => formatDate('yesterday', makeConfig())).toThrow('expected an ISO 8601 instant, got "yesterday"');
  });
});

describe('isUpdatedOnLaterDay', () => {
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
