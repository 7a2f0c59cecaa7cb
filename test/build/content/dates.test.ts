/** @module Date-only values: noon of the day in the site's time zone, whatever zones and days came before. */

import { describe, expect, it } from 'vitest';
import { instantOfDay } from '../../../src/content/dates';

describe('instantOfDay', () => {
  it('is noon in each zone asked, however the days and zones are interleaved', () => {
    // Either side of the 2026 switches to summer time: New York on 8 March, Berlin on 29 March.
    const asked = [
      [{ year: 2026, month: 3, day: 7 }, 'America/New_York', '2026-03-07T17:00:00.000Z'],
      [{ year: 2026, month: 3, day: 7 }, 'Europe/Berlin', '2026-03-07T11:00:00.000Z'],
      [{ year: 2026, month: 3, day: 9 }, 'America/New_York', '2026-03-09T16:00:00.000Z'],
      [{ year: 2026, month: 3, day: 9 }, 'Europe/Berlin', '2026-03-09T11:00:00.000Z'],
      [{ year: 2026, month: 3, day: 30 }, 'Europe/Berlin', '2026-03-30T10:00:00.000Z'],
      [{ year: 2026, month: 3, day: 30 }, 'UTC', '2026-03-30T12:00:00.000Z'],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [day, zone, expected] of asked) expect(instantOfDay(day, zone).toISOString(), `${zone} ${day.day}`).toBe(expected);
    }
  });
});
