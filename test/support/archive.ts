/** @module A large archive's documents as the Worker reads them, straight from the files the build wrote. */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVE_DIRECTORY, type ArchivedDocument, chunkPath, type Shard } from '../../src/site/archive';

/** Every path of `epoch` in the archive under `directory`, with its text joined from its spans. */
export async function readArchive(directory: string, epoch = 0): Promise<Map<string, string>> {
  const chunks = new Map<number, Buffer>();
  const chunk = async (n: number) => {
    if (!chunks.has(n)) chunks.set(n, await readFile(join(directory, chunkPath(n))));
    return chunks.get(n)!;
  };
  const index = join(directory, ARCHIVE_DIRECTORY, 'index', String(epoch));
  const texts = new Map<string, string>();
  for (const name of await readdir(index)) {
    const shard: Shard = JSON.parse(await readFile(join(index, name), 'utf8'));
    for (const [path, { segments, separator }] of Object.entries(shard)) {
      const parts = await Promise.all(segments.map(async ([n, start, end]) => (await chunk(n)).toString('utf8', start, end)));
      texts.set(path, separator === undefined ? parts.join('') : parts[0] + parts.slice(1, -1).join(separator) + parts.at(-1));
    }
  }
  return texts;
}

/** A document as the Worker serves it from the archive: what its index entry says, with its text joined. */
export interface ServedDocument extends Omit<ArchivedDocument, 'segments' | 'separator'> {
  readonly text: string;
}

/** Every epoch of the archive under `directory` (as many as `epochs`), each path with its served document. */
export async function readArchiveDocuments(directory: string, epochs: number): Promise<Map<string, ServedDocument>[]> {
  const read: Map<string, ServedDocument>[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const texts = await readArchive(directory, epoch);
    const index = join(directory, ARCHIVE_DIRECTORY, 'index', String(epoch));
    const documents = new Map<string, ServedDocument>();
    for (const name of (await readdir(index)).sort()) {
      const shard: Shard = JSON.parse(await readFile(join(index, name), 'utf8'));
      for (const [path, { segments: _, separator: __, ...meta }] of Object.entries(shard)) documents.set(path, { ...meta, text: texts.get(path)! });
    }
    read.push(new Map([...documents].sort(([a], [b]) => (a < b ? -1 : 1))));
  }
  return read;
}
