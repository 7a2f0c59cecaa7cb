/** @module readFrontMatter hands gray-matter the front matter alone: the body it gives back is gray-matter's own. */

import fc from 'fast-check';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { readFrontMatter } from '../../../src/content/front-matter';

/** What gray-matter makes of the whole file: the body, and the file line it starts on. */
function bodyByGrayMatter(source: string): { content: string; contentLine: number } {
  // Options, as readFrontMatter gives them, keep gray-matter's cache out of it.
  const { content } = matter(source, { engines: { yaml: () => ({}) } });
  return { content, contentLine: source.slice(0, source.length - content.length).split('\n').length };
}

const PIECES = ['---', '----', '--- ', '---x', '\n', '\r', '\r\n', 'title: T', 'date: 2026-01-28', 'x', ' ', '', '<p>a</p>', '# h'];
const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((pieces) => pieces.join(''));
const lines = fc.array(line, { maxLength: 6 }).map((rows) => rows.join('\n'));
/** Files that open with front matter, then anything: closed or not, `---` lines in the body, line breaks after. */
const source = fc.tuple(fc.constantFrom('---\n', '--- \n', '---\t\n', '---yaml\n'), lines, fc.constantFrom('', '\n---', '\n---\n', '\n---\r\n', '\n---x'), lines)
  .map((parts) => parts.join(''));

describe('readFrontMatter', () => {
  it('gives the body and its first line as gray-matter does on the whole file', () => {
    fc.assert(
      fc.property(source, (text) => {
        const reading = readFrontMatter(text, 'seeds/a.md');
        expect({ content: reading.content, contentLine: reading.contentLine }).toEqual(bodyByGrayMatter(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the blank lines after the closing line but the first', () => {
    const reading = readFrontMatter('---\ntitle: T\n---\n\n\nBody\n---\nmore', 'seeds/a.md');
    expect(reading.content).toBe('\n\nBody\n---\nmore');
    expect(reading.contentLine).toBe(4);
  });
});
