/**
 * @module Seed readings as the build cache keeps them: a folder's readings in one entry, and each article's body
 * (its HTML, most of its bytes) apart, read back only when a page or feed item is rendered from it. A rebuild
 * after one change reads every other article's fields in one piece but renders none of them, so 10k bodies are
 * never read, decoded, held or collected.
 */

import { type Article, ArticleWithLaterBody } from './article';
import { BuildCache, CacheEntryLost } from './build-cache';
import type { SeedReading } from './seed';

/** An article without its body: what the cache holds of it with its reading. */
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

/** Readings outside the folder's entry, or in it for seeds gone, past which `save` writes the entry again: 1 in 8. */
const REWRITE_SHARE = 1 / 8;

/**
 * The readings of one seeds folder's seeds, kept by the build cache by seed hash: most in one entry for the folder,
 * which a rebuild reads back in one piece (10k seeds: one read instead of 10k), and those made since it was written
 * in entries of their own, so that a rebuild after one change stores one small entry rather than the whole folder's
 * again. An article read from the cache reads its body only when asked. `reading` answers each seed of the folder as
 * it is now; `save` writes the folder's entry again once too many readings lie outside it or in it for nothing.
 */
export class StoredReadings {
  /** Each stored reading's reading, made once: a reading the cache keeps between builds gives the very same article. */
  static readonly #readings = new WeakMap<StoredReading, SeedReading>();
  /** The folder's entry as the cache holds it. */
  readonly #folder: ReadonlyMap<string, StoredReading>;
  /** The readings this build asked for. */
  readonly #now = new Map<string, StoredReading>();
  /** Of those, the ones the folder's entry does not hold. */
  readonly #outside = new Set<string>();

  constructor(readonly cache: BuildCache, readonly bodies: SeedBodies, readonly key: string) {
    bodies.use(cache);
    this.#folder = (cache.get(key) as Map<string, StoredReading> | undefined) ?? new Map();
  }

  /** Whether the cache holds the reading of the seed whose name and bytes hash to `seedHash`. */
  has(seedHash: string): boolean {
    return this.#folder.has(seedHash) || this.cache.has(readingKey(seedHash));
  }

  /**
   * The reading of the seed whose hash is `seedHash`: the stored one when the cache holds it and its article's
   * body, else made by `read` (and stored, its body apart).
   */
  reading(seedHash: string, read: () => SeedReading): SeedReading {
    const { cache } = this;
    const bodyKey = `seed-body:${seedHash}`;
    let stored = this.#folder.get(seedHash);
    if (stored === undefined) {
      this.#outside.add(seedHash);
      stored = cache.get(readingKey(seedHash)) as StoredReading | undefined;
    }
    // `has` also marks the body as used by this build, which keeps it in the file however long it stays unread.
    if (stored !== undefined && (stored.article === undefined || cache.has(bodyKey))) {
      cache.stats.hits++;
      this.#now.set(seedHash, stored);
      let reading = StoredReadings.#readings.get(stored);
      if (reading === undefined) {
        const { article, ...rest } = stored;
        reading = article === undefined ? rest : { ...rest, article: new StoredArticle(article, this.bodies.reader(bodyKey)) };
        StoredReadings.#readings.set(stored, reading);
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
    this.#now.set(seedHash, record);
    this.#outside.add(seedHash);
    StoredReadings.#readings.set(record, reading);
    return reading;
  }

  /**
   * Stores the readings made in this build: in entries of their own, or, when readings outside the folder's entry
   * or in it for seeds gone pass REWRITE_SHARE of it, with all the others in the folder's entry written again.
   */
  save(): void {
    const folder = this.#folder;
    const gone = folder.size - (this.#now.size - this.#outside.size);
    if (this.#outside.size + gone > folder.size * REWRITE_SHARE) {
      this.cache.replace(this.key, this.#now);
      return;
    }
    for (const hash of this.#outside) this.cache.set(readingKey(hash), this.#now.get(hash));
  }
}

/** Where the cache holds a reading made since its folder's entry was written. */
const readingKey = (seedHash: string): string => `seed:${seedHash}`;
