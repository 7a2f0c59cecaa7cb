import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/content/article';
import { BuildCache } from '../../../src/content/build-cache';
import { buildBundle, bundleTexts, RenderState } from '../../../src/site/build-bundle';
import type { BuiltDocument } from '../../../src/site/document';
import { DocumentMemo, type SiteDocument } from '../../../src/site/document-memo';
import { makeArticle, makeConfig } from '../../factories';

const NOW = new Date('2026-06-01T00:00:00Z');
const config = makeConfig();

const page = (body: string): BuiltDocument => ({ contentType: 'text/html', body, lastModified: NOW.toISOString(), cache: 'page' });

/** The body of a document the memo made or kept (not an UnchangedDocument). */
function bodyOf(document: SiteDocument): string {
  if (!('body' in document)) throw new Error('expected a document, got an UnchangedDocument');
  return document.body;
}

function makeArticles(count: number, tagged = true): Article[] {
  return Array.from({ length: count }, (_, i) => {
    const published = new Date(Date.UTC(2026, 0, count - i)).toISOString();
    const tags = tagged ? [`tag-${i % 3}`] : [];
    return makeArticle({ id: `urn:uuid:00000000-0000-5000-8000-${String(i).padStart(12, '0')}`, slug: `story-${i}`, title: `Story ${i}`, published, updated: published, tags, source: `seeds/${i}.md` });
  });
}

describe('a document memo', () => {
  it('makes a document once for the same name and the very same inputs, and again for other inputs', () => {
    const memo = new DocumentMemo();
    const [a, b] = makeArticles(2);
    let made = 0;
    const make = () => page(`made ${++made}`);
    const first = memo.get('/x', [a, b], make);
    expect(memo.get('/x', [a, b], make)).toBe(first);
    expect(bodyOf(memo.get('/x', [a, { ...b! }], make))).toBe('made 2');
    expect(bodyOf(memo.get('/x', [a], make))).toBe('made 3');
    expect(bodyOf(memo.get('/y', [a], make))).toBe('made 4');
    expect(made).toBe(4);
  });

  it('takes a document from an earlier build only when that build’s texts are still held, and forgets what a build did not ask for', () => {
    const memo = new DocumentMemo();
    const [input] = makeArticles(1);
    let held = true;
    memo.startBuild(() => held);
    const kept = memo.get('/kept', [input], () => page('kept'));
    memo.get('/dropped', [input], () => page('dropped'));
    memo.endBuild();

    memo.startBuild(() => held);
    expect(memo.get('/kept', [input], () => page('again'))).toBe(kept);
    expect(memo.kept).toBe(1);
    memo.endBuild();

    memo.startBuild(() => held);
    expect(bodyOf(memo.get('/dropped', [input], () => page('dropped again')))).toBe('dropped again');
    held = false;
    expect(bodyOf(memo.get('/kept', [input], () => page('made again')))).toBe('made again');
    expect(memo.kept).toBe(0);
  });
});

describe('a render state kept between builds', () => {
  async function cacheFile() {
    return join(await mkdtemp(join(tmpdir(), 'bulletin-memo-')), 'build.cache');
  }

  it('builds after an edit what a build from nothing builds, keeping the documents the edit does not touch', async () => {
    const file = await cacheFile();
    const state = new RenderState();
    const articles = makeArticles(60);
    const cache = await BuildCache.open(file, 'code-1');
    buildBundle(articles, config, NOW, cache, state);
    await cache.save();

    const edited = articles.map((article, i) => (i === 30 ? { ...article, title: 'Story 30, corrected' } : article));
    const next = await BuildCache.open(file, 'code-1');
    const bundle = bundleTexts(buildBundle(edited, config, NOW, next, state));
    await next.save();
    expect(bundle).toEqual(bundleTexts(buildBundle(edited, config, NOW)));
    expect(JSON.stringify(bundle)).toContain('Story 30, corrected');
    // Of 60 article pages, 3 list pages and 3 tags' pages and feeds, and the site's feed archives: all but those
    // that carry story 30 or link to it.
    expect(state.documents.kept).toBeGreaterThan(60);
  });

  it('keeps the texts of the documents it kept in the cache file, for a build in another process', async () => {
    const file = await cacheFile();
    const state = new RenderState();
    const kept = makeArticles(30);
    const newer = makeArticles(150).map((article, i) => ({ ...article, id: `${article.id}-newer`, slug: `newer-${i}`, published: `2027-${article.published.slice(5)}`, tags: ['newer'] }));
    for (const articles of [kept, [...newer, ...kept], kept]) {
      const cache = await BuildCache.open(file, 'code-1');
      buildBundle(articles, config, NOW, cache, state);
      // The last save drops the newer articles' texts, which fill more of the file than the others: it must know
      // that the kept documents (the tags' feeds, most article pages) still use theirs.
      await cache.save();
    }
    expect(state.documents.kept).toBeGreaterThan(0);

    const other = await BuildCache.open(file, 'code-1');
    buildBundle(kept, config, NOW, other, new RenderState());
    expect(other.stats).toMatchObject({ misses: 0 });
    expect(other.stats.hits).toBeGreaterThan(0);
  });

  it('makes a document again when the build’s cache lacks its texts, and reads its texts from that cache', async () => {
    const state = new RenderState();
    // Untagged: a tag's feed would make items the site's feed then finds in the new cache, and rightly keeps.
    const articles = makeArticles(30, false);
    const cache = await BuildCache.open(await cacheFile(), 'code-1');
    buildBundle(articles, config, NOW, cache, state);
    await cache.save();

    // A cache dropped between two builds (other code, or deleted): nothing it held can be read from the new one.
    const empty = await BuildCache.open(await cacheFile(), 'code-1');
    const bundle = bundleTexts(buildBundle(articles, config, NOW, empty, state));
    // Only /subscribe is kept: it holds its own text, and reads none from a cache.
    expect(state.documents.kept).toBe(1);
    expect(bundle).toEqual(bundleTexts(buildBundle(articles, config, NOW)));
  });
});
