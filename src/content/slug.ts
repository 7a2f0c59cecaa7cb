/** @module URL-safe slugs for articles and tags. */

/**
 * Lower-case words joined by hyphens: `Syria’s al-Sharaa meets Putin` → `syrias-al-sharaa-meets-putin`.
 * Latin letters lose their accents (`Café` → `cafe`); letters of other scripts stay (`سوريا`); apostrophes
 * vanish inside words; anything else separates words. Returns '' when no letter or digit is left.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/([\p{L}\p{N}])['’]([\p{L}\p{N}])/gu, '$1$2')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** True for a slug as `slugify` makes them, so slugs given in front matter follow the same rules. */
export function isSlug(text: string): boolean {
  return /^[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*$/u.test(text) && text === text.toLowerCase() && text === text.normalize('NFC');
}
