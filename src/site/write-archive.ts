/** @module Build side: the content bundle → chunk and shard files for Workers Static Assets, and the manifest. */

import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ArchivedDocument, type ArchiveManifest, chunkPath, type Shard, shardOf, shardPath, type Span } from './archive';
import type { SiteBundle, StoredDocument } from './bundle';

/**
 * Fragments in the order the Worker most often needs them together: first the site's subscription feeds, item by
 * item, then the index and every other document, so that a feed's first request reads a few chunks, not dozens.
 */
function writingOrder(bundle: SiteBundle): number[] {
  const routes = Object.entries(bundle.epochs.at(-1)?.routes ?? {});
  const rank = ([path]: [string, number]) => (path === '/rss.xml' || path === '/atom.xml' || path === '/feed.json' ? 0 : path === '/' ? 1 : 2);
  const order = new Set<number>();
  for (const [, index] of routes.sort((a, b) => rank(a) - rank(b))) {
    for (const segment of bundle.documents[index]!.segments) order.add(segment);
  }
  for (let index = 0; index < bundle.fragments.length; index++) order.add(index);
  return [...order];
}

export interface ArchiveOptions {
  /** UTF-16 code units per chunk file before a new one starts (Static Assets take files up to 25 MiB). */
  readonly chunkLength?: number;
  /** Routes per index shard, on average. */
  readonly routesPerShard?: number;
}

/**
 * Writes `bundle` under `directory` (replacing what was there only once everything is written) and returns the
 * manifest the Worker script carries instead of the bundle.
 */
export async function writeArchive(bundle: SiteBundle, directory: string, options: ArchiveOptions = {}): Promise<ArchiveManifest> {
  const chunkLength = options.chunkLength ?? 512 * 1024;
  const routesPerShard = options.routesPerShard ?? 256;
  const staging = `${directory}.tmp`;
  await rm(staging, { recursive: true, force: true });
  const write = async (path: string, text: string) => {
    const file = join(staging, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  };

  // Fragments go into chunk files in order; a fragment is never split, so a chunk may run over when one is long.
  const spans: Span[] = [];
  let chunk: string[] = [];
  let chunkNumber = 0;
  let length = 0;
  for (const index of writingOrder(bundle)) {
    const fragment = bundle.fragments[index]!;
    if (length > 0 && length + fragment.length > chunkLength) {
      await write(chunkPath(chunkNumber), chunk.join(''));
      [chunk, chunkNumber, length] = [[], chunkNumber + 1, 0];
    }
    spans[index] = [chunkNumber, length, length + fragment.length];
    chunk.push(fragment);
    length += fragment.length;
  }
  await write(chunkPath(chunkNumber), chunk.join(''));

  const archived = (document: StoredDocument): ArchivedDocument => {
    const { contentType, lastModified, cache, segments, separator, items } = document;
    return {
      contentType, lastModified, cache,
      segments: segments.map((segment) => spans[segment]!),
      ...(separator === undefined ? {} : { separator: bundle.fragments[separator]! }),
      ...(items === undefined ? {} : { items }),
    };
  };

  const largest = Math.max(...bundle.epochs.map((epoch) => Object.keys(epoch.routes).length));
  const shards = Math.max(1, Math.ceil(largest / routesPerShard));
  for (const [e, epoch] of bundle.epochs.entries()) {
    const files: Record<string, ArchivedDocument>[] = Array.from({ length: shards }, () => ({}));
    for (const [path, index] of Object.entries(epoch.routes)) files[shardOf(path, shards)]![path] = archived(bundle.documents[index]!);
    for (const [s, shard] of files.entries()) await write(shardPath(e, s), JSON.stringify(shard satisfies Shard));
  }

  await rm(directory, { recursive: true, force: true });
  await rename(staging, directory);
  return {
    storage: 'assets',
    shards,
    epochs: bundle.epochs.map((epoch) => ({ from: epoch.from, notFound: archived(bundle.documents[epoch.notFound]!) })),
  };
}
