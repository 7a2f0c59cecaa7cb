/** @module Entity tags and the conditional-request rules of RFC 9110 §13. */

/** The entity tags in an `If-None-Match` value; `*` stays `*`; malformed parts are skipped. */
export function parseEntityTags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return header.match(/(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g) ?? [];
}

/** Weak comparison (RFC 9110 §8.8.3.2): equal when the opaque tags are equal, `W/` or not. */
export function matchesAny(etag: string, header: string): boolean {
  const opaque = etag.replace(/^W\//, '');
  return parseEntityTags(header).some((tag) => tag === '*' || tag.replace(/^W\//, '') === opaque);
}

/**
 * Whether a GET or HEAD may be answered 304. `If-None-Match` wins when present; `If-Modified-Since` counts only
 * without it (RFC 9110 §13.1.3) and only when it is a valid HTTP date. `lastModified` is in milliseconds.
 */
export function isNotModified(headers: Headers, etag: string, lastModified: number | undefined): boolean {
  const ifNoneMatch = headers.get('If-None-Match');
  // What a cache sends back is most often the very ETag it was given.
  if (ifNoneMatch !== null) return ifNoneMatch === etag || matchesAny(etag, ifNoneMatch);
  const ifModifiedSince = headers.get('If-Modified-Since');
  if (ifModifiedSince === null || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // Last-Modified has whole seconds; compare at that resolution.
  return !Number.isNaN(since) && Math.floor(lastModified / 1000) <= Math.floor(since / 1000);
}
