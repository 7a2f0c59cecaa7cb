/** @module The feed stylesheet, run by libxslt (xsltproc, as in Chromium) on real RSS and Atom output. */

import { describe, expect, it } from 'vitest';
import { buildFeedStylesheet, buildFeeds, FEED_STYLESHEET_PATH } from '../../../src/feeds';
import { makeArticle, makeArticles, makeConfig, makeScope } from './factories';
import { ANY_XML_SCHEMA, jing, xsltproc } from './xml-tools';

describe('the feed stylesheet', () => {
  const stylesheet = buildFeedStylesheet(makeConfig());

  it('is served at /feed.xsl as a cacheable, undated asset', () => {
    expect(FEED_STYLESHEET_PATH).toBe('/feed.xsl');
    expect(stylesheet).toMatchObject({ contentType: 'text/xsl; charset=utf-8', cache: 'asset', lastModified: '1970-01-01T00:00:00.000Z' });
  });

  it('is well-formed and has no script, which the CSP would block', () => {
    expect(jing(ANY_XML_SCHEMA, stylesheet.body)).toBe('');
    expect(stylesheet.body).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
  });

  it.each(['/rss.xml', '/atom.xml'])('renders %s as a page with title, description, linked items, dates and how to subscribe', (path) => {
    const feed = buildFeeds([makeArticle({ title: 'Tom & <Jerry>' }), ...makeArticles(1)], makeScope(), makeConfig()).get(path);
    const html = xsltproc(stylesheet.body, feed?.body ?? '');
    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toContain('<h1>bulletin</h1>');
    expect(html).toContain('<p>News and stories.</p>');
    expect(html).toContain('<a href="https://origin.bulletin.invalid/articles/syrias-al-sharaa-meets-putin">Tom &amp; &lt;Jerry&gt;</a>');
    expect(html).toContain('<a href="https://origin.bulletin.invalid/articles/article-1">Article 1</a>');
    expect(html).toMatch(/2026-01-28|Wed, 28 Jan 2026/);
    expect(html).toContain(`To subscribe, copy its address`);
    expect(html).toContain(`<code>https://origin.bulletin.invalid${path}</code>`);
  });
});
