import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import { readSeed } from '../../../src/content/seed';

/** A scraped page with the parts a test names; `undefined` leaves a part out. */
function makeScrapedText({
  header = 'Wednesday, January 28, 2026',
  title = 'Talks resume in Cairo',
  repeat = true,
  caption = 'Delegates arrive at the venue / AFP' as string | null,
  byline = 'By Jane Doe January 28, 2026' as string | null,
  paragraphs = ['First paragraph.', 'Second paragraph.'],
  footer = 'No comments:' as string | null,
} = {}): string {
  const head = [caption, byline].filter((line) => line !== null);
  return [
    header,
    '',
    title,
    '',
    ...(repeat ? [[title, ...head].join('\n'), ''] : []),
    paragraphs.join('\n\n'),
    ...(footer === null ? [] : ['', footer]),
  ].join('\n');
}

const read = (text: string, file = 'seeds/talks.txt') => readSeed(file, Buffer.from(text), site);

describe('scraped-text seeds', () => {
  it('reads caption, credit, byline and paragraphs', () => {
    const { article, problems } = read(makeScrapedText());
    expect(problems).toEqual([]);
    expect(article).toMatchObject({
      title: 'Talks resume in Cairo',
      caption: 'Delegates arrive at the venue',
      credit: 'AFP',
      author: 'Jane Doe',
      html: '<p>First paragraph.</p>\n<p>Second paragraph.</p>',
    });
  });

  it('reads a page without a caption', () => {
    const { article } = read(makeScrapedText({ caption: null }));
    expect(article).not.toHaveProperty('caption');
    expect(article).not.toHaveProperty('credit');
    expect(article!.author).toBe('Jane Doe');
  });

  it('takes the site default author when there is no byline', () => {
    const { article } = read(makeScrapedText({ byline: null }));
    expect(article!.author).toBe(site.defaultAuthor);
    expect(article!.caption).toBe('Delegates arrive at the venue');
  });

  it('reads a byline without a date', () => {
    expect(read(makeScrapedText({ byline: 'By Cairo desk' })).article!.author).toBe('Cairo desk');
  });

  it('keeps a caption without " / " whole, with no credit', () => {
    const { article } = read(makeScrapedText({ caption: 'Delegates arrive' }));
    expect(article!.caption).toBe('Delegates arrive');
    expect(article).not.toHaveProperty('credit');
  });

  it.each(['No comments:', '1 comment:', '12 comments:'])('leaves out the footer %j', (footer) => {
    const { article, problems } = read(makeScrapedText({ footer }));
    expect(article!.html).toBe('<p>First paragraph.</p>\n<p>Second paragraph.</p>');
    expect(problems).toEqual([]);
  });

  it('warns that comments after the footer are left out', () => {
    const { article, problems } = read(`${makeScrapedText({ footer: '2 comments:' })}\n\nGreat piece!`);
    expect(article!.html).not.toContain('Great piece');
    expect(problems).toEqual([
      expect.objectContaining({ file: 'seeds/talks.txt', line: 15, field: 'footer', severity: 'warning' }),
    ]);
  });

  it('reads a page without the repeated headline', () => {
    const { article } = read(makeScrapedText({ repeat: false }));
    expect(article!.html).toBe('<p>First paragraph.</p>\n<p>Second paragraph.</p>');
  });

  it('reads CRLF line ends and a byte-order mark', () => {
    const text = `\uFEFF${makeScrapedText().replace(/\n/g, '\r\n')}`;
    const { article, problems } = read(text);
    expect(problems).toEqual([]);
    expect(article).toMatchObject({ title: 'Talks resume in Cairo', credit: 'AFP', author: 'Jane Doe' });
    expect(article!.html).toBe('<p>First paragraph.</p>\n<p>Second paragraph.</p>');
  });

  it('turns no-break spaces into plain spaces and trims them', () => {
    const { article } = read(makeScrapedText({ byline: 'By Jane\u00a0Doe\u00a0January 28, 2026', paragraphs: ['\u00a0Indented. ', 'Plain.'] }));
    expect(article!.author).toBe('Jane Doe');
    expect(article!.html).toBe('<p>Indented.</p>\n<p>Plain.</p>');
  });

  it('makes each run of spaces, tabs and other Unicode spaces one plain space', () => {
    const { article } = read(makeScrapedText({ paragraphs: ['Two  spaces,\ta tab, a\u2009thin\u3000and \u00a0 mixed.', ' Plain, once. '] }));
    expect(article!.html).toBe('<p>Two spaces, a tab, a thin and mixed.</p>\n<p>Plain, once.</p>');
  });

  it('escapes markup in the text', () => {
    const { article } = read(makeScrapedText({ paragraphs: ['<script>alert(1)</script> & more'] }));
    expect(article!.html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>');
  });

  it('lets front matter override what the text says', () => {
    const text = `---\nslug: cairo-talks\ntags: [Diplomacy]\nid: tag:example.com,2026:talks\nauthor: Desk\n---\n${makeScrapedText()}`;
    const { article, problems } = read(text);
    expect(problems).toEqual([]);
    expect(article).toMatchObject({ slug: 'cairo-talks', tags: ['Diplomacy'], id: 'tag:example.com,2026:talks', author: 'Desk' });
  });

  it.each([
    ['no date header', makeScrapedText({ header: 'Talks resume' }), 1, 'date header'],
    ['a date header with the wrong weekday', makeScrapedText({ header: 'Monday, January 28, 2026' }), 1, 'date header'],
    ['a date that does not exist', makeScrapedText({ header: 'Monday, February 30, 2026' }), 1, 'date header'],
    ['no headline', 'Wednesday, January 28, 2026\n\n', 3, 'headline'],
    ['no paragraph', makeScrapedText({ paragraphs: [] }), 11, 'body'],
    ['a misspelt byline date', makeScrapedText({ byline: 'By Jane Doe Janury 28, 2026' }), 7, 'byline'],
  ])('reports %s with its line and part', (_, text, line, field) => {
    const { article, problems } = read(text);
    expect(article).toBeUndefined();
    expect(problems).toContainEqual(expect.objectContaining({ file: 'seeds/talks.txt', line, field, severity: 'error' }));
  });
});
