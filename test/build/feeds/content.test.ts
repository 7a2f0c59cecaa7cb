/** @module Feed content: the figure before the body, and every URL in it absolute. */

import { describe, expect, it } from 'vitest';
import { absolutizeHtml, buildContentHtml, toAbsoluteUrl } from '../../../src/feeds/content';
import { makeArticle, makeArticleWithoutImage } from './factories';

const PAGE = 'https://origin.bulletin.invalid/articles/a';

describe('toAbsoluteUrl', () => {
  it.each([
    ['/images/a.jpg', 'https://origin.bulletin.invalid/images/a.jpg'],
    ['b.jpg', 'https://origin.bulletin.invalid/articles/b.jpg'],
    ['../tags/syria', 'https://origin.bulletin.invalid/tags/syria'],
    ['#notes', 'https://origin.bulletin.invalid/articles/a#notes'],
    ['//cdn.example/v.mp4', 'https://cdn.example/v.mp4'],
    ['https://Example.com', 'https://Example.com'],
    ['mailto:desk@example.com', 'mailto:desk@example.com'],
  ])('makes %s absolute as %s', (url, expected) => {
    expect(toAbsoluteUrl(url, PAGE)).toBe(expected);
  });
});

describe('absolutizeHtml', () => {
  it('rewrites href, src, poster and srcset, and nothing else', () => {
    const html =
      '<p><a href="/x?a=1&amp;b=2" title="/not-a-url">x</a> /text/stays</p>' +
      '<img src="a.jpg" srcset="/a.jpg 1x, b.jpg 2x" alt="">' +
      '<video poster="p.jpg" src="https://cdn.example/v.mp4"></video>';
    expect(absolutizeHtml(html, PAGE)).toBe(
      '<p><a href="https://origin.bulletin.invalid/x?a=1&amp;b=2" title="/not-a-url">x</a> /text/stays</p>' +
        '<img src="https://origin.bulletin.invalid/articles/a.jpg" ' +
        'srcset="https://origin.bulletin.invalid/a.jpg 1x, https://origin.bulletin.invalid/articles/b.jpg 2x" alt="" />' +
        '<video poster="https://origin.bulletin.invalid/articles/p.jpg" src="https://cdn.example/v.mp4"></video>',
    );
  });

  it('returns HTML whose URLs are all absolute as it is, without parsing and writing it again', () => {
    // Written again, the <img> would gain " /" and the entity would be decoded.
    const html = '<p><a href="https://example.org/a" title="/t">a</a> &#39;q&#39; <img SRC="HTTPS://cdn.example/a.jpg" alt=""></p>' +
      '<p>href=/not-an-attribute and a <a href="mailto:desk@example.com">mail</a></p>';
    expect(absolutizeHtml(html, PAGE)).toBe(html);
  });

  it.each([
    ['double-quoted', '<a href="/x">x</a>', '<a href="https://origin.bulletin.invalid/x">x</a>'],
    ['single-quoted', "<a href='/x'>x</a>", '<a href="https://origin.bulletin.invalid/x">x</a>'],
    ['unquoted', '<a href=x>x</a>', '<a href="https://origin.bulletin.invalid/articles/x">x</a>'],
    ['upper-case, spaced', '<a HREF = "x">x</a>', '<a href="https://origin.bulletin.invalid/articles/x">x</a>'],
    ['on a new line', '<img alt=""\nsrc="x.jpg">', '<img alt="" src="https://origin.bulletin.invalid/articles/x.jpg" />'],
    ['with space before a scheme', '<a href=" https://example.org/">x</a>', '<a href="https://example.org/">x</a>'],
    ['with space after an absolute URL', "<a href='https://example.org/it&#39;s '>x</a>", '<a href="https://example.org/it\'s">x</a>'],
    ['protocol-relative', '<img src="//cdn.example/a.jpg">', '<img src="https://cdn.example/a.jpg" />'],
    ['an absolute srcset', '<img src="https://cdn.example/a.jpg" srcset="https://cdn.example/a.jpg 1x, b.jpg 2x">',
      '<img src="https://cdn.example/a.jpg" srcset="https://cdn.example/a.jpg 1x, https://origin.bulletin.invalid/articles/b.jpg 2x" />'],
  ])('still rewrites a relative URL written %s', (_form, html, expected) => {
    expect(absolutizeHtml(html, PAGE)).toBe(expected);
  });
});

describe('buildContentHtml', () => {
  it('puts the image, caption and credit in a figure before the body', () => {
    expect(buildContentHtml(makeArticle({ html: '<p>Body</p>', caption: 'A & B', credit: 'SANA <agency>' }))).toBe(
      '<figure><img src="https://origin.bulletin.invalid/images/sharaa-putin.jpg" alt="Putin and al-Sharaa shake hands">' +
        '<figcaption>A &amp; B <small>Photo: SANA &lt;agency&gt;</small></figcaption></figure><p>Body</p>',
    );
  });

  it('keeps an absolute image URL as it is and leaves the figcaption out when there is nothing to say', () => {
    const article = makeArticleWithoutImage({ html: '<p>Body</p>' });
    expect(buildContentHtml({ ...article, image: { url: 'https://images.example/a.png', alt: '"quoted"' } })).toBe(
      '<figure><img src="https://images.example/a.png" alt="&quot;quoted&quot;"></figure><p>Body</p>',
    );
  });

  it('is the body alone when there is no image and no caption', () => {
    expect(buildContentHtml(makeArticleWithoutImage({ html: '<p>Body</p>' }))).toBe('<p>Body</p>');
  });

  it('keeps a caption whose photo the seed did not include, as the seed article has', () => {
    const article = { ...makeArticleWithoutImage({ html: '<p>Body</p>' }), caption: 'Putin met al-Sharaa at the Kremlin', credit: 'SANA' };
    expect(buildContentHtml(article)).toBe(
      '<figure><figcaption>Putin met al-Sharaa at the Kremlin <small>Photo: SANA</small></figcaption></figure><p>Body</p>',
    );
  });
});
