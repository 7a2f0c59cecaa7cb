/**
 * @module The whole content build: seeds → the bundle module the Worker imports (small sites) or the archive's
 * files in the assets directory (large ones). `npm run build` builds once; `npm start` keeps one builder in memory
 * and builds again after every edit, which spares it loading the code and the last build's seed readings.
 */

import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SiteConfig } from '../config';
import type { Article } from '../content/article';
import { readContent } from '../content/build';
import { articleKey, BuildCache, buildFingerprint, CacheEntryLost, contentHash, KeptValues } from '../content/build-cache';
import { ContentError, formatProblem } from '../content/problems';
import { ArticleSource } from '../content/stored-readings';
import { buildBundle, buildPatch, RenderState } from './build-bundle';
import { withBuildLock } from './build-lock';
import { writeGeneratedModule } from './generated-module';
import { type ArchiveRecord, changedArticles, pageDates, siteShape } from './site-shape';
import { archiveIntact, loadLayout, patchArchive, saveLayout, writeArchive, type WrittenArchive } from './write-archive';

export interface BuildPaths {
  /** Where paths in messages are relative to, and whose src/ and package-lock.json fingerprint the build cache. */
  readonly root: string;
  readonly seeds: string;
  /** The module without its extension: the build writes `<output>.js` and `<output>.d.ts`. */
  readonly output: string;
  /** Where large archives keep their documents: wrangler.toml's [assets] directory. */
  readonly assets: string;
  /** The build cache's file, or `off` to build everything anew each time. */
  readonly cache: string;
  /**
   * The hash of the build's own code when it runs compiled (scripts/compiled.mjs sets BULLETIN_BUILD_CODE): the
   * cache's fingerprint is made from it rather than from reading every file in src/.
   */
  readonly code?: string;
}

export interface BuildOptions {
  /** Where the documents go; by default the bundle below `config.largeArchiveFrom` published articles, else assets. */
  readonly storage?: 'bundle' | 'assets';
}

/** Where a build's messages go: the summary and notes, warnings, and the list of problems of a failed build. */
export interface BuildLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/**
 * Paths and options as `npm run build` and `npm start` take them: the repository's layout, each path overridable
 * by an environment variable (BULLETIN_SEEDS, BULLETIN_OUTPUT, BULLETIN_ASSETS, BULLETIN_CACHE, BULLETIN_STORAGE).
 */
export function buildSettings(root: string, env: Readonly<Record<string, string | undefined>>): { paths: BuildPaths; options: BuildOptions } {
  const seeds = env['BULLETIN_SEEDS'] ?? join(root, 'seeds');
  const storage = env['BULLETIN_STORAGE'];
  if (storage !== undefined && storage !== 'assets' && storage !== 'bundle') {
    throw new Error(`BULLETIN_STORAGE must be "bundle" or "assets" (got ${JSON.stringify(storage)})`);
  }
  const paths: BuildPaths = {
    root,
    seeds,
    output: env['BULLETIN_OUTPUT'] ?? join(root, 'src/generated/site'),
    assets: env['BULLETIN_ASSETS'] ?? join(root, 'dist/assets'),
    // One cache per seeds folder.
    cache: env['BULLETIN_CACHE'] ?? join(root, `node_modules/.cache/bulletin/${contentHash(seeds).slice(0, 16)}.cache`),
    ...(env['BULLETIN_BUILD_CODE'] === undefined ? {} : { code: env['BULLETIN_BUILD_CODE'] }),
  };
  return { paths, options: storage === undefined ? {} : { storage } };
}

export class SiteBuilder {
  /** The cache's values other than texts, as the last build in this process used them (see CacheOptions.kept). */
  readonly #kept = new KeptValues();
  /** Where the articles this builder keeps read their details and bodies: each build's cache in turn. */
  readonly #articleSource = new ArticleSource();
  /** The documents of the last build, kept with the articles they were made from. */
  readonly #render = new RenderState();
  /** Of the code this process runs: computed once, so a file edited under a running builder is not credited to it. */
  #fingerprint: Promise<string> | undefined;

  constructor(readonly paths: BuildPaths, readonly config: SiteConfig, readonly options: BuildOptions = {}) {}

