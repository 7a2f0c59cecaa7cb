import { describe, expect, it } from 'vitest';
import { excerpt, readSeed } from '../../../src/content/seed';
import { ANY_XML_SCHEMA, ATOM_SCHEMA, jingAll, parseXml } from '../feeds/xml-tools';
import { makeConfig } from '../../factories';
import { buildFromSeeds, scriptHazards, visibleText, xmlProblems, type HostileBuild } from './inspect';

const SCRIPT_TITLE = '<script>alert(1)</script>';

/** A Markdown seed: front matter from `front` lines, then `body`. */
function markdownSeed(front: readonly string[], body: string, file = 'seeds/hostile.md') {
  return { file, bytes: Buffer.from(`---\n${front.join('\n')}\n---\n${body}\n`) };
}

/** A scraped-text seed with one headline and the given paragraphs. */
function scrapedSeed(headline: string, paragraphs: readonly string[], file = 'seeds/hostile.txt') {
  return { file, bytes: Buffer.from(`Wednesday, January 28, 2026\n\n${headline}\n\n${paragraphs.join('\n\n')}\n\nNo comments:\n`) };
}

function body(build: HostileBuild, path: string): string {
  const text = build.bodyAt(path);
  if (text === undefined) throw new Error(`nothing at ${path}`);
  return text;
}

interface FeedsOfOne {
  readonly rss: any;
  readonly atom: any;
  readonly json: any;
}

/** The site's three feeds, parsed, after checking that each XML one is well-formed. */
function feeds(build: HostileBuild): FeedsOfOne {
  for (const path of ['/rss.xml', '/atom.xml']) expect(xmlProblems(body(build, path)), path).toEqual([]);
  expect(jingAll(ANY_XML_SCHEMA, { 'rss.xml': body(build, '/rss.xml') })).toEqual({});
  expect(jingAll(ATOM_SCHEMA, { 'atom.xml': body(build, '/atom.xml') })).toEqual({});
  return {
    rss: parseXml(body(build, '/rss.xml')).rss.channel.item[0],
    atom: parseXml(body(build, '/atom.xml')).feed.entry[0],
    json: JSON.parse(body(build, '/feed.json')).items[0],
  };
}

/** The text a reader sees in each feed's HTML content for the one article: tags gone, references decoded. */
function contentTexts({ rss, atom, json }: FeedsOfOne): string[] {
  return [rss['content:encoded'], atom.content['#text'], json.content_html].map((html: string) => visibleText(`<div>${html}</div>`, 'div') ?? '');
}

describe('a headline that is a script element', () => {
  const build = buildFromSeeds([markdownSeed([`title: "${SCRIPT_TITLE}"`, 'date: 2026-01-28', 'slug: script-title'], 'Body.')]);

  it('reads as that text, not markup, on the article page: headline, window title and JSON-LD', () => {
    const page = body(build, '/articles/script-title');
    expect(scriptHazards(page)).toEqual([]);
    expect(page).not.toContain(SCRIPT_TITLE);
    expect(visibleText(page, 'h1')).toBe(SCRIPT_TITLE);
    expect(visibleText(page, 'title')).toBe(`${SCRIPT_TITLE} – bulletin`);
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(JSON.parse(jsonLd).headline).toBe(SCRIPT_TITLE);
  });

  it('reads as that text on the index', () => {
    const page = body(build, '/');
    expect(scriptHazards(page)).toEqual([]);
    expect(page).not.toContain(SCRIPT_TITLE);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(visibleText(page, 'main')).toContain(SCRIPT_TITLE);
  });

  it('reads as that text in RSS, Atom and JSON Feed', () => {
    const { rss, atom, json } = feeds(build);
    expect(rss.title).toBe(SCRIPT_TITLE);
    expect(atom.title).toEqual({ '@type': 'text', '#text': SCRIPT_TITLE });
    expect(json.title).toBe(SCRIPT_TITLE);
    expect(body(build, '/rss.xml')).not.toContain(SCRIPT_TITLE);
    expect(body(build, '/atom.xml')).not.toContain(SCRIPT_TITLE);
  });
});

describe('"]]>" three times in a body', () => {
  const text = 'one ]]> two ]]> three ]]> four';
  const build = buildFromSeeds([markdownSeed(['title: Ends', 'date: 2026-01-28'], text)]);

  it('survives in all three feeds as the same text', () => {
    expect(contentTexts(feeds(build))).toEqual([text, text, text]);
  });

  it('survives on the article page', () => {
    expect(visibleText(body(build, '/articles/ends'), 'div.article-body')).toBe(text);
  });
});

