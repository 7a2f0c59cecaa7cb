/**
 * @module Characters no page or feed can carry, removed from seeds at the boundary so every format shows the same
 * text; and the most bytes of UTF-8 a text's characters can take.
 */

/**
 * Controls other than tab, LF and CR (HTML parse errors, and XML 1.0 forbids the C0 ones), Unicode
 * noncharacters (HTML parse errors; U+FFFE and U+FFFF are also not XML) and lone surrogates (not text at all).
 */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters pages and feeds cannot carry. */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE, '');
}

/** Every string in a parsed YAML value stripped, so an escape such as `"\0"` cannot bring one back. */
export function stripUnsafeDeep(value: unknown): unknown {
  if (typeof value === 'string') return stripUnsafeCharacters(value);
  if (Array.isArray(value)) return value.map(stripUnsafeDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripUnsafeDeep(item)]));
  }
  return value;
}

/**
 * Where `text` holds unsafe characters: how many, the 1-based line of the first, the first few distinct ones
 * as `U+001B`, and whether there are more kinds than those.
 */
export function findUnsafeCharacters(
  text: string,
): { readonly count: number; readonly line: number; readonly examples: readonly string[]; readonly moreKinds: boolean } | undefined {
  const found = [...text.matchAll(UNSAFE)];
  const first = found[0];
  if (first === undefined) return undefined;
  const kinds = [...new Set(found.map((match) => `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))];
  return {
    count: found.length,
    line: text.slice(0, first.index).split('\n').length,
    examples: kinds.slice(0, 3),
    moreKinds: kinds.length > 3,
  };
}

/**
 * UTF-8 takes at most three bytes for a UTF-16 code unit (four for a surrogate pair, three for a lone surrogate):
 * room enough for a text's bytes without measuring it first.
 */
export const MAX_UTF8_BYTES_PER_UNIT = 3;
