/** @module The placeholder that stands for the site's origin in built documents. */

/**
 * Built pages and feeds spell absolute URLs with this origin; the Worker puts `SITE_URL` (or, when that is
 * empty, the request's own origin) in its place. `.invalid` is reserved, so no real link can collide with it.
 */
export const ORIGIN = 'https://origin.bulletin.invalid';

/**
 * An absolute URL on the site for a root-relative path. Characters outside ASCII (slugs in other scripts) are
 * percent-encoded, as URLs in RSS and sitemaps must be; a path that is already encoded comes out unchanged.
 */
export function absolute(path: string): string {
  return ORIGIN + path.replace(/[^\x00-\x7f]+/g, encodeURIComponent);
}
