import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/corpus';
import { FrameMap, keyHash } from '../../../src/content/cache-log';

/** A frame map as an index file of `entries` lists it. */
function listing(entries: Record<string, readonly [at: number, bytes: number]>): FrameMap {
  const made = new FrameMap();
  for (const [key, [at, bytes]] of Object.entries(entries)) made.set(key, at, bytes);
  const { hashes, frames } = made.toIndex();
  return new FrameMap(hashes, frames);
}

describe('the build cache index\'s frame map', () => {
  it('finds what an index listed and what was added since, the added frame winning', () => {
    const listed = listing({ a: [1, 10], c: [3, 30], e: [5, 50] });
    listed.set('d', 4, 40);
    listed.set('c', 33, 300);
    expect(listed.get('a')).toEqual({ at: 1, bytes: 10 });
    expect(listed.get('c')).toEqual({ at: 33, bytes: 300 });
    expect(listed.get('d')).toEqual({ at: 4, bytes: 40 });
    expect([listed.has('b'), listed.get('b'), listed.has('e')]).toEqual([false, undefined, true]);
    expect(listed.size).toBe(4);
    const { hashes, frames } = listed.toIndex();
    const expected: [string, number[]][] = [['a', [1, 10]], ['c', [33, 300]], ['d', [4, 40]], ['e', [5, 50]]];
    const byHash = new Map(expected.map(([key, frame]) => [keyHash(key), frame]));
    expect([...hashes]).toEqual([...byHash.keys()].sort((x, y) => x - y));
    expect([...frames]).toEqual([...hashes].flatMap((hash) => byHash.get(hash)!));
  });

  it('hashes keys that differ in one code unit, anywhere, apart', () => {
    const base = 'rss-item:clean:seed:0ues791bt5brpMDBLLFNELFLrzH8Xyjdo5nGAkom7MI';
    const variants = new Set([base]);
    for (let i = 0; i < base.length; i++) for (const unit of ['0', 'a', '\u00e9', '\u{1F4F0}']) variants.add(base.slice(0, i) + unit + base.slice(i + 1));
    const hashes = new Set([...variants].map(keyHash));
    expect(hashes.size).toBe(variants.size);
    for (const hash of hashes) expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
  });

  it('answers as a plain map would, after any mix of listing and adding, and lists its hashes in order', () => {
    const keys = Array.from({ length: 40 }, (_, i) => [`k${i}`, `k${i}\u00e9`]).flat();
    for (let round = 0; round < 50; round++) {
      // Deterministic, so a failure names its case.
      const pick = mulberry32(round + 1);
      const reference = new Map<string, { at: number; bytes: number }>();
      let map = new FrameMap();
      for (let step = 0; step < 60; step++) {
        if (pick() < 0.1) {
          // As an index file written and opened again.
          const { hashes, frames } = map.toIndex();
          expect([...hashes]).toEqual([...hashes].sort((a, b) => a - b));
          map = new FrameMap(hashes, frames);
        } else {
          const [k, at, bytes] = [keys[Math.floor(pick() * keys.length)]!, Math.floor(pick() * 1000), Math.floor(pick() * 100)];
          map.set(k, at, bytes);
          reference.set(k, { at, bytes });
        }
        expect(map.size, `round ${round}, step ${step}`).toBe(reference.size);
      }
      for (const k of keys) expect(map.get(k), `round ${round}, ${k}`).toEqual(reference.get(k));
    }
  });
});
