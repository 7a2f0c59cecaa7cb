/** @module One seed file → one Article, or the problems that keep it from being one. */

import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { SiteConfig } from '../config';
import type { Article, ArticleImage } from './article';
import { findUnsafeCharacters, stripUnsafeCharacters } from './characters';
import { type DateReading, instantOfDay, readDate } from './dates';
import { type FrontMatter, readFrontMatter } from './front-matter';
import { escapeText, renderMarkdown } from './markdown';
import { describe, type Problem } from './problems';
import { parseScrapedText } from './scraped-text';
import { slugify } from './slug';

export const SEED_EXTENSIONS = ['.md', '.txt'] as const;

export interface SeedReading {
  /** Undefined when the seed has errors. */
  readonly article?: Article;
  readonly draft: boolean;
  readonly problems: readonly Problem[];
}

const SUMMARY_LENGTH = 200;

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif',
  '.webp': 'image/webp', '.avif': 'image/avif', '.svg': 'image/svg+xml',
};

/** A name-based (version 5) UUID: the same name in the same namespace always gives the same id. */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The first words of a paragraph, cut at a word boundary. */
export function excerpt(paragraph: string, length = SUMMARY_LENGTH): string {
  if (paragraph.length <= length) return paragraph;
  // Never between the two halves of an astral character (an emoji), which would leave half of it behind.
  const cut = paragraph.slice(0, /[\uD800-\uDBFF]/.test(paragraph[length - 1] ?? '') ? length - 1 : length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** Plain text of the first paragraph of rendered HTML, for a summary when none is given. */
function firstParagraphText(html: string): string {
  const paragraph = /<p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  return paragraph
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[\da-f]+|amp|lt|gt|quot|apos|nbsp);/gi, (entity, name: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
      if (name[0] !== '#') return named[name.toLowerCase()] ?? entity;
      return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `url` as the URL parser writes it, with what it leaves that RFC 3986 forbids (`^`, `[`, `|`, a `%` without two
 * hex digits after it) percent-encoded too, so that pages and feeds carry a valid URL whatever the seed said.
 * Credentials (`user:pw@`) are left out: they have no place in a published page.
 */
function strictUrl(url: string): string {
  const parsed = new URL(url);
  const encode = (part: string) =>
    part.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const tail = (delimiter: string, part: string) => (part === '' ? '' : delimiter + encode(part.slice(1)));
  return `${parsed.protocol}//${parsed.host}${encode(parsed.pathname)}${tail('?', parsed.search)}${tail('#', parsed.hash)}`;
}

function imageOf(url: string, alt: string | undefined): ArticleImage {
  const href = strictUrl(url);
  const type = IMAGE_TYPES[extname(new URL(href).pathname).toLowerCase()];
  return { url: href, alt: alt ?? '', ...(type === undefined ? {} : { type }) };
}

function uniqueTags(tags: FrontMatter['tags']): string[] {
  const list = tags === undefined ? [] : typeof tags === 'string' ? [tags] : tags;
  const seen = new Set<string>();
  return list.filter((tag) => {
    const key = slugify(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads one seed. `file` is its path relative to the project (for messages and `Article.source`);
 * `bytes` its content.
 */
export function readSeed(file: string, bytes: Uint8Array, config: SiteConfig): SeedReading {
  const problems: Problem[] = [];
  const error = (field: string | undefined, line: number | undefined, message: string) =>
    problems.push({ file, ...(line === undefined ? {} : { line }), ...(field === undefined ? {} : { field }), message, severity: 'error' });
  const failed = (): SeedReading => ({ draft: false, problems });

  let decoded: string;
  try {
    // The decoder drops a byte-order mark, which editors on Windows like to add.
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const valid = new TextDecoder('utf-8').decode(bytes).indexOf('\uFFFD');
    const line = new TextDecoder('utf-8').decode(bytes).slice(0, Math.max(valid, 0)).split('\n').length;
    error(undefined, line, 'is not valid UTF-8 text; save it as UTF-8');
    return failed();
  }
  const source = decoded.replace(/\r\n?/g, '\n');
  // Taken out of values, not out of the file: in YAML a removed character could change what the rest means.
  const unsafe = findUnsafeCharacters(source);
  if (unsafe !== undefined) {
    const { count, line, examples, moreKinds } = unsafe;
    problems.push({
      file, line, severity: 'warning',
      message: `has ${count} ${count === 1 ? 'character' : 'characters'} that pages and feeds cannot carry (${examples.join(', ')}${moreKinds ? ', …' : ''}); ${count === 1 ? 'it is' : 'they are'} left out`,
    });
  }
  if (source.trim() === '') {
    error(undefined, undefined, 'is empty');
    return failed();
  }

  const front = readFrontMatter(source, file);
  problems.push(...front.problems);
  const meta = front.data;
  const lineOf = (field: string) => front.lines.get(field);

  const extension = extname(file).toLowerCase();
  let title = meta.title;
  let html: string;
  let published: DateReading | undefined;
  let author = meta.author;
  let caption = meta.caption;
  let credit = meta.credit;
  let firstParagraph: string | undefined;

  if (extension === '.txt') {
    const scraped = parseScrapedText(stripUnsafeCharacters(front.content), file, front.contentLine);
    problems.push(...scraped.problems);
    if (!scraped.value) return failed();
    title ??= scraped.value.title;
    author ??= scraped.value.author;
    caption ??= scraped.value.caption;
    credit ??= scraped.value.credit;
    published = { ok: true, instant: instantOfDay(scraped.value.day, config.timeZone), dateOnly: true };
    html = scraped.value.paragraphs.map((p) => `<p>${escapeText(p)}</p>`).join('\n');
    firstParagraph = scraped.value.paragraphs[0];
  } else {
    if (meta.title === undefined && !front.problems.some((p) => p.field === 'title')) {
      error('title', lineOf('title'), 'is required (got nothing); give the headline after "title:" in the front matter');
    }
    if (meta.date === undefined && !front.problems.some((p) => p.field === 'date')) {
      error('date', lineOf('date'), 'is required (got nothing); give the publication date after "date:" (date: 2026-01-28)');
    }
    html = renderMarkdown(front.content);
    if (html === '') error('body', front.contentLine, 'is empty; write the article below the front matter');
  }

  if (meta.date !== undefined) {
    published = readDate(meta.date, config.timeZone);
    if (!published.ok) error('date', lineOf('date'), `must be ${published.expected} (got ${describe(meta.date)})`);
  }
  let updated: DateReading | undefined;
  if (meta.updated !== undefined) {
    updated = readDate(meta.updated, config.timeZone);
    if (!updated.ok) error('updated', lineOf('updated'), `must be ${updated.expected} (got ${describe(meta.updated)})`);
    else if (published?.ok && updated.instant < published.instant) {
      error('updated', lineOf('updated'), `must not be before "date" (${meta.date ?? published.instant.toISOString()}) (got ${describe(meta.updated)})`);
    }
  }

  const slug = meta.slug ?? slugify(title ?? '');
  if (title !== undefined && slug === '') {
    error('slug', undefined, `cannot be made from the title ${describe(title)}; set "slug:" in the front matter`);
  }
  for (const tag of typeof meta.tags === 'string' ? [meta.tags] : (meta.tags ?? [])) {
    if (slugify(tag) === '') error('tags', lineOf('tags'), `must each have a letter or digit (got ${describe(tag)})`);
  }
  if (meta.image_alt !== undefined && meta.image === undefined) {
    error('image_alt', lineOf('image_alt'), 'describes an image, but there is no "image" field');
  }

  if (problems.some((p) => p.severity === 'error') || title === undefined || !published?.ok) return failed();

  const summary = meta.summary ?? excerpt(firstParagraph ?? firstParagraphText(html));
  const article: Article = {
    id: meta.id ?? `urn:uuid:${uuidV5(basename(file, extname(file)), config.idNamespace)}`,
    slug,
    title,
    summary,
    published: published.instant.toISOString(),
    updated: (updated?.ok ? updated.instant : published.instant).toISOString(),
    author: author ?? config.defaultAuthor,
    tags: uniqueTags(meta.tags),
    lang: meta.lang ?? config.lang,
    ...(meta.image === undefined ? {} : { image: imageOf(meta.image, meta.image_alt) }),
    ...(caption === undefined ? {} : { caption }),
    ...(credit === undefined ? {} : { credit }),
    html,
    source: file,
  };
  return { article, draft: meta.draft ?? false, problems };
}
