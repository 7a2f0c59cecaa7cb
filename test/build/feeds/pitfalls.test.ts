/**
 * @module Each thing feed@6.0.0 gets wrong, shown on feed alone, then shown guarded in our output.
 * A "feed alone" test that starts failing means feed fixed the bug and the guard may go.
 */

import { Feed, type FeedOptions, type Item } from 'feed';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { escapeText } from '../../../src/content/markdown';
import { buildFeeds } from '../../../src/feeds';
import { makeArticle, makeArticles, makeConfig, makeScope } from './factories';
import { ANY_XML_SCHEMA, ATOM_SCHEMA, jing, parseXml } from './xml-tools';

function rawFeed(options: Partial<FeedOptions> = {}, item: Partial<Item> = {}, dated = true): Feed {
  const feed = new Feed({
    id: 'https://example.com/',
    title: 'Example',
    link: 'https://example.com/',
    ...(dated ? { updated: new Date('2026-01-28T12:00:00.000Z') } : {}),
    ...options,
  });
  feed.addItem({
    id: 'urn:uuid:3f0a7a52-5c1e-5d7b-9a34-6a1f4b2c8d90',
    title: 'Title',
    link: 'https://example.com/articles/a',
    date: new Date('2026-01-28T12:00:00.000Z'),
    ...item,
  });
  return feed;
}

function ours(article = makeArticle(), config = makeConfig()): { rss: string; atom: string; json: string } {
  const documents = buildFeeds([article], makeScope(), config);
  const body = (path: string): string => {
    const document = documents.get(path);
    if (document === undefined) throw new Error(`no ${path}`);
    return document.body;
  };
  return { rss: body('/rss.xml'), atom: body('/atom.xml'), json: body('/feed.json') };
}

const TWO_CDATA_ENDS = 'first ]]> second ]]> end';

describe('a second "]]>" in text', () => {
  it('feed alone ends CDATA early, leaving a bare "]]>" that XML forbids', () => {
    const xml = rawFeed({}, { content: TWO_CDATA_ENDS, title: TWO_CDATA_ENDS }).rss2();
    expect(jing(ANY_XML_SCHEMA, xml)).toMatch(/"]]>" must not appear in content/);
  });

  it('survives in our RSS and Atom titles, summaries and content as escaped text', () => {
    // The body as the content build writes it (an HTML text's ">" escaped): the feed escapes it once more.
    const html = `<p>${escapeText(TWO_CDATA_ENDS)}</p>`;
    const { rss, atom } = ours(makeArticle({ title: TWO_CDATA_ENDS, summary: TWO_CDATA_ENDS, html }));
    expect(jing(ANY_XML_SCHEMA, rss)).toBe('');
    expect(jing(ATOM_SCHEMA, atom)).toBe('');
    expect(rss).not.toContain('CDATA');
    const item = parseXml(rss).rss.channel.item[0];
    expect(item.title).toBe(TWO_CDATA_ENDS);
    expect(item['content:encoded']).toContain('first ]]&gt; second ]]&gt; end');
    const entry = parseXml(atom).feed.entry[0];
    expect(entry.title['#text']).toBe(TWO_CDATA_ENDS);
    expect(entry.summary['#text']).toBe(TWO_CDATA_ENDS);
  });
});

describe('characters XML cannot carry', () => {
  const controls = 'a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i\uDC00j';

  it('feed alone writes them, and the document is no longer XML', () => {
    expect(jing(ANY_XML_SCHEMA, rawFeed({}, { title: 'bell \u0007' }).rss2())).toContain('invalid XML character');
  });

  it('are stripped from every text in all three formats, keeping tabs and astral characters', () => {
    const { rss, atom, json } = ours(makeArticle({ title: controls + ' 🎉\t', author: `Ann${controls}`, tags: [`Syria${controls}`] }));
    expect(jing(ANY_XML_SCHEMA, rss)).toBe('');
    expect(jing(ATOM_SCHEMA, atom)).toBe('');
    expect(parseXml(rss).rss.channel.item[0].title).toBe('abcdefghij 🎉\t');
    expect(parseXml(atom).feed.entry[0].author[0].name).toBe('Annabcdefghij');
    const item = JSON.parse(json).items[0];
    expect(item.title).toBe('abcdefghij 🎉\t');
    expect(item.tags).toEqual(['Syriaabcdefghij']);
  });
});

