import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { stripUnsafeCharacters } from '../../../src/content/characters';
import { readFrontMatter } from '../../../src/content/front-matter';
import { readSeed } from '../../../src/content/seed';
import { makeConfig } from '../../factories';
import {
  acceptableMarkdownSeed,
  acceptableScrapedSeedSource,
  encodeLoosely,
  markdownSeed,
  markdownSource,
  rawYamlSeedSource,
  scrapedSeedSource,
  seedBytes,
} from './arbitraries';
import { unclearReading, type Seed } from './inspect';

const config = makeConfig();

/** The front matter fields the build keeps as text. */
const TEXT_FIELDS = ['title', 'author', 'summary', 'caption', 'credit'];

/** `front` as the yaml package reads back what markdownSource writes of it. */
function writtenAs(front: Record<string, unknown>): Record<string, unknown> {
  return parse(stringify(front, { lineWidth: 0 })) as Record<string, unknown>;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Every text field of an article, for checks that hold for all of them. */
function texts(article: NonNullable<ReturnType<typeof readSeed>['article']>): string[] {
  const { title, summary, author, caption, credit, html, slug, id, lang, image } = article;
  return [title, summary, author, slug, id, lang, html, ...article.tags, caption ?? '', credit ?? '', image?.url ?? '', image?.alt ?? ''];
}

/** readSeed on `seed`, asserting it keeps its promises whatever the bytes: no throw, clear problems, clean text. */
function readClearly(seed: Seed): ReturnType<typeof readSeed> {
  const reading = readSeed(seed.file, seed.bytes, config);
  expect(unclearReading(seed, reading)).toEqual([]);
  if (!isUtf8(seed.bytes)) {
    expect(reading.article).toBeUndefined();
    expect(reading.problems.map((problem) => problem.message)).toContainEqual(expect.stringContaining('UTF-8'));
  }
  if (reading.article !== undefined) {
    // Nothing a page or feed cannot carry gets past the reader, however the seed spelt it.
    for (const text of texts(reading.article)) expect(stripUnsafeCharacters(text)).toBe(text);
  }
  return reading;
}

describe('reading hostile seeds', () => {
  it('reads any .md seed whose YAML a YAML library wrote, or says clearly what is wrong', () => {
    fc.assert(
      fc.property(seedBytes(markdownSeed.map(markdownSource)), (bytes) => {
        readClearly({ file: 'seeds/hostile.md', bytes });
      }),
      { numRuns: 200 },
    );
  });

  it('reads any .md seed with hand-written hostile YAML (aliases, tags, bombs, bad quoting), or says clearly what is wrong', () => {
    fc.assert(
      fc.property(seedBytes(rawYamlSeedSource), (bytes) => {
        readClearly({ file: 'seeds/hostile.md', bytes });
      }),
      { numRuns: 200 },
    );
  });

  it('reads any scraped .txt seed, or says clearly what is wrong', () => {
    fc.assert(
      fc.property(seedBytes(scrapedSeedSource), (bytes) => {
        readClearly({ file: 'seeds/hostile.txt', bytes });
      }),
      { numRuns: 200 },
    );
  });

  it('reads any bytes at all as either kind of seed, or says clearly what is wrong', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('seeds/x.md', 'seeds/x.txt'), (bytes, file) => {
        readClearly({ file, bytes });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every front-matter text exactly, less what pages and feeds cannot carry and the spaces around it', () => {
    fc.assert(
      fc.property(acceptableMarkdownSeed, (fields) => {
        // Only front matter that says what the fields are: the yaml package does not always read back what it wrote.
        fc.pre(TEXT_FIELDS.every((field) => writtenAs(fields.front)[field] === fields.front[field]));
        const bytes = encodeLoosely(markdownSource(fields));
        const { article } = readClearly({ file: 'seeds/kept.md', bytes });
        if (article === undefined) return;
        const expected = (value: unknown) => (typeof value === 'string' ? stripUnsafeCharacters(value).trim() : undefined);
        expect(article.title).toBe(expected(fields.front['title']));
        if (fields.front['author'] !== undefined) expect(article.author).toBe(expected(fields.front['author']));
        if (fields.front['summary'] !== undefined) expect(article.summary).toBe(expected(fields.front['summary']));
        if (fields.front['caption'] !== undefined) expect(article.caption).toBe(expected(fields.front['caption']));
        if (fields.front['credit'] !== undefined) expect(article.credit).toBe(expected(fields.front['credit']));
      }),
      { numRuns: 150 },
    );
  });

  it('reads a text as its YAML says it, where the yaml package wrote another than it was given', () => {
    // fast-check found it: a double-quoted text folded over lines, with escapes, whose escaped space the yaml
    // package (2.9) wrote as an escaped backslash and a space.
    const front = { title: 'Folded', date: '1990-01-01', author: '\u0000a\u0000\u0000\u0000\u0000\u0000\n \n' };
    const yaml = stringify(front, { lineWidth: 0 });
    expect(parse(yaml).author).not.toBe(front.author);
    expect(readFrontMatter(`---\n${yaml}---\nBody.\n`, 'seeds/folded.md').data.author).toBe(stripUnsafeCharacters(parse(yaml).author).trim());
  });

  it('accepts most lenient seeds of both kinds, so the properties above are not checking failures only', () => {
    const sources = [
      ...fc.sample(acceptableMarkdownSeed.map(markdownSource), 100).map((source) => ({ file: 'seeds/a.md', source })),
      ...fc.sample(acceptableScrapedSeedSource, 100).map((source) => ({ file: 'seeds/a.txt', source })),
    ];
    const accepted = sources.filter(({ file, source }) => readSeed(file, encodeLoosely(source), config).article !== undefined);
    expect(accepted.length).toBeGreaterThan(sources.length / 2);
  });
});
