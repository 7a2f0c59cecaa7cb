/**
 * @module Seed readings as the build cache keeps them: a folder's readings in one entry, each with its article's
 * outline (what a rebuild reads of every article: id, slug, dates, tags, source), and the rest of each article
 * apart: its details (title, summary, author…) and its body (its HTML, most of its bytes), read back only when a
 * page or feed item is rendered from it. A rebuild after one change reads every other article's outline in one
 * piece but renders none of them, so 10k articles' details and bodies are never read, decoded, held or collected.
 */

import type { Article } from './article';
import { BuildCache, CacheEntryLost } from './build-cache';
import type { Problem } from './problems';
import type { SeedReading } from './seed';

/** What a rebuild reads of every article: its place, its documents' names and dates, the site's shape. */
type ArticleOutline = Pick<Article, 'id' | 'slug' | 'published' | 'updated' | 'tags' | 'source'>;

/** The rest of an article but its body: what pages and feed items show of it. */
type ArticleDetails = Omit<Article, keyof ArticleOutline | 'html'>;

/** The fields of ArticleDetails, every one (the type says so), as StoredArticle reads them. */
const DETAILS = Object.keys({
  title: true, summary: true, author: true, lang: true, image: true, caption: true, credit: true,
} satisfies Record<keyof ArticleDetails, true>) as (keyof ArticleDetails)[];

/** Splits an article as the cache keeps it. */
function splitArticle(article: Article): { outline: ArticleOutline; details: ArticleDetails; html: string } {
  const { id, slug, published, updated, tags, source, html, ...details } = article;
  return { outline: { id, slug, published, updated, tags, source }, details, html };
}

interface StoredReading extends Omit<SeedReading, 'article'> {
  readonly article?: ArticleOutline;
}

/**
 * A folder's readings as its cache entry holds them: column by column. V8 reads 10k reading objects back in five
 * times the time it takes for the same fields in columns (it reads every object's field names again, and makes
 * each object as it goes); the objects are made from the columns in a few milliseconds.
 */
interface FolderColumns {
  readonly hashes: readonly string[];
  readonly drafts: readonly boolean[];
  /** A reading's problems, or 0 for none (most readings). */
  readonly problems: readonly (readonly Problem[] | 0)[];
  /** Each field of the readings' article outlines; null for a reading without an article (a seed with errors). */
  readonly outlines: { readonly [K in keyof ArticleOutline]: readonly (ArticleOutline[K] | null)[] };
}

function toColumns(readings: ReadonlyMap<string, StoredReading>): FolderColumns {
  const all = [...readings];
  const column = <K extends keyof ArticleOutline>(field: K) => all.map(([, { article }]) => article?.[field] ?? null);
  return {
    hashes: all.map(([hash]) => hash),
    drafts: all.map(([, { draft }]) => draft),
    problems: all.map(([, { problems }]) => (problems.length === 0 ? 0 : problems)),
    outlines: { id: column('id'), slug: column('slug'), published: column('published'), updated: column('updated'), tags: column('tags'), source: column('source') },
  };
}

/** The readings of `columns`, made once for each columns object: a builder kept between builds gets the very same. */
function fromColumns(columns: FolderColumns): ReadonlyMap<string, StoredReading> {
  let readings = folderReadings.get(columns);
  if (readings !== undefined) return readings;
  const { hashes, drafts, problems, outlines: { id, slug, published, updated, tags, source } } = columns;
  const made = new Map<string, StoredReading>();
  for (let i = 0; i < hashes.length; i++) {
    const [draft, found] = [drafts[i]!, problems[i] || NO_PROBLEMS];
    made.set(hashes[i]!, id[i] === null
      ? { draft, problems: found }
      : { draft, problems: found, article: { id: id[i]!, slug: slug[i]!, published: published[i]!, updated: updated[i]!, tags: tags[i]!, source: source[i]! } });
  }
  folderReadings.set(columns, made);
  return made;
}

const folderReadings = new WeakMap<FolderColumns, ReadonlyMap<string, StoredReading>>();
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

const isColumns = (value: unknown): value is FolderColumns => typeof value === 'object' && value !== null && Array.isArray((value as FolderColumns).hashes);

/**
 * An article read from the build cache: its outline as own fields, its details and body read from the cache the
 * first time one of them is asked for. The interface of the same name gives the class the fields' types.
 */
interface StoredArticle extends Omit<Article, 'html'> {}

class StoredArticle implements Article {
  readonly #source: ArticleSource;
  /** Of the seed it was read from, which names its details and body in the cache. */
  readonly #seedHash: string;
  #details: ArticleDetails | undefined;
  #html: string | undefined;