describe('U+0000 and U+001B', () => {
  it('are left out of every text of a Markdown seed, raw or escaped, with a warning at the first raw one', () => {
    const seed = markdownSeed(['title: "Nul\\0 and escape\\e"', 'date: 2026-01-28', 'author: Ann\u0000\u001B Lee'], 'Body\u0000 with\u001B controls &#0;&#x1B;.');
    const build = buildFromSeeds([seed]);
    const [article] = build.articles;
    expect(article).toMatchObject({ title: 'Nul and escape', author: 'Ann Lee', html: '<p>Body with controls \uFFFD.</p>' });
    for (const { path, body: text } of build.documents) expect(text, path).not.toMatch(/[\u0000\u001B]/);
    const { rss, atom, json } = feeds(build);
    expect([rss.title, atom.title['#text'], json.title]).toEqual(['Nul and escape', 'Nul and escape', 'Nul and escape']);
    expect(readSeed(seed.file, seed.bytes, makeConfig()).problems).toEqual([
      {
        file: 'seeds/hostile.md', line: 4, severity: 'warning',
        message: 'has 4 characters that pages and feeds cannot carry (U+0000, U+001B); they are left out',
      },
    ]);
  });

  it('are left out of a scraped headline and paragraph, with a warning naming the line and the characters', () => {
    const seed = scrapedSeed('Head\u0000line\u001B', ['First\u001B paragraph.']);
    const { article, problems } = readSeed(seed.file, seed.bytes, makeConfig());
    expect(article).toMatchObject({ title: 'Headline', html: '<p>First paragraph.</p>' });
    expect(problems).toEqual([
      {
        file: 'seeds/hostile.txt', line: 3, severity: 'warning',
        message: 'has 3 characters that pages and feeds cannot carry (U+0000, U+001B); they are left out',
      },
    ]);
  });
});

describe('a 100 000-character paragraph', () => {
  const paragraph = Array.from({ length: 15_000 }, (_, i) => `w${String(i % 1000).padStart(3, '0')}ß—`).join(' ').slice(0, 100_000);
  const build = buildFromSeeds([scrapedSeed('Long', [paragraph])]);

  it('is read whole, and summarised by its first words', () => {
    const [article] = build.articles;
    expect(paragraph).toHaveLength(100_000);
    expect(article!.html).toBe(`<p>${paragraph}</p>`);
    expect(article!.summary.length).toBeLessThanOrEqual(201);
    expect(paragraph.startsWith(article!.summary.slice(0, -1))).toBe(true);
  });

  it('survives whole on the page and in all three feeds', () => {
    expect(visibleText(body(build, '/articles/long'), 'div.article-body')).toBe(paragraph);
    expect(contentTexts(feeds(build))).toEqual([paragraph, paragraph, paragraph]);
  });
});

describe('a summary cut from a paragraph', () => {
  it('never ends in half of an astral character', () => {
    const summary = excerpt(`${'a'.repeat(199)}😀 ${'b '.repeat(100)}`);
    expect(summary).toBe(`${'a'.repeat(199)}…`);
    expect(summary).not.toMatch(/[\uD800-\uDFFF]/);
  });
});

describe('an image URL the URL parser accepts but HTML does not', () => {
  it('is kept percent-encoded, so the page and feeds carry a valid URL', () => {
    const seed = markdownSeed(['title: Photo', 'date: 2026-01-28', 'image: "https://Example.com/<b> a^[1]|%zz.jpg?q=x y#top#2"'], 'Body.');
    const { article } = readSeed(seed.file, seed.bytes, makeConfig());
    expect(article?.image).toEqual({ url: 'https://example.com/%3Cb%3E%20a%5E%5B1%5D%7C%25zz.jpg?q=x%20y#top%232', alt: '', type: 'image/jpeg' });
  });
});

describe('raw HTML whose content is never shown as text', () => {
  it.each([
    ['noscript', '<noscript><p>fallback</p></noscript>\n\nAfter.'],
    ['template', '<template><p>inert</p></template>\n\nAfter.'],
    ['iframe', '<iframe><p>fallback</p></iframe>\n\nAfter.'],
  ])('%s loses its content too, and leaves no paragraph inside a paragraph', (_, markdown) => {
    const seed = markdownSeed(['title: Raw', 'date: 2026-01-28'], markdown);
    const html = readSeed(seed.file, seed.bytes, makeConfig()).article!.html;
    expect(html).not.toMatch(/fallback|inert|<p><p>/);
    expect(html).toContain('<p>After.</p>');
  });
});
