/** @module The plain front-matter reader: what it reads is what the yaml package reads, and it reads the usual seed. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { readPlainYaml } from '../../../src/content/plain-yaml';

/** The yaml package's reading, with the options front-matter.ts gives it, and each top-level key's line. */
function readWithYaml(yaml: string): { errors: number; data: unknown; lines: Map<string, number> } {
  const counter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter: counter, schema: 'core', uniqueKeys: true, prettyErrors: false });
  const lines = new Map<string, number>();
  const root = document.contents as { items?: { key: { value: unknown; range?: [number] } }[] } | null;
  for (const pair of root?.items ?? []) lines.set(String(pair.key.value), counter.linePos(pair.key.range![0]).line);
  return { errors: document.errors.length, data: document.errors.length ? undefined : document.toJS(), lines };
}

const KEYS = ['title', 'date', 'tags', 'draft', 'Title', 'image_alt', 'x1', 'on', 'author', 'summary', 'caption', 'credit'];
const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KEYS) }, fc.constantFrom('null', 'True', 'NULL', 'a b', '-a', '"q"'));
const separator = fc.oneof({ weight: 6, arbitrary: fc.constant(': ') }, fc.constantFrom(':', ':  ', ' : ', ':\t', ': \t'));
const PIECES = [
  'plain', 'two words', '2026-01-28', '2026-01-28T09:30:00+02:00', '12', '-5', '+3', '1e3', '.5', '1.', '0x1F', '0o17', '.inf',
  '-.Inf', '.NaN', '~', 'null', 'Null', 'true', 'False', 'TRUE', 'yes', 'on', 'a: b', 'a:b', 'a #c', 'C#', 'x:', ' #c', '#c',
  '"q"', "'s'", '"a\\"b"', '"a # b"', "'it''s'", '[a, b]', '[a,b]', '[ ]', '[]', '[1, a]', '[true, x]', '["a, b", c]', '[a, ]',
  '[[a]]', '{a: b}', '- x', '-x', '&a', '*a', '!t', '|', '>', '%', '@', '`', 'é …', '🎉', '\uD800', '\u2028', '\u0085', '\uFEFF',
  '\t', '  ', ',', '?', '? x', ']', '}', 'a [b] c', 'a {b}', "it's", 'a "b"', '50%', 'https://x.example/a?b=c#d', '...', '---', '\r',
];
/** Values that mostly read here, to hold the tricky pieces. */
const USUAL = ['Syria news', '"A headline"', "'A headline'", '2026-01-28', 'true', '[news, Syria]', '["a", \'b\']', 'https://x.example/a.jpg'];
const value = fc.oneof(
  fc.constantFrom(...USUAL),
  fc.array(fc.constantFrom(...PIECES, ...USUAL), { maxLength: 3 }).map((pieces) => pieces.join('')),
);
const row = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(key, separator, value).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '# a comment', '  - a', '- a', 'text', '  key: v', '%YAML 1.2') },
);
// gray-matter hands the engine the text from just after the opening `---`: the rest of that line, then the rows.
const frontMatter = fc.tuple(fc.constantFrom('', '  '), fc.array(row, { maxLength: 6 })).map(([rest, rows]) => `${rest}\n${rows.join('\n')}\n`);

describe('readPlainYaml', () => {
  it('reads nothing the yaml package would read otherwise: the same data, the same key lines', () => {
    let read = 0;
    fc.assert(
      fc.property(frontMatter, (yaml) => {
        const plain = readPlainYaml(yaml);
        if (plain === undefined) return;
        if (plain.lines.size > 1) read++;
        const reference = readWithYaml(yaml);
        expect(reference.errors, yaml).toBe(0);
        expect(plain.data, yaml).toStrictEqual(reference.data ?? {});
        expect([...plain.lines], yaml).toStrictEqual([...reference.lines]);
      }),
      { numRuns: 5000 },
    );
    // Not only the trivial cases: a good share of what is generated, with two fields or more, is read here.
    expect(read).toBeGreaterThan(200);
  });

  it('reads the front matter seeds usually have, and the one `npm run new` writes', () => {
    const usual = [
      '',
      'title: "Are bank are on Giza her city election"',
      'date: 2026-05-21',
      'author: "Omar Khalil"',
      'tags: ["Business", "Culture"]',
      'image: https://images.example.com/2026/04a7780b.jpg',
      "image_alt: 'Strike in attack case'",
      'caption: Baghdad: a caption',
      '',
    ].join('\n');
    // The caption above holds ": ", which is YAML for a mapping: the yaml package must read that one.
    expect(readPlainYaml(usual)).toBeUndefined();
    const plain = readPlainYaml(usual.replace('Baghdad: a caption', 'Baghdad, a caption'));
    expect(plain?.data).toStrictEqual({
      title: 'Are bank are on Giza her city election', date: '2026-05-21', author: 'Omar Khalil', tags: ['Business', 'Culture'],
      image: 'https://images.example.com/2026/04a7780b.jpg', image_alt: 'Strike in attack case', caption: 'Baghdad, a caption',
    });
    expect(plain?.lines.get('caption')).toBe(8);

    const template = [
      '',
      'title: "A headline"',
      'date: 2026-11-26                # or a date-time with offset: 2026-11-26T09:30:00+02:00; later dates publish then',
      '# updated: 2026-11-26           # when the article was last changed, if after "date"',
      'tags: []                      # e.g. [Economy, Egypt]',
      'draft: true                   # set to false (or remove) to publish',
      '',
    ].join('\n');
    expect(readPlainYaml(template)).toStrictEqual({
      data: { title: 'A headline', date: '2026-11-26', tags: [], draft: true },
      lines: new Map([['title', 2], ['date', 3], ['tags', 5], ['draft', 6]]),
    });
  });
});