  constructor(outline: ArticleOutline, source: ArticleSource, seedHash: string) {
    Object.assign(this, outline);
    this.#source = source;
    this.#seedHash = seedHash;
  }

  get html(): string {
    return (this.#html ??= this.#source.read(bodyKey(this.#seedHash), asText));
  }

  static {
    // Getters on the prototype, as a class would define them, for fields some articles lack (image, caption…).
    for (const field of DETAILS) {
      Object.defineProperty(StoredArticle.prototype, field, {
        get(this: StoredArticle) {
          return (this.#details ??= this.#source.read(detailsKey(this.#seedHash), asDetails))[field];
        },
      });
    }
  }
}

/**
 * Where stored articles read their details and bodies: the build cache of the build under way. A builder that keeps
 * its articles between builds (npm start) keeps one ArticleSource and points it at each build's cache, so that an
 * article an earlier build read reads the rest of itself from the cache that is open now.
 */
export class ArticleSource {
  #cache = BuildCache.none();

  use(cache: BuildCache): void {
    this.#cache = cache;
  }

  /** The value under `key` as `as` reads it; an entry missing, or one `as` cannot read (undefined), is lost. */
  read<T>(key: string, as: (value: unknown) => T | undefined): T {
    const value = as(this.#cache.get(key));
    if (value === undefined) throw new CacheEntryLost(key);
    return value;
  }
}

const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * An article's details as the cache keeps them: JSON, a text, which goes straight into the cache's write buffer.
 * They are plain strings and one plain object (the image), which JSON keeps as they are; V8's serialiser, which
 * makes a serialiser for every value, took ~30 µs for each of them (0.3 s of a first build of 10k articles).
 */
function asDetails(value: unknown): ArticleDetails | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const details: unknown = JSON.parse(value);
    return typeof details === 'object' && details !== null ? (details as ArticleDetails) : undefined;
  } catch {
    return undefined;
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

  constructor(readonly cache: BuildCache, readonly source: ArticleSource, readonly key: string) {
    source.use(cache);
    const stored = cache.get(key);
    this.#folder = isColumns(stored) ? fromColumns(stored) : new Map();
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
    let stored = this.#folder.get(seedHash);
    if (stored === undefined) {
      this.#outside.add(seedHash);
      stored = cache.get(readingKey(seedHash)) as StoredReading | undefined;
    }
    // A stored reading's body and details are in the file too: stored in the same build, before it, and kept with
    // it (see `save`). Asking the cache for 10k articles' two entries took ~30 ms of a rebuild.
    if (stored !== undefined) {
      cache.stats.hits++;
      this.#now.set(seedHash, stored);
      let reading = StoredReadings.#readings.get(stored);
      if (reading === undefined) {
        const { article, ...rest } = stored;
        reading = article === undefined
          ? rest
          : { ...rest, article: new StoredArticle(article, this.source, seedHash) };
        StoredReadings.#readings.set(stored, reading);
      }
      return reading;
    }
    cache.stats.misses++;
    const reading = read();
    const { article } = reading;
    let record: StoredReading = reading;
    if (article !== undefined) {
      const { outline, details, html } = splitArticle(article);
      record = { ...reading, article: outline };
      cache.set(detailsKey(seedHash), JSON.stringify(details));
      cache.set(bodyKey(seedHash), html);
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
    // Used by this build, so a cache written again without what no build uses keeps them however long they stay unread.
    this.cache.useLater(() => [...this.#now].flatMap(([hash, { article }]) => (article === undefined ? [] : [bodyKey(hash), detailsKey(hash)])));
    const folder = this.#folder;
    const gone = folder.size - (this.#now.size - this.#outside.size);
    if (this.#outside.size + gone > folder.size * REWRITE_SHARE) {
      const columns = toColumns(this.#now);
      // The same reading objects for the next build of a builder kept between builds, which keeps `columns`.
      folderReadings.set(columns, this.#now);
      this.cache.replace(this.key, columns);
      return;
    }
    for (const hash of this.#outside) this.cache.set(readingKey(hash), this.#now.get(hash));
  }
}

/** Where the cache holds a reading made since its folder's entry was written. */
const readingKey = (seedHash: string): string => `seed:${seedHash}`;

/** Where the cache holds the details and the body of the article read from the seed whose hash is `seedHash`. */
const detailsKey = (seedHash: string): string => `seed-details:${seedHash}`;
const bodyKey = (seedHash: string): string => `seed-body:${seedHash}`;
