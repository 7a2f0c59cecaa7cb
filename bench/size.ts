/**
 * @module What the content bundle is made of: the module's bytes split into shared fragments and the index, and
 * the fragments by the kind of route that references them, to show where its size comes from.
 */

import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Shard } from '../src/site/archive';
import type { SiteBundle } from '../src/site/bundle';

export interface RouteKind {
  /** The path with its variable parts generalised: `/tags/T/rss.xml`, `/page/N`. */
  readonly kind: string;
  readonly documents: number;
  /** Bytes the documents have once joined (before the origin is put in): what this kind of route serves. */
  readonly joinedBytes: number;
  /** Module bytes of the fragments only this kind of route references. */
  readonly ownBytes: number;
  /** Module bytes of the fragments this kind shares with at least one other kind. */
  readonly sharedBytes: number;
}

export interface BundleComposition {
  readonly moduleBytes: number;
  readonly fragments: number;
  /** The fragments array as the module writes it: one JSON string a line. */
  readonly fragmentBytes: number;
  /** The JSON index (documents and epochs), as the module writes it. */
  readonly indexBytes: number;
  /** Module bytes of the fragments referenced by more than one kind of route (each counted once). */
  readonly sharedBytes: number;
  /** Fragments no route references (should be 0). */
  readonly unreferencedBytes: number;
  /** Largest own bytes first. */
  readonly kinds: readonly RouteKind[];
}

function kindOf(path: string): string {
  if (path.startsWith('/articles/')) return '/articles/S';
  return path.replace(/^\/tags\/[^/]+/, '/tags/T').replace(/\/assets\/.*/, '/assets/*').replace(/\d+/g, 'N');
}

/**
 * Reads the generated `<output>.js` a line at a time (a 10k-article module is hundreds of megabytes) and
 * attributes its bytes. Every epoch's routes count; a document named by several kinds counts for the first.
 */
