import { describe, expect, it } from 'vitest';
import { renderArticlePage } from '../../../src/views';
import { makeArticle, makeContext } from './factories';
import { jsonLd, links, metaContent, metaContents, startTags, textOf } from './html';

const ctx = makeContext();
const HOSTILE = '<script>alert(1)</script> & "quotes"';

describe('renderArticlePage', () => {
  it('titles the page with the headline and the site name, and has one <h1>', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ title: 'Rates rise' }) });
    expect(textOf(html, 'title')).toBe('Rates rise – bulletin');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(textOf(html, 'h1')).toBe('Rates rise');
  });

  it('uses the summary as the description and /articles/<slug> as canonical and og:url', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ slug: 'rates-rise', summary: 'The bank moved.' }) });
    expect(metaContent(html, 'description')).toBe('The bank moved.');
    expect(links(html, 'canonical')[0]?.['href']).toBe('https://origin.bulletin.invalid/articles/rates-rise');
    expect(metaContent(html, 'og:url')).toBe('https://origin.bulletin.invalid/articles/rates-rise');
  });

  it('falls back to the site description when the summary is empty', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ summary: '' }) });
    expect(metaContent(html, 'description')).toBe(ctx.config.description);
  });

  it('carries og:type article and the article:* properties', () => {
    const html = renderArticlePage(ctx, {
      article: makeArticle({ published: '2026-01-28T12:00:00.000Z', updated: '2026-01-29T08:00:00.000Z' }),
    });
    expect(metaContent(html, 'og:type')).toBe('article');
    expect(metaContent(html, 'article:published_time')).toBe('2026-01-28T12:00:00.000Z');
    expect(metaContent(html, 'article:modified_time')).toBe('2026-01-29T08:00:00.000Z');
    expect(metaContent(html, 'article:author')).toBe('Jane Doe');
    expect(metaContents(html, 'article:tag')).toEqual(['Syria', 'Russia']);
  });

  it('describes the article in JSON-LD NewsArticle', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ author: 'Jane Doe' }) });
    expect(jsonLd(html)).toEqual([
      {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: 'Syria’s al-Sharaa meets Putin as Moscow seeks to secure military bases',
        description: 'Russian President Vladimir Putin met Syrian President Ahmed al-Sharaa at the Kremlin.',
        datePublished: '2026-01-28T12:00:00.000Z',
        dateModified: '2026-01-28T12:00:00.000Z',
        author: { '@type': 'Person', name: 'Jane Doe' },
        mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://origin.bulletin.invalid/articles/syrias-al-sharaa-meets-putin' },
        url: 'https://origin.bulletin.invalid/articles/syrias-al-sharaa-meets-putin',
        publisher: { '@type': 'Organization', name: 'bulletin', logo: { '@type': 'ImageObject', url: 'https://origin.bulletin.invalid/favicon.svg' } },
        inLanguage: 'en',
        keywords: ['Syria', 'Russia'],
      },
    ]);
  });

  it.each([
    ['bna Cairo bureau', 'Organization'],
    ['bulletin', 'Organization'],
    ['Reuters staff', 'Organization'],
    ['Jane Doe', 'Person'],
  ])('calls the author %j a %s in JSON-LD', (author, type) => {
    const [data] = jsonLd(renderArticlePage(ctx, { article: makeArticle({ author }) })) as [{ author: unknown }];
    expect(data.author).toEqual({ '@type': type, name: author });
  });

  it('keeps a hostile title from closing the JSON-LD script, yet reads back exactly', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ title: `</script>${HOSTILE}` }) });
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).not.toContain('<');
    expect((jsonLd(html)[0] as { headline: string }).headline).toBe(`</script>${HOSTILE}`);
  });

  it('escapes a hostile title, author, tag and caption everywhere as text', () => {
    const html = renderArticlePage(ctx, {
      article: makeArticle({ title: HOSTILE, author: HOSTILE, tags: [`${HOSTILE} tag`], caption: HOSTILE, credit: HOSTILE }),
    });
    expect(html).not.toMatch(/<script>alert/);
    expect(textOf(html, 'title')).toBe(`${HOSTILE} – bulletin`);
    expect(textOf(html, 'h1')).toBe(HOSTILE);
    expect(metaContent(html, 'og:title')).toBe(HOSTILE);
  });

  it('inserts the sanitised body HTML as markup', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ html: '<p>One <em>two</em></p>' }) });
    expect(html).toContain('<div class="article-body"><p>One <em>two</em></p></div>');
  });

  it('shows the byline and the published date in the site time zone', () => {
    const html = renderArticlePage(makeContext({ timeZone: 'America/New_York' }), {
      article: makeArticle({ published: '2026-01-28T03:00:00.000Z', updated: '2026-01-28T03:00:00.000Z' }),
    });
    expect(html).toContain(
      'By <span class="author">Jane Doe</span> · <time datetime="2026-01-28T03:00:00.000Z">January 27, 2026</time></p>',
    );
  });

  it('shows "Updated" when the update falls on a later day', () => {
    const html = renderArticlePage(ctx, {
      article: makeArticle({ published: '2026-01-28T12:00:00.000Z', updated: '2026-02-02T09:30:00.000Z' }),
    });
    expect(html).toContain(' · Updated <time datetime="2026-02-02T09:30:00.000Z">February 2, 2026</time>');
  });

  it.each([
    ['the same instant', '2026-01-28T12:00:00.000Z'],
    ['later the same day', '2026-01-28T18:00:00.000Z'],
  ])('does not show "Updated" when updated is %s', (_, updated) => {
    const html = renderArticlePage(ctx, { article: makeArticle({ published: '2026-01-28T12:00:00.000Z', updated }) });
    expect(html).not.toContain('Updated');
  });

  it('shows a caption with its credit as a note when there is no image, like the seed', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ caption: 'Putin met al-Sharaa at the Kremlin', credit: 'SANA' }) });
    expect(html).toContain('<p class="caption">Putin met al-Sharaa at the Kremlin <span class="credit">Photo: SANA</span></p>');
    expect(html).not.toMatch(/<figure|<img/);
    expect(metaContent(html, 'og:image')).toBeUndefined();
  });

  it('does not repeat "Photo" when the credit already says it', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ credit: 'Photo: AP' }) });
    expect(html).toContain('<p class="caption"><span class="credit">Photo: AP</span></p>');
  });

  it('shows no caption when there is none', () => {
    const html = renderArticlePage(ctx, { article: makeArticle() });
    expect(html).not.toMatch(/class="caption"|<figure/);
  });

  it('shows an image in a figure with its caption and credit, and announces it as og:image and JSON-LD image', () => {
    const html = renderArticlePage(ctx, {
      article: makeArticle({
        image: { url: '/images/kremlin.jpg', alt: 'Two presidents shake hands' },
        caption: 'At the Kremlin',
        credit: 'SANA',
      }),
    });
    expect(html).toContain(
      '<figure class="lead-figure"><img src="/images/kremlin.jpg" alt="Two presidents shake hands" decoding="async"/>' +
        '<figcaption>At the Kremlin <span class="credit">Photo: SANA</span></figcaption></figure>',
    );
    expect(metaContent(html, 'og:image')).toBe('https://origin.bulletin.invalid/images/kremlin.jpg');
    expect(metaContent(html, 'og:image:alt')).toBe('Two presidents shake hands');
    expect((jsonLd(html)[0] as { image: unknown }).image).toEqual(['https://origin.bulletin.invalid/images/kremlin.jpg']);
  });

  it('keeps an absolute image URL as it is', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ image: { url: 'https://cdn.example/a.jpg', alt: '' } }) });
    expect(metaContent(html, 'og:image')).toBe('https://cdn.example/a.jpg');
    expect(metaContent(html, 'og:image:alt')).toBeUndefined();
    expect(html).toContain('<figure class="lead-figure"><img src="https://cdn.example/a.jpg" alt="" decoding="async"/></figure>');
  });

  it('links each tag to its tag page', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ tags: ['Middle East', 'Russia'] }) });
    const tagLinks = startTags(html, 'a').filter((a) => a['rel'] === 'tag');
    expect(tagLinks.map((a) => a['href'])).toEqual(['/tags/middle-east', '/tags/russia']);
  });

  it('links to the older and newer articles by title', () => {
    const html = renderArticlePage(ctx, {
      article: makeArticle(),
      previous: makeArticle({ slug: 'older', title: 'The older one' }),
      next: makeArticle({ slug: 'newer', title: 'The newer one' }),
    });
    expect(html).toContain('<span class="label">Older article</span><a href="/articles/older" rel="prev">The older one</a>');
    expect(html).toContain('<span class="label">Newer article</span><a href="/articles/newer" rel="next">The newer one</a>');
  });

  it('leaves out the article navigation when there are no neighbours', () => {
    const html = renderArticlePage(ctx, { article: makeArticle() });
    expect(html).not.toContain('class="article-nav"');
  });

  it('links to the subscribe page from the article', () => {
    const html = renderArticlePage(ctx, { article: makeArticle() });
    expect(html).toContain('<a href="/subscribe">subscribe by RSS, Atom or JSON Feed</a>');
  });

  it('sets the document language from the article and keeps the site chrome in the site language', () => {
    const html = renderArticlePage(ctx, { article: makeArticle({ lang: 'ar' }) });
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ar" dir="rtl">/);
    expect(html).toContain('<header class="site-header" lang="en" dir="ltr">');
    expect(html).toContain('<footer class="site-footer" lang="en" dir="ltr">');
    expect(html).toContain('<footer class="tags" lang="en" dir="ltr">');
    expect(metaContent(html, 'og:locale')).toBe('ar_EG');
    expect((jsonLd(html)[0] as { inLanguage: string }).inLanguage).toBe('ar');
  });

  it('renders the same bytes for the same input', () => {
    const input = { article: makeArticle(), previous: makeArticle({ slug: 'older' }) };
    expect(renderArticlePage(ctx, input)).toBe(renderArticlePage(ctx, input));
  });
});
