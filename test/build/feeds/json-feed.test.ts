/** @module JSON Feed 1.1 output validated against the jsonfeed-schema 1.1 schema with ajv. */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildFeeds } from '../../../src/feeds';
import { HOSTILE_TEXT, makeArticle, makeArticleWithoutImage, makeArticles, makeConfig, makeScope } from './factories';

const require = createRequire(import.meta.url);
const schema: object = JSON.parse(readFileSync(require.resolve('jsonfeed-schema/schema-v1.1.json'), 'utf8'));

// The schema is draft-07 with "uri" and "date-time" formats; checked here without adding ajv-formats.
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value));
const validate = ajv.compile(schema);

function jsonOf(articles = [makeArticle()], config = makeConfig(), path = '/feed.json'): any {
  const body = buildFeeds(articles, makeScope(), config).get(path)?.body;
  if (body === undefined) throw new Error(`no ${path}`);
  return JSON.parse(body);
}

describe('JSON Feed 1.1', () => {
  it.each([
    ['a seed-like article', jsonOf()],
    ['no articles', jsonOf([])],
    ['hostile text', jsonOf([makeArticle({ title: HOSTILE_TEXT, summary: HOSTILE_TEXT, author: HOSTILE_TEXT })])],
    ['icon and hub', jsonOf([makeArticle()], makeConfig({ icon: '/icon.png', hub: 'https://hub.example/' }))],
    ['a second page', jsonOf(makeArticles(3), makeConfig({ feedSize: 2, archiveSize: 2 }), '/feed/2.json')],
  ])('is valid against the JSON Feed 1.1 schema with %s', (_case, feed) => {
    expect(validate(feed), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('says version 1.1 and has every feed-level field', () => {
    const feed = jsonOf([makeArticle()], makeConfig({ icon: '/icon.png', hub: 'https://hub.example/' }));
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'bulletin',
      home_page_url: 'https://origin.bulletin.invalid/',
      feed_url: 'https://origin.bulletin.invalid/feed.json',
      description: 'News and stories.',
      icon: 'https://origin.bulletin.invalid/icon.png',
      language: 'en',
      hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
    });
    expect(feed.next_url).toBeUndefined();
  });

  it('has every item field of a seed-like article', () => {
    expect(jsonOf().items[0]).toEqual({
      id: 'urn:uuid:3f0a7a52-5c1e-5d7b-9a34-6a1f4b2c8d90',
      url: 'https://origin.bulletin.invalid/articles/syrias-al-sharaa-meets-putin',
      title: 'Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases',
      content_html:
        '<figure><img src="https://origin.bulletin.invalid/images/sharaa-putin.jpg" alt="Putin and al-Sharaa shake hands">' +
        '<figcaption>Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin <small>Photo: SANA</small></figcaption></figure>' +
        '<p>Putin congratulated al-Sharaa. <a href="https://origin.bulletin.invalid/tags/syria">More on Syria</a>.</p>',
      summary: 'Russian President Vladimir Putin met with Syrian President Ahmed al-Sharaa at the Kremlin.',
      image: 'https://origin.bulletin.invalid/images/sharaa-putin.jpg',
      date_published: '2026-01-28T12:00:00.000Z',
      date_modified: '2026-01-29T08:30:00.000Z',
      authors: [{ name: 'bna Cairo bureau' }],
      tags: ['Syria', 'Russia'],
      language: 'en',
    });
  });

  it('carries hostile text exactly, and plain-text fields stay plain', () => {
    const [item] = jsonOf([makeArticle({ title: HOSTILE_TEXT, summary: HOSTILE_TEXT, tags: [HOSTILE_TEXT] })]).items;
    expect(item.title).toBe(HOSTILE_TEXT);
    expect(item.summary).toBe(HOSTILE_TEXT);
    expect(item.tags).toEqual([HOSTILE_TEXT]);
  });

  it('has no image and no figure for an article without an image', () => {
    const [item] = jsonOf([makeArticleWithoutImage()]).items;
    expect(item.image).toBeUndefined();
    expect(item.content_html).not.toContain('<figure>');
  });
});