export async function bundleComposition(modulePath: string): Promise<BundleComposition> {
  const fragments: string[] = [];
  const fragmentSizes: number[] = [];
  let index: Pick<SiteBundle, 'documents' | 'epochs'> | undefined;
  let moduleBytes = 0;
  let indexBytes = 0;
  let inFragments = false;
  const lines = createInterface({ input: createReadStream(modulePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const bytes = Buffer.byteLength(line) + 1;
    moduleBytes += bytes;
    if (line === 'const fragments = [') inFragments = true;
    else if (inFragments && line === '];') inFragments = false;
    else if (inFragments) {
      fragments.push(JSON.parse(line.slice(0, -1)) as string);
      fragmentSizes.push(bytes);
    } else if (line.startsWith('const index = JSON.parse(')) {
      indexBytes = bytes;
      index = JSON.parse(JSON.parse(line.slice('const index = JSON.parse('.length, -2)) as string) as Pick<SiteBundle, 'documents' | 'epochs'>;
    }
  }
  if (!index) throw new Error(`${modulePath}: no index line; has the generated module's format changed?`);

  const documentKinds = new Map<number, string>();
  for (const epoch of index.epochs) {
    for (const [path, document] of Object.entries(epoch.routes)) if (!documentKinds.has(document)) documentKinds.set(document, kindOf(path));
    if (!documentKinds.has(epoch.notFound)) documentKinds.set(epoch.notFound, '404');
  }

  const kinds = new Map<string, { documents: number; joinedBytes: number; fragments: Set<number> }>();
  const fragmentKinds = new Map<number, Set<string>>();
  for (const [documentIndex, kind] of documentKinds) {
    const document = index.documents[documentIndex]!;
    const entry = kinds.get(kind) ?? { documents: 0, joinedBytes: 0, fragments: new Set<number>() };
    kinds.set(kind, entry);
    entry.documents++;
    const { segments, separator } = document;
    const referenced = separator === undefined ? segments : [...segments, separator];
    const text = (i: number) => Buffer.byteLength(fragments[i]!);
    entry.joinedBytes += segments.reduce((sum, i) => sum + text(i), 0) + (separator === undefined ? 0 : Math.max(0, segments.length - 3) * text(separator));
    for (const fragment of referenced) {
      entry.fragments.add(fragment);
      const owners = fragmentKinds.get(fragment) ?? new Set<string>();
      owners.add(kind);
      fragmentKinds.set(fragment, owners);
    }
  }

  const fragmentBytes = fragmentSizes.reduce((sum, n) => sum + n, 0);
  let sharedBytes = 0;
  for (const [fragment, owners] of fragmentKinds) if (owners.size > 1) sharedBytes += fragmentSizes[fragment]!;
  const referencedBytes = [...fragmentKinds.keys()].reduce((sum, i) => sum + fragmentSizes[i]!, 0);
  const result: RouteKind[] = [...kinds].map(([kind, entry]) => {
    let own = 0;
    let shared = 0;
    for (const fragment of entry.fragments) {
      if (fragmentKinds.get(fragment)!.size > 1) shared += fragmentSizes[fragment]!;
      else own += fragmentSizes[fragment]!;
    }
    return { kind, documents: entry.documents, joinedBytes: entry.joinedBytes, ownBytes: own, sharedBytes: shared };
  });
  return {
    moduleBytes,
    fragments: fragments.length,
    fragmentBytes,
    indexBytes,
    sharedBytes,
    unreferencedBytes: fragmentBytes - referencedBytes,
    kinds: result.sort((a, b) => b.ownBytes - a.ownBytes || b.joinedBytes - a.joinedBytes),
  };
}

/** Workers Static Assets limits (developers.cloudflare.com/workers/static-assets/): files per version, bytes per file. */
export const ASSET_LIMITS = { freeFiles: 20_000, paidFiles: 100_000, fileBytes: 25 * 1024 * 1024 } as const;

export interface ArchiveComposition {
  readonly files: number;
  readonly bytes: number;
  readonly largestFile: { readonly path: string; readonly bytes: number };
  readonly chunks: { readonly files: number; readonly bytes: number };
  /** Index shards, over every epoch. */
  readonly shards: { readonly files: number; readonly bytes: number; readonly epochs: number };
}

/** What a large-archive build put in its assets directory, against the Static Assets limits. */
export async function archiveComposition(directory: string): Promise<ArchiveComposition> {
  let files = 0;
  let bytes = 0;
  let largestFile = { path: '', bytes: 0 };
  const chunks = { files: 0, bytes: 0 };
  const shards = { files: 0, bytes: 0 };
  const epochs = new Set<string>();
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = `/${relative(directory, join(entry.parentPath, entry.name))}`;
    const size = (await stat(join(entry.parentPath, entry.name))).size;
    files++;
    bytes += size;
    if (size > largestFile.bytes) largestFile = { path, bytes: size };
    const shard = /^\/_content\/index\/([^/]+)\//.exec(path);
    const counted = path.startsWith('/_content/chunks/') ? chunks : shard ? shards : undefined;
    if (shard) epochs.add(shard[1]!);
    if (counted) {
      counted.files++;
      counted.bytes += size;
    }
  }
  return { files, bytes, largestFile, chunks, shards: { ...shards, epochs: epochs.size } };
}

/** What a route's first request reads in assets mode: its shard file, and every chunk file one of its texts lies in. */
export interface RouteFootprint {
  readonly path: string;
  readonly shardBytes: number;
  readonly chunks: number;
  /** Bytes of those chunk files: fetched whole, however little of each the route uses (only its own bytes are decoded). */
  readonly chunkBytes: number;
  /** Bytes of the route's own texts (before the origin is put in). */
  readonly textBytes: number;
}

/** Every index shard of the first epoch of an assets directory (the one in force when nothing is scheduled), with its size. */
export async function indexShards(directory: string): Promise<{ readonly bytes: number; readonly shard: Shard }[]> {
  const index = join(directory, '_content/index/0');
  const shards: { bytes: number; shard: Shard }[] = [];
  for (const name of await readdir(index)) {
    const text = await readFile(join(index, name), 'utf8');
    shards.push({ bytes: Buffer.byteLength(text), shard: JSON.parse(text) as Shard });
  }
  return shards;
}

/** The footprints of `paths` in the first epoch of an assets directory (the shard is found by looking, not hashing). */
export async function routeFootprints(directory: string, paths: readonly string[]): Promise<RouteFootprint[]> {
  const found = new Map<string, { shardBytes: number; document: Shard[string] }>();
  for (const { bytes, shard } of await indexShards(directory)) {
    for (const path of paths) if (Object.hasOwn(shard, path)) found.set(path, { shardBytes: bytes, document: shard[path]! });
  }
  const chunkSizes = new Map<number, number>();
  const chunkSize = async (chunk: number) => {
    if (!chunkSizes.has(chunk)) chunkSizes.set(chunk, (await stat(join(directory, `_content/chunks/${chunk}.txt`))).size);
    return chunkSizes.get(chunk)!;
  };
  const footprints: RouteFootprint[] = [];
  for (const path of paths) {
    const entry = found.get(path);
    if (!entry) continue;
    const chunks = [...new Set(entry.document.segments.map(([chunk]) => chunk))];
    let chunkBytes = 0;
    for (const chunk of chunks) chunkBytes += await chunkSize(chunk);
    const textBytes = entry.document.segments.reduce((sum, [, start, end]) => sum + end - start, 0);
    footprints.push({ path, shardBytes: entry.shardBytes, chunks: chunks.length, chunkBytes, textBytes });
  }
  return footprints;
}
