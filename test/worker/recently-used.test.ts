import { describe, expect, it } from 'vitest';
import { RecentlyUsed } from '../../src/http/recently-used';

const bytes = (text: string) => text.length;

describe('RecentlyUsed (what an isolate keeps between requests)', () => {
  it('lets the least recently used go once the budget is passed', () => {
    const kept = new RecentlyUsed<string, string>(6, bytes);
    kept.set('a', 'aa');
    kept.set('b', 'bb');
    kept.set('c', 'cc');
    expect(kept.get('a')).toBe('aa');
    kept.set('d', 'dd');
    expect(kept.get('b')).toBeUndefined();
    expect([kept.get('a'), kept.get('c'), kept.get('d')]).toEqual(['aa', 'cc', 'dd']);
  });

  it('keeps what was just set even when it alone is over the budget', () => {
    const kept = new RecentlyUsed<string, string>(3, bytes);
    kept.set('a', 'a');
    kept.set('big', 'bigger');
    expect(kept.get('a')).toBeUndefined();
    expect(kept.get('big')).toBe('bigger');
  });

  it('weighs a value set again under the same key once', () => {
    const kept = new RecentlyUsed<string, string>(4, bytes);
    kept.set('a', 'aa');
    kept.set('a', 'aa');
    kept.set('b', 'bb');
    expect([kept.get('a'), kept.get('b')]).toEqual(['aa', 'bb']);
  });
});
