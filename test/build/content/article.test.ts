import { describe, expect, it } from 'vitest';
import { newestUpdate, UNDATED } from '../../../src/content/article';
import { makeArticle } from '../../factories';

describe('the newest update of a list of articles', () => {
  it('is the latest `updated` as an ISO instant, whatever form the article gave it in', () => {
    const older = makeArticle({ updated: '2026-03-01T12:00:00.000Z' });
    const newer = makeArticle({ updated: '2026-03-02T09:30:00+02:00' });
    expect(newestUpdate([older, newer])).toBe('2026-03-02T07:30:00.000Z');
    expect(newestUpdate([newer, older])).toBe('2026-03-02T07:30:00.000Z');
    // Asked again, in another list, the same article gives the same instant.
    expect(newestUpdate([makeArticle({ updated: '2026-01-01T00:00:00.000Z' }), newer])).toBe('2026-03-02T07:30:00.000Z');
  });

  it('is the same instant whether the dates are compared as toISOString() text or parsed', () => {
    const dates = ['2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '1999-06-30T12:00:00.000Z'];
    const articles = dates.map((updated) => makeArticle({ updated }));
    expect(newestUpdate(articles)).toBe('2026-01-01T00:00:00.000Z');
    // One date in another form: every date is parsed, with the same answer.
    expect(newestUpdate([...articles, makeArticle({ updated: '2025-12-31T23:00:00-00:30' })])).toBe('2026-01-01T00:00:00.000Z');
    expect(newestUpdate([...articles, makeArticle({ updated: '2026-01-01T01:00:00+00:30' })])).toBe('2026-01-01T00:30:00.000Z');
  });

  it('skips holes (an article page\'s missing neighbours), in either form of date', () => {
    const newer = makeArticle({ updated: '2026-03-02T07:30:00.000Z' });
    expect(newestUpdate([undefined, newer, undefined])).toBe('2026-03-02T07:30:00.000Z');
    expect(newestUpdate([makeArticle({ updated: '2026-03-02T09:30:00+03:00' }), undefined])).toBe('2026-03-02T06:30:00.000Z');
    expect(newestUpdate([undefined])).toBe(UNDATED);
  });

  it('is the Unix epoch for no articles, and an error naming the seed for an update that is no instant', () => {
    expect(newestUpdate([])).toBe(UNDATED);
    const broken = makeArticle({ updated: 'last Tuesday', source: 'seeds/broken.md' });
    expect(() => newestUpdate([makeArticle(), broken])).toThrow('seeds/broken.md: "updated" is not an instant ("last Tuesday")');
  });
});
