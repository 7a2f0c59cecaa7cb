import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFeeds } from '../../../src/feeds';
import { stripIllegalCharacters as strip } from '../../../src/feeds/xml';
import { makeArticle, makeConfig, makeScope } from '../feeds/factories';
import { parseXml } from '../feeds/xml-tools';
import { hostileText } from './arbitraries';
import { scriptHazards, xmlProblems } from './inspect';

/**
 * Articles straight from the factory with hostile text in every text field, lone surrogates and all: the feeds
 * must hold up even for articles that did not come through the seed reader.
 */
const hostileArticle = fc
  .record({
    title: hostileText,
    summary: hostileText,
    author: hostileText,
    tags: fc.array(hostileText.filter((tag) => /[a-z]/i.test(tag)), { maxLength: 3 }),
    caption: hostileText,
    credit: hostileText,
    alt: hostileText,
    paragraph: hostileText,
  })
  .map(({ alt, paragraph, ...texts }) =>
    makeArticle({
      ...texts,
      image: { url: '/images/a.jpg', alt, type: 'image/jpeg' },
      // The body is sanitised HTML by the time feeds see it: text with `&`, `<` and `>` escaped.
      html: `<p>${paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`,
    }),
  );

describe('feeds of articles with hostile text in every field', () => {
  it('are well-formed XML 1.0 and JSON carrying each text less only what XML forbids', () => {
    fc.assert(
      fc.property(hostileArticle, (article) => {
        const documents = buildFeeds([article], makeScope(), makeConfig());
        const body = (path: string) => documents.get(path)!.body;
        expect(xmlProblems(body('/rss.xml'))).toEqual([]);
        expect(xmlProblems(body('/atom.xml'))).toEqual([]);

        const item = parseXml(body('/rss.xml')).rss.channel.item[0];
        expect(item.title).toBe(strip(article.title));
        expect(item['dc:creator']).toBe(strip(article.author));
        const entry = parseXml(body('/atom.xml')).feed.entry[0];
        expect(entry.title['#text'] ?? '').toBe(strip(article.title));
        expect(entry.summary['#text'] ?? '').toBe(strip(article.summary));

        const json = JSON.parse(body('/feed.json')).items[0];
        expect(json.title).toBe(strip(article.title));
        expect(json.summary).toBe(strip(article.summary));
        expect(json.authors).toEqual([{ name: strip(article.author) }]);
        expect(json.tags).toEqual(article.tags.length === 0 ? undefined : article.tags.map(strip));
        for (const html of [item['content:encoded'], item.description, entry.content['#text'], json.content_html]) {
          expect(scriptHazards(html)).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
