/**
 * @module Build side: whether a build may patch the last build's archive rather than make every document again.
 *
 * A document is a function of its name (path, page, links, tag spelling) and of the articles it shows. When the
 * articles keep their places, ids, slugs, publication times and tags, and no scheduled article falls due, every
 * document keeps its name and its articles' places: only the documents that show an article whose content changed
 * can differ. Those the patch build makes, with the pages made every time (the sitemap lists every page's date);
 * the archive keeps the rest. Anything else is a full build.
 */

import type { Article } from '../content/article';
import { contentHash } from '../content/build-cache';
import type { ArchiveManifest } from './archive';
import { epochStarts } from './build-bundle';

/** An index shard file as a build left it: its size and modification time. */
export type ShardFile = readonly [bytes: number, mtimeMs: number];

/** What an assets-mode build leaves in the build cache for the next one into the same directory. */
export interface ArchiveRecord {
  /** See `siteShape`. */
  readonly shape: string;
  /** See `pageDates`; absent in a record from before it was kept. */
  readonly dates?: string;
  /** Every article's content key, in order. */
  readonly keys: readonly string[];
  readonly manifest: ArchiveManifest;
  /** Epoch by epoch, the index shard files it wrote. */
  readonly shardFiles: readonly (readonly ShardFile[])[];
  /** Documents in the archive, for the build's summary. */
  readonly documents: number;
  /** Bytes in the chunk files when they were last written whole, and written by patches since. */
  readonly bytes: number;
  readonly patched: number;
}

/**
 * Patches write their texts beside the old ones, which stay in the chunk files: past this share of the archive's
 * text, the next build writes it whole again, which leaves only live text.
 */
const PATCHED_SHARE = 1 / 8;

/** The hash of what gives every document its name and its articles their places (see the module's note). */
export function siteShape(articles: readonly Article[], now: Date): string {
  return contentHash(JSON.stringify([epochStarts(articles, now), articles.map(({ id, slug, published, tags }) => [id, slug, published, tags])]));
}

/**
 * The hash of every article's `updated`: with the shape, what fixes every page's date (the newest `updated` of the
 * articles it shows), so the sitemap's text.
 */
export function pageDates(articles: readonly Article[]): string {
  return contentHash(JSON.stringify(articles.map((article) => article.updated)));
}

/**
 * The ids of the articles whose content changed since `record`'s build, given each article's content key (`keys`,
 * in order), when this build may patch its archive; undefined when it must write the archive whole. The archive's
 * files must still be as `record`'s build left them (see write-archive.ts's `archiveIntact`).
 */
export function changedArticles(record: ArchiveRecord | undefined, articles: readonly Article[], keys: readonly string[], shape: string): ReadonlySet<string> | undefined {
  if (record === undefined || record.shape !== shape || record.keys.length !== articles.length) return undefined;
  if (record.patched > record.bytes * PATCHED_SHARE) return undefined;
  const changed = new Set<string>();
  articles.forEach((article, i) => {
    if (keys[i] !== record.keys[i]) changed.add(article.id);
  });
  return changed;
}
