import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/corpus';
import { FrameMap } from '../../../src/content/cache-log';

const entries = (map: FrameMap) => [...map.keys()].map((key) => [key, map.get(key)] as const);

describe('the build cache index\'s frame map', () => {
  it('finds what an index listed and what was added since, the added frame winning', () => {
    const listed = new FrameMap(['a', 'c', 'e'], Float64Array.from([1, 10, 3, 30, 5, 50]));
    listed.set('d', 4, 40);
    listed.set('c', 33, 300);
    expect(listed.get('a')).toEqual({ at: 1, bytes: 10 });
    expect(listed.get('c')).toEqual({ at: 33, bytes: 300 });
    expect(listed.get('d')).toEqual({ at: 4, bytes: 40 });
    expect([listed.has('b'), listed.get('b'), listed.has('e')]).toEqual([false, undefined, true]);
    expect(listed.size).toBe(4);
    expect(listed.toIndex()).toEqual({ keys: ['a', 'c', 'd', 'e'], frames: Float64Array.from([1, 10, 33, 300, 4, 40, 5, 50]) });
  });

  it('answers as a plain map would, after any mix of listing and adding, and lists its keys in code-unit order', () => {
    for (let round = 0; round < 50; round++) {
      // Deterministic, so a failure names its case.
      const pick = mulberry32(round + 1);
      const key = () => `k${Math.floor(pick() * 40)}${pick() < 0.2 ? '\u00e9' : ''}`;
      const reference = new Map<string, { at: number; bytes: number }>();
      let map = new FrameMap();
      for (let step = 0; step < 60; step++) {
        if (pick() < 0.1) {
          // As an index file written and opened again.
          const { keys, frames } = map.toIndex();
          expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          map = new FrameMap(keys, frames);
        } else {
          const [k, at, bytes] = [key(), Math.floor(pick() * 1000), Math.floor(pick() * 100)];
          map.set(k, at, bytes);
          reference.set(k, { at, bytes });
        }
        expect(map.size, `round ${round}, step ${step}`).toBe(reference.size);
      }
      expect(new Map(entries(map))).toEqual(reference);
      for (let probe = 0; probe < 20; probe++) {
        const k = key();
        expect(map.get(k)).toEqual(reference.get(k));
      }
    }
  });
});

