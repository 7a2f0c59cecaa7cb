import { describe, expect, it } from 'vitest';
import { site } from '../../../src/config';
import { renderMarkdown } from '../../../src/content/markdown';
import { readSeed } from '../../../src/content/seed';

describe('Markdown bodies', () => {
  it('render GitHub-flavoured Markdown', () => {
    expect(renderMarkdown('Some **bold** and a [link](https://example.com/a).\n\n- one\n- two')).toBe(
      '<p>Some <strong>bold</strong> and a <a href="https://example.com/a">link</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>',
    );
  });

  it('turn a heading 1 into a heading 2, below the page headline', () => {
    expect(renderMarkdown('# Section')).toBe('<h2>Section</h2>');
  });

  it.each([
    ['a script element', '<script>alert(1)</script>Text', 'Text'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>Text', 'Text'],
    ['an object', '<object data="x.swf"></object>Text', 'Text'],
    ['an event handler', '<img src="https://example.com/a.png" onerror="alert(1)">', '<img src="https://example.com/a.png" />'],
    ['a javascript: link', '[click](javascript:alert(1))', '<a>click</a>'],
    ['a data: image, and the image with it', '<img src="data:image/png;base64,AAAA">Text', '<p>Text</p>'],
    ['a javascript: image, and the image with it', '![x](javascript:alert(1)) Text', '<p> Text</p>'],
    ['a style attribute', '<p style="background:url(https://evil.example/leak)">Text</p>', 'Text'],
    ['a style element', '<style>body{background:url(https://evil.example)}</style>Text', 'Text'],
    ['a form', '<form action="https://evil.example"><input name="x"></form>Text', 'Text'],
    ['a protocol-relative link', '<a href="//evil.example">x</a>', '<a>x</a>'],
  ])('lose %s', (_, markdown, expected) => {
    const html = renderMarkdown(markdown);
    expect(html).toContain(expected);
    expect(html).not.toMatch(/<script|<iframe|<object|onerror|javascript:|data:|style|<form|<input|evil/i);
  });

  it('keep root-relative links and images on the site', () => {
    expect(renderMarkdown('[About](/about) ![A chart](/images/chart.png)')).toBe(
      '<p><a href="/about">About</a> <img src="/images/chart.png" alt="A chart" /></p>',
    );
  });

  it('keep the language class on code blocks, and nothing else', () => {
    expect(renderMarkdown('```ts\nconst a = 1;\n```')).toBe('<pre><code class="language-ts">const a = 1;\n</code></pre>');
    expect(renderMarkdown('<code class="evil language-ts">x</code>')).toBe('<p><code class="language-ts">x</code></p>');
  });
});

describe('Markdown seeds', () => {
  const read = (text: string) => readSeed('seeds/story.md', Buffer.from(text), site);

  it('read every front-matter field', () => {
    const { article, problems } = read(`---
title: Central bank holds rates
date: 2026-05-01T09:30:00+02:00
updated: 2026-05-02
author: Mona Adel
summary: The bank held.
tags: [Economy, Egypt, economy]
image: https://images.example.com/photos/bank.JPG
image_alt: The bank
caption: The headquarters
credit: Reuters
slug: rates-held
id: tag:example.com,2026:rates
lang: ar
draft: false
---
Body.
`);
    expect(problems).toEqual([]);
    expect(article).toEqual({
      id: 'tag:example.com,2026:rates',
      slug: 'rates-held',
      title: 'Central bank holds rates',
      summary: 'The bank held.',
      published: '2026-05-01T07:30:00.000Z',
      updated: '2026-05-02T12:00:00.000Z',
      author: 'Mona Adel',
      tags: ['Economy', 'Egypt'],
      lang: 'ar',
      image: { url: 'https://images.example.com/photos/bank.JPG', alt: 'The bank', type: 'image/jpeg' },
      caption: 'The headquarters',
      credit: 'Reuters',
      html: '<p>Body.</p>',
      source: 'seeds/story.md',
    });
  });

  it('accept one tag given as text', () => {
    expect(read('---\ntitle: T\ndate: 2026-01-01\ntags: Economy\n---\nBody.\n').article!.tags).toEqual(['Economy']);
  });

  it('summarise with the first paragraph as plain text, cut at a word', () => {
    const long = `A *long* first paragraph &amp; ${'word '.repeat(60)}end.`;
    const { article } = read(`---\ntitle: T\ndate: 2026-01-01\n---\n${long}\n\nSecond.\n`);
    expect(article!.summary.startsWith('A long first paragraph & word word')).toBe(true);
    expect(article!.summary.endsWith('word…')).toBe(true);
    expect(article!.summary.length).toBeLessThanOrEqual(201);
  });

  it('read a date in the site time zone as noon of that day', () => {
    const { article } = readSeed('seeds/a.md', Buffer.from('---\ntitle: T\ndate: 2026-07-01\n---\nBody.\n'), { ...site, timeZone: 'America/New_York' });
    expect(article!.published).toBe('2026-07-01T16:00:00.000Z');
  });

  it('make a slug from a title in another script', () => {
    expect(read('---\ntitle: سوريا اليوم\ndate: 2026-01-01\n---\nBody.\n').article!.slug).toBe('سوريا-اليوم');
  });
});
