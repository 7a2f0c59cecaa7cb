/** @module RSS 2.0 output read back by a strict XML parser and by a real feed parser. */

import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { buildFeeds } from '../../../src/feeds';
import { HOSTILE_TEXT, makeArticle, makeArticleWithoutImage, makeConfig, makeScope } from './factories';
import { ANY_XML_SCHEMA, jing, parseXml } from './xml-tools';

function rssOf(articles = [makeArticle()], config = makeConfig()): string {
  const body = buildFeeds(articles, makeScope(), config).get('/rss.xml')?.body;
  if (body === undefined) throw new Error('no /rss.xml');
  return body;
}

describe('RSS 2.0', () => {
  it('is well-formed XML that points browsers at the stylesheet', () => {
    const rss = rssOf();
    expect(jing(ANY_XML_SCHEMA, rss)).toBe('');
    expect(rss.split('\n')[0]).toBe('<?xml version="1.0" encoding="utf-8"?><?xml-stylesheet href="/feed.xsl" type="text/xsl"?>');
  });

  it('gives a feed parser every field of a seed-like article', () => {
    const feed = parseFeed(rssOf([makeArticle()], makeConfig({ logo: '/logo.png' })));
    expect(feed.meta).toEqual({ type: 'rss', version: '2.0' });
    expect(feed.title).toBe('bulletin');
    expect(feed.description).toBe('News and stories.');
    expect(feed.url).toBe('https://origin.bulletin.invalid/');
    expect(feed.self).toBe('https://origin.bulletin.invalid/rss.xml');
    expect(feed.language).toBe('en');
    expect(feed.updated?.toISOString()).toBe('2026-01-29T08:30:00.000Z');
    expect(feed.generator?.label).toBe('bulletin');
    expect(feed.image?.url).toBe('https://origin.bulletin.invalid/logo.png');

    const [item] = feed.items;
    expect(item?.id).toBe('urn:uuid:3f0a7a52-5c1e-5d7b-9a34-6a1f4b2c8d90');
    expect(item?.title).toBe('Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases');
    expect(item?.url).toBe('https://origin.bulletin.invalid/articles/syrias-al-sharaa-meets-putin');
    expect(item?.published?.toISOString()).toBe('2026-01-28T12:00:00.000Z');
    expect(item?.description).toBe('Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin.');
    expect(item?.authors.map((author) => author.name)).toEqual(['bna Cairo bureau']);
    expect(item?.categories).toEqual([
      { label: 'Syria', term: 'Syria', url: 'https://origin.bulletin.invalid/tags/syria' },
      { label: 'Russia', term: 'Russia', url: 'https://origin.bulletin.invalid/tags/russia' },
    ]);
    expect(item?.content).toBe(
      '<figure><img src="https://origin.bulletin.invalid/images/sharaa-putin.jpg" alt="Putin and al-Sharaa shake hands">' +
        '<figcaption>Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin <small>Photo: SANA</small></figcaption></figure>' +
        '<p>Putin congratulated al-Sharaa. <a href="https://origin.bulletin.invalid/tags/syria">More on Syria</a>.</p>',
    );
    expect(item?.media).toEqual([
      {
        url: 'https://origin.bulletin.invalid/images/sharaa-putin.jpg',
        image: 'https://origin.bulletin.invalid/images/sharaa-putin.jpg',
        title: 'Putin and al-Sharaa shake hands',
        length: null,
        type: 'image',
        mimeType: 'image/jpeg',
      },
    ]);
  });

  it('marks guids as not permalinks, dates pubDate by publishing and names the item language', () => {
    const item = parseXml(rssOf()).rss.channel.item[0];
    expect(item.guid).toEqual({ '#text': 'urn:uuid:3f0a7a52-5c1e-5d7b-9a34-6a1f4b2c8d90', '@isPermaLink': 'false' });
    expect(item.pubDate).toBe('Wed, 28 Jan 2026 12:00:00 GMT');
    expect(item['dc:language']).toBe('en');
    expect(item['media:content']['media:credit']).toBe('SANA');
    expect(item.enclosure).toBeUndefined();
  });

  it('declares every namespace it uses on the root element', () => {
    const rss = parseXml(rssOf()).rss;
    expect(rss['@xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
    expect(rss['@xmlns:dc']).toBe('http://purl.org/dc/elements/1.1/');
    expect(rss['@xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
    expect(rss['@xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    expect(rss['@xmlns:fh']).toBe('http://purl.org/syndication/history/1.0');
  });

  it('links the WebSub hub when one is configured, and not otherwise', () => {
    const links = (rss: string): unknown[] => parseXml(rss).rss.channel['atom:link'];
    expect(links(rssOf([makeArticle()], makeConfig({ hub: 'https://hub.example/' })))).toContainEqual({
      '@href': 'https://hub.example/',
      '@rel': 'hub',
    });
    expect(links(rssOf())).toEqual([{ '@href': 'https://origin.bulletin.invalid/rss.xml', '@rel': 'self', '@type': 'application/rss+xml' }]);
  });

  it('carries hostile text exactly: CDATA ends, markup, entities, right-to-left, bidi overrides, emoji', () => {
    const rss = rssOf([makeArticle({ title: HOSTILE_TEXT, author: HOSTILE_TEXT, tags: [HOSTILE_TEXT], caption: HOSTILE_TEXT })]);
    expect(jing(ANY_XML_SCHEMA, rss)).toBe('');
    const item = parseXml(rss).rss.channel.item[0];
    expect(item.title).toBe(HOSTILE_TEXT);
    expect(item['dc:creator']).toBe(HOSTILE_TEXT);
    expect(item.category[0]['#text']).toBe(HOSTILE_TEXT);
    // A feed parser reads RSS text as HTML and decodes entities once more: "&amp;" shows as "&" there.
    expect(parseFeed(rss).items[0]?.title).toBe(HOSTILE_TEXT.replace('&amp;', '&'));
  });

  it('carries the summary as HTML-escaped text, since readers render RSS descriptions as HTML', () => {
    const item = parseXml(rssOf([makeArticle({ summary: 'Tom & <Jerry>' })])).rss.channel.item[0];
    expect(item.description).toBe('Tom &amp; &lt;Jerry&gt;');
  });

  it('has no figure and no media:content for an article without an image', () => {
    const item = parseXml(rssOf([makeArticleWithoutImage()])).rss.channel.item[0];
    expect(item['media:content']).toBeUndefined();
    expect(item['content:encoded']).not.toContain('<figure>');
  });
});