  /**
   * Builds the site as the seeds are now. Returns false, with every problem in `log.error`, when a seed has an
   * error: the last good output is then left as it was.
   */
  async build(log: BuildLog, now = new Date()): Promise<boolean> {
    // Beside the assets directory, which both storage modes write (bundle mode empties it).
    const lock = `${resolve(this.paths.assets)}.lock`;
    const waiting = (holder: number) => log.info(`bulletin: waiting for the build of process ${holder} (npm start's, or another npm run build) to end`);
    return withBuildLock(lock, () => this.#buildAlone(log, now), waiting);
  }

  async #buildAlone(log: BuildLog, now: Date): Promise<boolean> {
    let cache = await this.#openCache();
    if (cache.dropped) log.info(`bulletin: building everything again: the build cache was dropped because ${cache.dropped}`);
    try {
      let built: string;
      try {
        built = await this.#build(cache, log, now);
      } catch (error) {
        if (!(error instanceof CacheEntryLost)) throw error;
        // Its bytes changed on disk after a build wrote them: trust none of the file.
        log.info(`bulletin: building everything again: ${error.message}`);
        this.#kept.clear();
        this.#render.clear();
        cache.close();
        await Promise.all([rm(this.paths.cache, { force: true }), rm(`${this.paths.cache}.index`, { force: true })]);
        cache = await this.#openCache();
        built = await this.#build(cache, log, now);
      }
      const { hits, misses } = cache.stats;
      const { kept } = this.#render.documents;
      const documents = kept === 0 ? '' : `; ${kept} documents as this process's last build made them`;
      const reused = this.paths.cache === 'off' ? '' : ` (${hits} of ${hits + misses} seed readings and renders from the build cache${documents})`;
      log.info(`bulletin: ${built}${reused}`);
      return true;
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      log.error(`bulletin: the build failed; the last good content is unchanged.\n${error.message}`);
      return false;
    } finally {
      // After the site is written and its documents freed; also after bad seeds, whose good neighbours need no new reading.
      await cache.save();
    }
  }

  async #openCache(): Promise<BuildCache> {
    const { cache, root } = this.paths;
    if (cache === 'off') return BuildCache.none();
    this.#fingerprint ??= buildFingerprint(root, this.config, this.paths.code);
    return BuildCache.open(cache, await this.#fingerprint, { kept: this.#kept });
  }

  /** Builds the site from the seeds, returning what it built in a line; throws ContentError on bad seeds. */
  async #build(cache: BuildCache, log: BuildLog, now: Date): Promise<string> {
    const { root, seeds, output, assets } = this.paths;
    const content = await readContent(seeds, this.config, root, cache, this.#articleSource);
    for (const warning of content.warnings) log.warn(formatProblem(warning));
    await mkdir(dirname(output), { recursive: true });
    const published = content.articles.filter((article) => article.published <= now.toISOString()).length;
    const scheduled = content.articles.length - published;
    const built = `built ${published} published, ${scheduled} scheduled, ${content.drafts} draft article(s) into `;
    const storage = this.options.storage ?? (published >= this.config.largeArchiveFrom ? 'assets' : 'bundle');
    if (storage === 'bundle') {
      const bundle = buildBundle(content.articles, this.config, now, cache, this.#render);
      // The assets directory must exist for wrangler; a small site leaves it empty.
      await rm(assets, { recursive: true, force: true });
      await mkdir(assets, { recursive: true });
      await writeGeneratedModule(bundle, output);
      return `${built}${bundle.documents.length} documents`;
    }
    return built + (await this.#writeArchive(content.articles, cache, now));
  }

  /**
   * Writes the large archive, and says what it wrote. A patch when the last build into the same directory left
   * every article in place and its files as it wrote them (see site-shape.ts), else whole, keeping the chunk files
   * it can.
   */
  async #writeArchive(articles: readonly Article[], cache: BuildCache, now: Date): Promise<string> {
    const { assets, output } = this.paths;
    // Where the last build put each text in the assets directory, and what else it left for this one.
    const layoutName = `archive-layout:${resolve(assets)}`;
    const recordName = `archive-record:${resolve(assets)}`;
    const previous = loadLayout(cache, layoutName);
    const record = previous && (cache.get(recordName) as ArchiveRecord | undefined);
    const shape = siteShape(articles, now);
    const dates = pageDates(articles);
    const keys = articles.map(articleKey);
    const changed = changedArticles(record, articles, keys, shape);
    let written: WrittenArchive;
    let next: ArchiveRecord;
    let summary: string;
    if (changed && record && previous && archiveIntact(previous, record, assets)) {
      const patch = buildPatch(articles, this.config, now, cache, this.#render, { changed, datesKept: record.dates === dates });
      written = await patchArchive(patch, assets, previous, record, { texts: cache });
      // The documents not made again still read their texts from the cache.
      cache.keepUnused();
      const made = patch.epochs.reduce((sum, epoch) => sum + Object.keys(epoch.changed).length, 0);
      summary = `${record.documents} documents in ${assets} (patched: ${made} made again, ${written.written} texts written)`;
      next = { ...record, shape, dates, keys, manifest: written.manifest, shardFiles: written.shardFiles, patched: record.patched + written.writtenBytes };
    } else {
      const bundle = buildBundle(articles, this.config, now, cache, this.#render);
      written = await writeArchive(bundle, assets, { texts: cache, ...(previous ? { previous } : {}) });
      summary = `${bundle.documents.length} documents in ${assets} (${written.written} of ${bundle.fragments.length} texts written)`;
      const bytes = [...written.layout.chunks.values()].reduce((sum, chunk) => sum + chunk.bytes, 0);
      next = { shape, dates, keys, manifest: written.manifest, shardFiles: written.shardFiles, documents: bundle.documents.length, bytes, patched: 0 };
    }
    saveLayout(cache, layoutName, written, previous);
    cache.replace(recordName, next);
    await writeGeneratedModule(written.manifest, output);
    return summary;
  }
}
