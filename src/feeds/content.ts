/** @module An article's feed content: its image and caption as a figure, then its body, with every URL absolute. */

import sanitizeHtml from 'sanitize-html';
import type { Article } from '../content/article';
import { absolute } from '../site/origin';
import { creditLine } from '../views/credit';
import { escapeHtml } from './xml';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * `url` as an absolute URL: root-relative paths go through `absolute()`, relative ones are resolved against
 * `base` (the page they appear on). URLs with a scheme are returned untouched, so nothing normalises them.
 */
export function toAbsoluteUrl(url: string, base: string = absolute('/')): string {
  if (HAS_SCHEME.test(url)) return url;
  if (url.startsWith('/') && !url.startsWith('//')) return absolute(url);
  return new URL(url, base).href;
}

/** Where an article lives, absolute; a slug in another script is percent-encoded, as on the pages, so it is a URL and not only an IRI. */
export function articleUrl(article: Article): string {
  return absolute(`/articles/${encodeURIComponent(article.slug)}`);
}

/** A tag's page, absolute and percent-encoded like `articleUrl`; `slug` is the tag's slug. */
export function tagUrl(slug: string): string {
  return absolute(`/tags/${encodeURIComponent(slug)}`);
}

// Feed readers show content away from the site, where root-relative and relative URLs point nowhere.
const URL_ATTRIBUTES = ['href', 'src', 'poster'] as const;

/**
 * An attribute `absolutizeHtml` may rewrite: an `href`, `src` or `poster` whose value does not start with a scheme
 * (relative, root-relative, protocol-relative; quoted or not) or has space around it, which the rewrite trims;
 * or any `srcset`. HTML with none of them has nothing to rewrite.
 */
const MAY_NEED_ABSOLUTE = /\s(?:href|src|poster)\s*=(?:(?!\s*["']?[a-z][a-z0-9+.-]*:)|\s*"[^"]*\s"|\s*'[^']*\s')|\ssrcset\s*=/i;

/**
 * Every `href`, `src`, `poster` and `srcset` URL in `html` made absolute against `base`; nothing else changes.
 * HTML whose URLs are all absolute already (most bodies, and every scraped one) is returned as it is, unparsed.
 */
export function absolutizeHtml(html: string, base: string): string {
  if (!MAY_NEED_ABSOLUTE.test(html)) return html;
  return sanitizeHtml(html, {
    // The body was sanitised when the content was built; this pass only rewrites URLs.
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    allowedSchemesAppliedToAttributes: [],
    parseStyleAttributes: false,
    transformTags: {
      '*': (tagName, attribs) => {
        const rewritten: Record<string, string> = { ...attribs };
        for (const name of URL_ATTRIBUTES) {
          const value = attribs[name];
          if (value !== undefined && value.trim() !== '') rewritten[name] = toAbsoluteUrl(value.trim(), base);
        }
        const srcset = attribs['srcset'];
        if (srcset !== undefined) rewritten['srcset'] = absolutizeSrcset(srcset, base);
        return { tagName, attribs: rewritten };
      },
    },
  });
}

/** `a.jpg 1x, /b.jpg 2x` → each candidate's URL absolute, descriptors kept. */
function absolutizeSrcset(srcset: string, base: string): string {
  return srcset
    .split(',')
    .map((candidate) => candidate.trim())
    .filter((candidate) => candidate !== '')
    .map((candidate) => {
      const [url = '', ...descriptors] = candidate.split(/\s+/);
      return [toAbsoluteUrl(url, base), ...descriptors].join(' ');
    })
    .join(', ');
}

/**
 * The HTML a feed carries for an article: a `<figure>` with the image and its caption and credit, then the body.
 * A caption whose photo the seed did not include (scraped pages often lose it) still says what the page says.
 */
export function buildContentHtml(article: Article): string {
  let html = contentHtml.get(article);
  if (html === undefined) contentHtml.set(article, (html = renderContentHtml(article)));
  return html;
}

/** An article's feed HTML, made once: the same article appears in several feeds, formats and pages. */
const contentHtml = new WeakMap<Article, string>();

function renderContentHtml(article: Article): string {
  const base = articleUrl(article);
  const body = absolutizeHtml(article.html, base);
  const credit = article.credit === undefined ? '' : `<small>${escapeHtml(creditLine(article.credit))}</small>`;
  const captionText = [article.caption === undefined ? '' : escapeHtml(article.caption), credit].filter(Boolean).join(' ');
  const caption = captionText === '' ? '' : `<figcaption>${captionText}</figcaption>`;
  if (article.image === undefined) return caption === '' ? body : `<figure>${caption}</figure>${body}`;

  const image = `<img src="${escapeHtml(toAbsoluteUrl(article.image.url, base))}" alt="${escapeHtml(article.image.alt)}">`;
  return `<figure>${image}${caption}</figure>${body}`;
}
