/** @module Markdown bodies to sanitised HTML, at build time. */

import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { stripUnsafeCharacters } from './characters';

const marked = new Marked({ gfm: true, async: false });

/**
 * What survives in a body: text structure, links, images, tables and code. No scripts, frames, objects, forms,
 * event handlers or `style` (which could load or leak data); links only to http(s), mailto and the site itself.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'a', 'em', 'strong', 'b', 'i', 's', 'del', 'ins', 'sub', 'sup', 'small', 'mark', 'abbr', 'cite', 'q', 'kbd',
    'code', 'pre', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    abbr: ['title'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
    code: ['class'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // An h1 in a body would compete with the page's headline.
  transformTags: { h1: 'h2' },
  // An image whose source was refused (javascript:, data:) would be an <img> with no src: not valid HTML.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['src']?.trim(),
  disallowedTagsMode: 'discard',
  // Discarded with their content, not only their tags: what is inside is code, a fallback or inert, never text a
  // reader sees; kept, it would show, and a <p> inside a <noscript> would end up inside the paragraph around it.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'noembed', 'noframes', 'xmp', 'iframe'],
};

/** Renders Markdown (GFM) and sanitises the result; raw HTML in the Markdown goes through the same sanitiser. */
export function renderMarkdown(markdown: string): string {
  // Character references (`&#27;`) decode to characters pages and feeds cannot carry; they go after sanitising.
  return stripUnsafeCharacters(sanitizeHtml(marked.parse(markdown) as string, SANITIZE)).trim();
}

/** Escapes text for HTML element content. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
