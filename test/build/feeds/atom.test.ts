/** @module Atom 1.0 output validated against RFC 4287's RELAX NG schema and read back by feed parsers. */

import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { buildFeeds } from '../../../src/feeds';
import { HOSTILE_TEXT, makeArticle, makeArticles, makeConfig, makeScope } from './factories';
import { ATOM_SCHEMA, jing, parseXml } from './xml-tools';

function atomOf(articles = [makeArticle()], config = makeConfig(), path = '/atom.xml'): string {
  const body = buildFeeds(articles, makeScope(), config).get(path)?.body;
  if (body === undefined) throw new Error(`no ${path}`);
  return body;
}

describe('Atom 1.0', () => {
  it.each([
    ['a seed-like article', atomOf()],
    ['no articles', atomOf([])],
    ['hostile text', atomOf([makeArticle({ title: HOSTILE_TEXT, summary: HOSTILE_TEXT, author: HOSTILE_TEXT, tags: [HOSTILE_TEXT] })])],
    ['icon, logo and hub', atomOf([makeArticle()], makeConfig({ icon: '/icon.png', logo: '/logo.png', hub: 'https://hub.example/' }))],
    ['an RFC 5005 archive page', atomOf(makeArticles(5), makeConfig({ feedSize: 2, archiveSize: 2 }), '/archive/1.atom')],
    ['a subscription feed with archives', atomOf(makeArticles(5), makeConfig({ feedSize: 2, archiveSize: 2 }))],
  ])('is valid against RFC 4287 with %s', (_case, atom) => {
    expect(jing(ATOM_SCHEMA, atom)).toBe('');
  });

  it('gives a feed parser every field of a seed-like article', () => {
    const feed = parseFeed(atomOf([makeArticle()], makeConfig({ logo: '/logo.png' })));
    expect(feed.meta).toEqual({ type: 'atom', version: '1.0' });
    expect(feed.title).toBe('bulletin');
    expect(feed.description).toBe('News and stories.');
    expect(feed.url).toBe('https://origin.bulletin.invalid/');
    expect(feed.self).toBe('https://origin.bulletin.invalid/atom.xml');
    expect(feed.language).toBe('en');
    expect(feed.updated?.toISOString()).toBe('2026-01-29T08:30:00.000Z');
    expect(feed.image?.url).toBe('https://origin.bulletin.invalid/logo.png');

    const [item] = feed.items;
    expect(item?.id).toBe('urn:uuid:3f0a7a52-5c1e-5d7b-9a34-6a1f4b2c8d90');
    expect(item?.title).toBe('Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases');
    expect(item?.url).toBe('https://origin.bulletin.invalid/articles/syrias-al-sharaa-meets-putin');
    expect(item?.published?.toISOString()).toBe('2026-01-28T12:00:00.000Z');
    expect(item?.updated?.toISOString()).toBe('2026-01-29T08:30:00.000Z');
    expect(item?.description).toBe('Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin.');
    expect(item?.authors.map((author) => author.name)).toEqual(['bna Cairo bureau']);
    expect(item?.categories).toEqual([
      { label: 'Syria', term: 'Syria', url: 'https://origin.bulletin.invalid/tags/syria' },
      { label: 'Russia', term: 'Russia', url: 'https://origin.bulletin.invalid/tags/russia' },
    ]);
    expect(item?.content).toContain('<figure><img src="https://origin.bulletin.invalid/images/sharaa-putin.jpg"');
    expect(item?.media.map((media) => [media.url, media.mimeType])).toEqual([
      ['https://origin.bulletin.invalid/images/sharaa-putin.jpg', 'image/jpeg'],
    ]);
  });

  it('keeps published and updated distinct, and says each entry’s language', () => {
    const entry = parseXml(atomOf([makeArticle({ lang: 'ar' })])).feed.entry[0];
    expect(entry.published).toBe('2026-01-28T12:00:00.000Z');
    expect(entry.updated).toBe('2026-01-29T08:30:00.000Z');
    expect(entry['@xml:lang']).toBe('ar');
  });

  it('has a stable feed id that is not a URL, shared by the subscription and archive documents', () => {
    const documents = buildFeeds(makeArticles(4), makeScope(), makeConfig({ feedSize: 2, archiveSize: 2 }));
    const id = (path: string): string => parseXml(documents.get(path)?.body ?? '').feed.id;
    expect(id('/atom.xml')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id('/archive/1.atom')).toBe(id('/atom.xml'));
    const tagFeed = buildFeeds([makeArticle()], makeScope({ basePath: '/tags/syria', homePath: '/tags/syria' }), makeConfig());
    expect(parseXml(tagFeed.get('/tags/syria/atom.xml')?.body ?? '').feed.id).not.toBe(id('/atom.xml'));
  });

  it('carries hostile text exactly as plain text', () => {
    const atom = atomOf([makeArticle({ title: HOSTILE_TEXT, summary: HOSTILE_TEXT, tags: [HOSTILE_TEXT] })]);
    const entry = parseXml(atom).feed.entry[0];
    expect(entry.title).toEqual({ '#text': HOSTILE_TEXT, '@type': 'text' });
    expect(entry.summary).toEqual({ '#text': HOSTILE_TEXT, '@type': 'text' });
    expect(entry.category[0]['@label']).toBe(HOSTILE_TEXT);
  });

  it('links the WebSub hub when one is configured', () => {
    const links = parseXml(atomOf([makeArticle()], makeConfig({ hub: 'https://hub.example/' }))).feed.link;
    expect(links).toContainEqual({ '@rel': 'hub', '@href': 'https://hub.example/' });
  });
});
