/**
 * @module Seed readings as the build cache keeps them: each article's body (its HTML, most of its bytes) apart
 * from the rest, and read back only when a page or feed item is rendered from it. A rebuild after one change
 * reads every other article's fields but renders none of them, so 10k bodies are never read, decoded, held or
 * collected.
 */

import { type Article, ArticleWithLaterBody } from './article';
import { BuildCache, CacheEntryLost } from './build-cache';
import type { SeedReading } from './seed';

/** An article without its body: what the cache holds of it under the reading's key. */
type ArticleFields = Omit<Article, 'html'>;

interface StoredReading extends Omit<SeedReading, 'article'> {
  readonly article?: ArticleFields;
}

/** An article whose body is read from the build cache the first time it is asked for. */
class StoredArticle extends ArticleWithLaterBody {
  readonly #read: () => string;

  constructor(fields: ArticleFields, read: () => string) {
    super(fields);
    this.#read = read;
  }

  protected readBody(): string {
    return this.#read();
  }
}

/**
 * Where stored articles read their bodies: the build cache of the build under way. A builder that keeps its
 * articles between builds (npm start) keeps one SeedBodies and points it at each build's cache, so that an article
 * an earlier build read reads its body from the cache that is open now.
 */
export class SeedBodies {
  #cache = BuildCache.none();

  use(cache: BuildCache): void {
    this.#cache = cache;
  }

  reader(key: string): () => string {
    return () => {
      const body = this.#cache.get(key);
      if (typeof body !== 'string') throw new CacheEntryLost(key);
      return body;
    };
  }
}

/** Where the cache holds the reading of the seed whose name and bytes hash to `seedHash`. */
export const readingKey = (seedHash: string): string => `seed:${seedHash}`;

/** Each stored reading's article, made once: a reading the cache keeps between builds gives the very same article. */
const readings = new WeakMap<StoredReading, SeedReading>();

/**
 * The reading of the seed whose hash is `seedHash`: from `cache` when it holds the reading and its article's body,
 * else made by `read` and stored there.
 */
export function cachedReading(cache: BuildCache, bodies: SeedBodies, seedHash: string, read: () => SeedReading): SeedReading {
  const key = readingKey(seedHash);
  const bodyKey = `seed-body:${seedHash}`;
  const stored = cache.get(key) as StoredReading | undefined;
  // `has` also marks the body as used by this build, which keeps it in the file however long it stays unread.
  if (stored !== undefined && (stored.article === undefined || cache.has(bodyKey))) {
    cache.stats.hits++;
    let reading = readings.get(stored);
    if (reading === undefined) {
      const { article, ...rest } = stored;
      reading = article === undefined ? rest : { ...rest, article: new StoredArticle(article, bodies.reader(bodyKey)) };
      readings.set(stored, reading);
    }
    return reading;
  }
  cache.stats.misses++;
  const reading = read();
  const { article } = reading;
  let record: StoredReading = reading;
  if (article !== undefined) {
    const { html, ...fields } = article;
    record = { ...reading, article: fields };
    cache.set(bodyKey, html);
  }
  cache.set(key, record);
  readings.set(record, reading);
  return reading;
}
