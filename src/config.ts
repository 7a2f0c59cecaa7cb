/** @module Site settings in one typed place. Values that differ per deployment (SITE_URL) are wrangler vars. */

export interface SiteConfig {
  readonly title: string;
  readonly description: string;
  /** BCP 47 language of the site and the default for articles. */
  readonly lang: string;
  /** IANA time zone in which date-only values are read and dates are shown. */
  readonly timeZone: string;
  readonly defaultAuthor: string;
  /** Articles per index, tag and page of the JSON Feed. */
  readonly pageSize: number;
  /** Articles in each subscription feed (RSS, Atom, JSON Feed, per tag too). */
  readonly feedSize: number;
  /** Articles in each RFC 5005 archive document; at most `feedSize`, so no article falls between the two. */
  readonly archiveSize: number;
  /**
   * Namespace UUID for article ids (`urn:uuid:…`, a name-based UUID of the seed's file name).
   * Never change it once feeds are public: every reader would see every article again.
   */
  readonly idNamespace: string;
  /**
   * Root-relative or absolute URLs of the site's square icon (pages, Atom, JSON Feed) and wide logo (RSS's
   * channel image, which must be GIF, JPEG or PNG; Atom), if any.
   */
  readonly icon?: string;
  readonly logo?: string;
  /** WebSub hub that readers may subscribe to for push updates, if any. */
  readonly hub?: string;
  /**
   * Published articles from which the build keeps documents in Workers Static Assets instead of the Worker
   * script, whose size and 128 MB of memory a few hundred articles fill (see the README's benchmarks).
   */
  readonly largeArchiveFrom: number;
}

export const site: SiteConfig = {
  title: 'bulletin',
  description: 'News and stories, published as RSS, Atom and JSON Feed.',
  lang: 'en',
  timeZone: 'UTC',
  defaultAuthor: 'bulletin',
  pageSize: 20,
  feedSize: 20,
  archiveSize: 20,
  idNamespace: '6f1d5c2e-3b7a-5d4e-9a8b-0c1d2e3f4a5b',
  // Served by the build (src/site/favicon.ts); replace both to brand the site.
  icon: '/favicon.svg',
  largeArchiveFrom: 250,
};