describe('attribute values', () => {
  const label = 'Q&A: <you> say "yes"';

  it('feed alone leaves "<" raw in category labels', () => {
    const atom = rawFeed({}, { category: [{ name: label, term: label }] }).atom1();
    expect(atom).toContain('label="Q&amp;A: <you> say &quot;yes&quot;"');
    expect(jing(ANY_XML_SCHEMA, atom)).toMatch(/attribute "label" .* must not contain the '<' character/);
  });

  it('feed alone leaves "&" and "<" raw in enclosure titles', () => {
    const atom = rawFeed({}, { image: { url: 'https://example.com/a.jpg', title: label } }).atom1();
    expect(atom).toContain('title="Q&A: <you> say &quot;yes&quot;"');
    expect(jing(ANY_XML_SCHEMA, atom)).toMatch(/fatal/);
  });

  it('are escaped completely in our category labels, terms and domains', () => {
    const { rss, atom } = ours(makeArticle({ tags: [label] }));
    expect(jing(ATOM_SCHEMA, atom)).toBe('');
    const category = parseXml(atom).feed.entry[0].category[0];
    expect(category['@label']).toBe(label);
    expect(category['@term']).toBe(label);
    expect(category['@scheme']).toBe('https://origin.bulletin.invalid/tags/q-a-you-say-yes');
    expect(parseXml(rss).rss.channel.item[0].category[0]['#text']).toBe(label);
  });
});

describe('enclosure types', () => {
  it('feed alone guesses them from the file extension: image/jpg, image//images/photo', () => {
    const jpeg = rawFeed({}, { image: { url: 'https://example.com/a.jpg', type: 'image/jpeg' } }).atom1();
    expect(jpeg).toContain('type="image/jpg"');
    const bare = rawFeed({}, { image: 'https://example.com/images/photo' }).atom1();
    expect(bare).toContain('type="image//images/photo"');
  });

  it('are the article image type in our Atom enclosure and RSS media:content', () => {
    const { rss, atom } = ours(makeArticle({ image: { url: '/images/a.jpg', alt: '', type: 'image/jpeg' } }));
    const enclosure = parseXml(atom).feed.entry[0].link.find((link: { '@rel'?: string }) => link['@rel'] === 'enclosure');
    expect(enclosure).toEqual({ '@rel': 'enclosure', '@href': 'https://origin.bulletin.invalid/images/a.jpg', '@type': 'image/jpeg' });
    expect(parseXml(rss).rss.channel.item[0]['media:content']['@type']).toBe('image/jpeg');
  });

  it('are left out, never guessed, when the article image type is unknown', () => {
    const { rss, atom } = ours(makeArticle({ image: { url: '/images/photo', alt: '' } }));
    expect(jing(ATOM_SCHEMA, atom)).toBe('');
    expect(atom).toContain('<link rel="enclosure" href="https://origin.bulletin.invalid/images/photo"/>');
    expect(parseXml(rss).rss.channel.item[0]['media:content']['@type']).toBeUndefined();
  });
});

describe('ids', () => {
  const id = 'URN:UUID:3F0A7A52-5C1E-5D7B-9A34-6A1F4B2C8D90';

  it('feed alone normalises Atom ids through new URL()', () => {
    expect(rawFeed({}, { id }).atom1()).toContain('<id>urn:UUID:3F0A7A52-5C1E-5D7B-9A34-6A1F4B2C8D90</id>');
  });

  it('come out exactly as given in Atom id, RSS guid and JSON id', () => {
    const { rss, atom, json } = ours(makeArticle({ id }));
    expect(parseXml(atom).feed.entry[0].id).toBe(id);
    expect(parseXml(rss).rss.channel.item[0].guid).toEqual({ '#text': id, '@isPermaLink': 'false' });
    expect(JSON.parse(json).items[0].id).toBe(id);
  });
});

describe('relative links', () => {
  it('feed alone throws on them', () => {
    expect(() => rawFeed({ link: '/' }).rss2()).toThrow(/Invalid URL/);
  });

  it('are made absolute in ours: image, icon, logo and hub given root-relative', () => {
    const config = makeConfig({ icon: '/icon.png', logo: '/logo.png', hub: '/hub' });
    const { atom } = ours(makeArticle({ image: { url: '/images/a.jpg', alt: '' } }), config);
    const feed = parseXml(atom).feed;
    expect(feed.icon).toBe('https://origin.bulletin.invalid/icon.png');
    expect(feed.logo).toBe('https://origin.bulletin.invalid/logo.png');
    expect(feed.link.find((link: { '@rel': string }) => link['@rel'] === 'hub')['@href']).toBe('https://origin.bulletin.invalid/hub');
  });
});

