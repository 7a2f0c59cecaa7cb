import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import type { Article } from '../../../src/content/article';
import { chunkPath, type Shard, shardOf, shardPath } from '../../../src/site/archive';
import { buildBundle } from '../../../src/site/build-bundle';
import { documentText } from '../../../src/site/bundle';
import { writeArchive } from '../../../src/site/write-archive';
import { makeArticle } from '../../factories';

const NOW = new Date('2026-06-01T00:00:00Z');

function makeArticles(count: number): Article[] {
  return Array.from({ length: count }, (_, i) => {
    const published = new Date(Date.UTC(2026, 0, count - i)).toISOString();
    return makeArticle({ id: `urn:uuid:00000000-0000-5000-8000-${String(i).padStart(12, '0')}`, slug: `story-${i}`, title: `Story ${i}`, published, updated: published, source: `seeds/${i}.md` });
  });
}

describe('writing a large archive', () => {
  it('writes every document so that its spans read back as the bundle’s text', async () => {
    const bundle = buildBundle(makeArticles(30), site, NOW);
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const manifest = await writeArchive(bundle, directory, { chunkLength: 2000, routesPerShard: 10 });

    const chunks = new Map<number, string>();
    const read = async ([chunk, start, end]: readonly [number, number, number]) => {
      if (!chunks.has(chunk)) chunks.set(chunk, await readFile(join(directory, chunkPath(chunk)), 'utf8'));
      return chunks.get(chunk)!.slice(start, end);
    };
    for (const [path, index] of Object.entries(bundle.epochs[0]!.routes)) {
      const shard: Shard = JSON.parse(await readFile(join(directory, shardPath(0, shardOf(path, manifest.shards))), 'utf8'));
      const archived = shard[path]!;
      const texts = await Promise.all(archived.segments.map(read));
      const text = archived.separator === undefined ? texts.join('') : texts[0] + texts.slice(1, -1).join(archived.separator) + texts.at(-1);
      expect(text, path).toBe(documentText(bundle, bundle.documents[index]!));
    }
    expect((await readdir(join(directory, '_content/chunks'))).length).toBeGreaterThan(10);
    expect(manifest.shards).toBe(Math.ceil(Object.keys(bundle.epochs[0]!.routes).length / 10));
  });

  it('writes the site feeds first and together, so a feed’s first request reads few chunks', async () => {
    const bundle = buildBundle(makeArticles(30), site, NOW);
    const directory = join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets');
    const manifest = await writeArchive(bundle, directory, { chunkLength: 2000, routesPerShard: 10 });
    const shard: Shard = JSON.parse(await readFile(join(directory, shardPath(0, shardOf('/rss.xml', manifest.shards))), 'utf8'));
    const chunks = [...new Set(shard['/rss.xml']!.segments.map(([chunk]) => chunk))].sort((a, b) => a - b);
    expect(chunks).toEqual(Array.from({ length: chunks.length }, (_, i) => i));
  });

  it('keeps the manifest small and free of article text', async () => {
    const bundle = buildBundle(makeArticles(30), site, NOW);
    const manifest = await writeArchive(bundle, join(await mkdtemp(join(tmpdir(), 'bulletin-archive-')), 'assets'));
    expect(JSON.stringify(manifest)).not.toContain('Story 1');
    expect(JSON.stringify(manifest).length).toBeLessThan(1000);
  });
});
