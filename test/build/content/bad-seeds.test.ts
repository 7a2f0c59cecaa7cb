import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import { formatProblem } from '../../../src/content/problems';
import { readSeed } from '../../../src/content/seed';

async function readFixture(name: string) {
  const file = `test/fixtures/bad-seeds/${name}`;
  return readSeed(file, await readFile(new URL(`../../fixtures/bad-seeds/${name}`, import.meta.url)), site);
}

describe('seeds the build refuses', () => {
  it.each([
    ['yaml-syntax.md', 4, 'front matter', 'is not valid YAML'],
    ['not-a-mapping.md', 2, 'front matter', 'must be a mapping'],
    ['unknown-key.md', 2, 'titel', 'did you mean "title"?'],
    ['tags-number.md', 4, 'tags', 'must be a list of tags (tags: [news, syria]) or one tag (got number 5)'],
    ['empty-title.md', 2, 'title', 'must be non-empty text (got "")'],
    ['missing-title.md', undefined, 'title', 'is required'],
    ['missing-date.md', undefined, 'date', 'is required'],
    ['bad-date.md', 3, 'date', '(got "yesterday")'],
    ['date-without-offset.md', 3, 'date', 'the time has no offset'],
    ['updated-before-date.md', 4, 'updated', 'must not be before "date"'],
    ['bad-slug.md', 4, 'slug', 'must be lower-case letters and digits'],
    ['relative-image.md', 4, 'image', 'must be an absolute http(s) URL (got "images/photo.jpg")'],
    ['javascript-front-matter.md', 1, 'front matter', 'must be YAML'],
    ['empty-body.md', 5, 'body', 'is empty'],
    ['draft-not-boolean.md', 4, 'draft', 'must be true or false (got "maybe")'],
    ['empty.md', undefined, undefined, 'is empty'],
    ['not-utf8.txt', 3, undefined, 'is not valid UTF-8'],
    ['no-date-header.txt', 1, 'date header', 'expected a date like "Wednesday, January 28, 2026"'],
  ])('%s: line %s, field %s', async (name, line, field, message) => {
    const { article, problems } = await readFixture(name);
    expect(article).toBeUndefined();
    const problem = problems.find((p) => p.severity === 'error' && p.field === field);
    expect(problem, `problems: ${problems.map(formatProblem).join('; ')}`).toBeDefined();
    expect(problem!.line).toBe(line);
    const text = formatProblem(problem!);
    expect(text.startsWith(`test/fixtures/bad-seeds/${name}${line === undefined ? '' : `:${line}`}: `)).toBe(true);
    if (field !== undefined) expect(text).toContain(`"${field}"`);
    expect(text).toContain(message);
  });

  it('reports every problem of a seed at once', async () => {
    const text = '---\ntitel: x\ntags: 5\ndate: soon\n---\nBody.\n';
    const { problems } = readSeed('seeds/many.md', Buffer.from(text), site);
    expect(problems.map((p) => p.field).sort()).toEqual(['date', 'tags', 'titel', 'title']);
  });
});
