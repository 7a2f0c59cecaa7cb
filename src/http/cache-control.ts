/** @module Cache-Control for each kind of document. */

import type { CachePolicy } from '../site/document';

/** Seconds a cache may serve each kind without asking again, and how long it may serve stale while it asks. */
const LIFETIMES: Record<CachePolicy, { readonly maxAge: number; readonly stale: number }> = {
  page: { maxAge: 300, stale: 86_400 },
  feed: { maxAge: 300, stale: 3_600 },
  // A full archive page never changes, unless an article is back-dated into it.
  archive: { maxAge: 86_400, stale: 604_800 },
  asset: { maxAge: 86_400, stale: 604_800 },
  immutable: { maxAge: 31_536_000, stale: 0 },
};

/**
 * The Cache-Control value for a document. `secondsLeft` is the time until the next scheduled article falls
 * due: no cache may keep a document past it, or the article would appear late.
 */
export function cacheControl(policy: CachePolicy, secondsLeft = Infinity): string {
  // What every request of a site without a scheduled article asks for.
  if (secondsLeft === Infinity) return UNBOUNDED[policy];
  return bounded(policy, secondsLeft);
}

function bounded(policy: CachePolicy, secondsLeft: number): string {
  const { maxAge, stale } = LIFETIMES[policy];
  const age = Math.max(0, Math.min(maxAge, Math.floor(secondsLeft)));
  if (policy === 'immutable') return `public, max-age=${age}, immutable`;
  const staleness = Math.min(stale, Math.floor(secondsLeft - age));
  return staleness > 0 ? `public, max-age=${age}, stale-while-revalidate=${staleness}` : `public, max-age=${age}, must-revalidate`;
}

const UNBOUNDED = Object.fromEntries(
  Object.keys(LIFETIMES).map((policy) => [policy, bounded(policy as CachePolicy, Infinity)]),
) as Record<CachePolicy, string>;
