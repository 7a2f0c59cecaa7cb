import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import type { Article } from '../../../src/content/article';
import { buildBundle as buildBuiltBundle, bundleTexts } from '../../../src/site/build-bundle';
import { documentText } from '../../../src/site/bundle';
import { SITEMAP_URLS, sitemaps } from '../../../src/site/render';
import { makeArticle as makePlainArticle } from '../../factories';

let serial = 0;
/** A distinct article each call, published 2026-01-01 unless overridden. */
function makeArticle(overrides: Partial<Article> = {}): Article {
  serial += 1;
  return makePlainArticle({
    id: `urn:uuid:00000000-0000-5000-8000-${String(serial).padStart(12, '0')}`,
    slug: `story-${serial}`,
    title: `Story ${serial}`,
    published: '2026-01-01T12:00:00.000Z',
    updated: '2026-01-01T12:00:00.000Z',
    source: `seeds/story-${serial}.md`,
    ...overrides,
  });
}

const NOW = new Date('2026-06-01T00:00:00Z');

/** The bundle as the Worker gets it, every fragment's text read. */
const buildBundle = (...args: Parameters<typeof buildBuiltBundle>) => bundleTexts(buildBuiltBundle(...args));

describe('the content bundle', () => {
  it('holds one epoch when nothing is scheduled', () => {
    const bundle = buildBundle([makeArticle()], site, NOW);
    expect(bundle.epochs).toHaveLength(1);
    expect(bundle.epochs[0]!.from).toBeNull();
  });

  it('starts an epoch at each scheduled article', () => {
    const later = makeArticle({ published: '2026-07-01T00:00:00.000Z', updated: '2026-07-01T00:00:00.000Z' });
    const latest = makeArticle({ published: '2026-08-01T00:00:00.000Z', updated: '2026-08-01T00:00:00.000Z' });
    const now = makeArticle();
    const bundle = buildBundle([latest, later, now], site, NOW);
    expect(bundle.epochs.map((e) => e.from)).toEqual([null, '2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z']);
    expect(bundle.epochs.map((e) => Object.hasOwn(e.routes, `/articles/${later.slug}`))).toEqual([false, true, true]);
    expect(bundle.epochs.map((e) => Object.hasOwn(e.routes, `/articles/${latest.slug}`))).toEqual([false, false, true]);
  });

  it('stores a document that does not change between epochs once', () => {
    const oldest = makeArticle({ published: '2025-01-01T00:00:00.000Z', updated: '2025-01-01T00:00:00.000Z' });
    const middle = makeArticle({ published: '2025-06-01T00:00:00.000Z', updated: '2025-06-01T00:00:00.000Z' });
    const scheduled = makeArticle({ published: '2026-07-01T00:00:00.000Z', updated: '2026-07-01T00:00:00.000Z' });
    const bundle = buildBundle([scheduled, middle, oldest], site, NOW);
    const [before, after] = bundle.epochs;
    // The oldest article's neighbours are the same in both epochs; the middle one gains a newer neighbour.
    expect(after!.routes[`/articles/${oldest.slug}`]).toBe(before!.routes[`/articles/${oldest.slug}`]);
    expect(after!.routes[`/articles/${middle.slug}`]).not.toBe(before!.routes[`/articles/${middle.slug}`]);
  });

  it('stores an article’s feed item once, however many feeds carry it', () => {
    const article = makeArticle({ tags: ['News', 'World'], title: 'Shared item' });
    const bundle = buildBundle([article], site, NOW);
    const rssItems = bundle.fragments.filter((f) => f.includes('<item>') && f.includes('Shared item'));
    // /rss.xml, /tags/news/rss.xml and /tags/world/rss.xml all carry it.
    expect(rssItems).toHaveLength(1);
    const paths = ['/rss.xml', '/tags/news/rss.xml', '/tags/world/rss.xml'];
    for (const path of paths) expect(documentText(bundle, bundle.documents[bundle.epochs[0]!.routes[path]!]!)).toContain(rssItems[0]);
  });

  it('is the same, byte for byte, when built again from the same articles', () => {
    const articles = [makeArticle({ published: '2026-02-01T00:00:00.000Z', updated: '2026-02-03T00:00:00.000Z' }), makeArticle()];
    expect(JSON.stringify(buildBundle(articles, site, NOW))).toBe(JSON.stringify(buildBundle(articles, site, new Date('2026-06-02T00:00:00Z'))));
  });

  it('dates every document by its newest update, never by the build time', () => {
    const article = makeArticle({ updated: '2026-01-05T00:00:00.000Z' });
    const bundle = buildBundle([article], site, NOW);
    const rss = bundle.documents[bundle.epochs[0]!.routes['/rss.xml']!]!;
    expect(rss.lastModified).toBe('2026-01-05T00:00:00.000Z');
    expect(documentText(bundle, rss)).toContain('<lastBuildDate>Mon, 05 Jan 2026 00:00:00 GMT</lastBuildDate>');
  });
});

describe('links to tags in other scripts', () => {
  it('are percent-encoded in tag feeds, as in pages and the sitemap', () => {
    const bundle = buildBundle([makeArticle({ tags: ['سوريا'] })], site, NOW);
    const routes = bundle.epochs[0]!.routes;
    const rss = documentText(bundle, bundle.documents[routes['/tags/سوريا/rss.xml']!]!);
    expect(rss).toContain('<atom:link href="https://origin.bulletin.invalid/tags/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/rss.xml" rel="self"');
    expect(rss).not.toMatch(/\/tags\/سوريا/);
  });
});

describe('the sitemap', () => {
  it('lists every page with its newest update', () => {
    const article = makeArticle({ updated: '2026-01-05T00:00:00.000Z' });
    const bundle = buildBundle([article], site, NOW);
    const text = documentText(bundle, bundle.documents[bundle.epochs[0]!.routes['/sitemap.xml']!]!);
    expect(text).toContain(`<url><loc>https://origin.bulletin.invalid/articles/${article.slug}</loc><lastmod>2026-01-05T00:00:00.000Z</lastmod></url>`);
    expect(text).toContain('<url><loc>https://origin.bulletin.invalid/subscribe</loc></url>');
  });

  it('becomes a sitemap index of files of at most 50,000 URLs on a larger site', () => {
    const entries = Array.from({ length: SITEMAP_URLS + 5 }, (_, i) => ({ path: `/articles/s-${i}`, lastModified: '2026-01-05T00:00:00.000Z' }));
    const documents = sitemaps(entries);
    expect([...documents.keys()]).toEqual(['/sitemap.xml', '/sitemaps/1.xml', '/sitemaps/2.xml']);
    expect(documents.get('/sitemap.xml')!.body).toContain('<sitemapindex');
    expect(documents.get('/sitemap.xml')!.body).toContain('<sitemap><loc>https://origin.bulletin.invalid/sitemaps/2.xml</loc><lastmod>2026-01-05T00:00:00.000Z</lastmod></sitemap>');
    expect(documents.get('/sitemaps/1.xml')!.body.match(/<url>/g)).toHaveLength(SITEMAP_URLS);
    expect(documents.get('/sitemaps/2.xml')!.body.match(/<url>/g)).toHaveLength(5);
  });
});