describe('the feed date', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('feed alone defaults it to the current time', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-05-05T05:05:05.000Z'));
    const feed = rawFeed({}, {}, false);
    expect(feed.rss2()).toContain('<lastBuildDate>Sun, 05 May 2030 05:05:05 GMT</lastBuildDate>');
    expect(feed.atom1()).toContain('<updated>2030-05-05T05:05:05.000Z</updated>');
  });

  it('is the newest article update in ours, whatever the clock says', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-05-05T05:05:05.000Z'));
    const first = buildFeeds(makeArticles(3), makeScope(), makeConfig());
    vi.setSystemTime(new Date('2040-01-01T00:00:00.000Z'));
    const second = buildFeeds(makeArticles(3), makeScope(), makeConfig());
    expect([...second]).toEqual([...first]);
    expect(first.get('/rss.xml')?.body).toContain('<lastBuildDate>Sun, 04 Jan 2026 01:00:00 GMT</lastBuildDate>');
  });
});

describe('self links', () => {
  it('feed alone lets the `feed` option win over feedLinks.atom, so Atom names the RSS URL as itself', () => {
    const feed = rawFeed({ feed: 'https://example.com/rss.xml', feedLinks: { atom: 'https://example.com/atom.xml' } });
    expect(feed.atom1()).toContain('<link rel="self" href="https://example.com/rss.xml"/>');
  });

  it('name each of our documents exactly once', () => {
    const { rss, atom, json } = ours(makeArticle(), makeConfig({ hub: 'https://hub.example/' }));
    const rssSelf = parseXml(rss).rss.channel['atom:link'].filter((link: { '@rel': string }) => link['@rel'] === 'self');
    expect(rssSelf).toEqual([{ '@rel': 'self', '@href': 'https://origin.bulletin.invalid/rss.xml', '@type': 'application/rss+xml' }]);
    const atomSelf = parseXml(atom).feed.link.filter((link: { '@rel': string }) => link['@rel'] === 'self');
    expect(atomSelf).toEqual([{ '@rel': 'self', '@href': 'https://origin.bulletin.invalid/atom.xml' }]);
    expect(JSON.parse(json).feed_url).toBe('https://origin.bulletin.invalid/feed.json');
  });
});

describe('Atom titles', () => {
  it('feed alone marks them type="html", so markup-like text would be read as HTML', () => {
    expect(rawFeed({}, { title: 'A < B & C' }).atom1()).toContain('<title type="html"><![CDATA[A < B & C]]></title>');
  });

  it('are plain text in ours, and a reader sees exactly "A < B & C"', () => {
    const { atom } = ours(makeArticle({ title: 'A < B & C' }));
    const title = parseXml(atom).feed.entry[0].title;
    expect(title).toEqual({ '#text': 'A < B & C', '@type': 'text' });
  });
});

describe('a literal "&amp;" in text', () => {
  it('feed alone (xml-js) collapses it to "&", so readers see "Fish & chips"', () => {
    const xml = rawFeed({ title: 'Fish &amp; chips' }).rss2();
    expect(parseXml(xml).rss.channel.title).toBe('Fish & chips');
  });

  it('reaches the reader as "&amp;" in ours', () => {
    const { rss, atom } = buildFeedsBodies('Fish &amp; chips');
    expect(rss).toContain('<title>Fish &amp;amp; chips</title>');
    expect(parseXml(rss).rss.channel.title).toBe('Fish &amp; chips');
    expect(parseXml(rss).rss.channel.item[0].title).toBe('Fish &amp; chips');
    expect(parseXml(atom).feed.title).toBe('Fish &amp; chips');
  });
});

function buildFeedsBodies(title: string): { rss: string; atom: string } {
  const documents = buildFeeds([makeArticle({ title })], makeScope({ title }), makeConfig());
  return { rss: documents.get('/rss.xml')?.body ?? '', atom: documents.get('/atom.xml')?.body ?? '' };
}

describe('authors known by name only', () => {
  it('feed alone writes them as RSS <author>, which must be an e-mail address', () => {
    expect(rawFeed({}, { author: [{ name: 'bna Cairo bureau' }] }).rss2()).toContain('<author>bna Cairo bureau</author>');
  });

  it('are dc:creator in our RSS, with no <author>', () => {
    const { rss } = ours();
    expect(rss).not.toContain('<author>');
    expect(parseXml(rss).rss.channel.item[0]['dc:creator']).toBe('bna Cairo bureau');
  });
});
