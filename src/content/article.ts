/** @module The Article: what the content build makes of every seed, and what pages and feeds are rendered from. */

export interface ArticleImage {
  /** Absolute `https:` URL, or a root-relative path (`/images/x.jpg`) on the site itself. */
  readonly url: string;
  /** Text alternative; empty only when the image is decorative. */
  readonly alt: string;
  /** MIME type from the URL's extension when it is a known image type (`image/jpeg`, …). */
  readonly type?: string;
}

export interface Article {
  /** Stable identifier (`urn:uuid:…`): the same across rebuilds, slug and title edits and domain moves. */
  readonly id: string;
  /** URL-safe path segment: the article lives at `/articles/<slug>`. */
  readonly slug: string;
  /** Plain text, never markup. */
  readonly title: string;
  /** Plain text. */
  readonly summary: string;
  /** ISO 8601 instants in UTC (`2026-01-28T12:00:00.000Z`). */
  readonly published: string;
  readonly updated: string;
  /** Plain text. */
  readonly author: string;
  /** Display names, in the order the seed gave them, without duplicates. */
  readonly tags: readonly string[];
  /** BCP 47 language tag. */
  readonly lang: string;
  readonly image?: ArticleImage;
  /** Plain text of the photo caption, and who to credit for it. */
  readonly caption?: string;
  readonly credit?: string;
  /** The body as sanitised HTML; links and images may be root-relative. */
  readonly html: string;
  /** The seed it came from, relative to the project (`seeds/000_3b7bd609114b647d.txt`). */
  readonly source: string;
}

/** The instant that stands for "no date": the Unix epoch, deterministic where the build time would not be. */
export const UNDATED = '1970-01-01T00:00:00.000Z';

/** An article's `published` and `updated` in milliseconds (NaN when not an instant). */
export interface ArticleTimes {
  readonly published: number;
  readonly updated: number;
}

/**
 * Parsed once per article: every page, list and feed that carries an article dates itself by it, tens of
 * thousands of `Date.parse` calls a build otherwise.
 */
export function timesOf(article: Article): ArticleTimes {
  let times = parsedTimes.get(article);
  if (times === undefined) {
    times = { published: Date.parse(article.published), updated: Date.parse(article.updated) };
    parsedTimes.set(article, times);
  }
  return times;
}

const parsedTimes = new WeakMap<Article, ArticleTimes>();

/**
 * The newest `updated` among `articles` (holes skipped), as an ISO instant; `UNDATED` when there are none. Every
 * page and feed document is dated so: each article's instant is written out once, not once per document that
 * carries it.
 */
export function newestUpdate(articles: readonly (Article | undefined)[]): string {
  let latest: string | undefined;
  for (const article of articles) {
    if (article === undefined) continue;
    const { updated } = article;
    if (!isCanonicalInstant(updated)) return newestParsedUpdate(articles);
    if (latest === undefined || updated > latest) latest = updated;
  }
  return latest ?? UNDATED;
}

/**
 * `toISOString()`'s form, which every seed's dates take: in it, code-unit order is time order, and a rebuild that
 * walks every page's date (see site/site-shape.ts) parses none.
 */
export function isCanonicalInstant(text: string): boolean {
  return text.length === 24 && CANONICAL_INSTANT.test(text);
}

const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** newestUpdate for articles whose instants are in other forms (made by hand, not read from seeds). */
function newestParsedUpdate(articles: readonly (Article | undefined)[]): string {
  let newest: Article | undefined;
  let newestTime = -Infinity;
  for (const article of articles) {
    if (article === undefined) continue;
    const time = timesOf(article).updated;
    if (Number.isNaN(time)) throw new RangeError(`${article.source}: "updated" is not an instant (${JSON.stringify(article.updated)})`);
    if (newest === undefined || time > newestTime) [newest, newestTime] = [article, time];
  }
  if (newest === undefined) return UNDATED;
  let instant = updatedInstants.get(newest);
  if (instant === undefined) updatedInstants.set(newest, (instant = new Date(newestTime).toISOString()));
  return instant;
}

const updatedInstants = new WeakMap<Article, string>();
