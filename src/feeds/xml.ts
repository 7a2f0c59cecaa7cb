/** @module Text guards for feeds: characters XML cannot carry, escaping, and placeholders that keep `feed`'s escaping out of the way. */

/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) and lone surrogates.
 * A feed reader's XML parser rejects the whole document for one of them, so they are dropped everywhere,
 * JSON Feed included: all three formats then carry the same text.
 */
const ILLEGAL_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML 1.0 cannot carry. */
export function stripIllegalCharacters(text: string): string {
  return text.replace(ILLEGAL_IN_XML, '');
}

/** Escapes text for element content. CR is a character reference because parsers turn a raw CR into LF. */
export function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Escapes text for a double-quoted attribute; tab, LF and CR are references so attribute normalisation keeps them. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;');
}

/** Escapes text for HTML, where a feed carries HTML (RSS `description`). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// A placeholder is a URN, so it also passes feed's `new URL()` on links and ids unchanged, and holds no
// character that feed or xml-js would escape, wrap or collapse.
const PLACEHOLDER_PREFIX = 'urn:x-bulletin-value:v';
const PLACEHOLDER = /="urn:x-bulletin-value:v(\d+)"|<!\[CDATA\[urn:x-bulletin-value:v(\d+)\]\]>|urn:x-bulletin-value:v(\d+)/g;

/**
 * Stands in for every text and URL handed to `feed`, and writes the real values into its output afterwards,
 * each escaped exactly once for where it landed. feed@6.0.0 escapes inconsistently (CDATA ends early on a
 * second `]]>`, `&amp;` in text collapses to `&`, `<` in attributes is left raw, URLs are normalised); with
 * placeholders none of that can touch the values.
 */
export class XmlValues {
  readonly #values: string[] = [];

  /** A placeholder for `value`, to pass to `feed` as text, attribute or URL. */
  hold(value: string): string {
    this.#values.push(value);
    return PLACEHOLDER_PREFIX + String(this.#values.length - 1);
  }

  /** A placeholder, or undefined when there is no value: for optional `feed` fields. */
  holdOptional(value: string | undefined): string | undefined {
    return value === undefined ? undefined : this.hold(value);
  }

  /** `xml` with every placeholder replaced by its escaped value; CDATA around a placeholder becomes escaped text. */
  fill(xml: string): string {
    // One pass, so a value that happens to spell a placeholder is never replaced again.
    return xml.replace(PLACEHOLDER, (_match, inAttribute?: string, inCdata?: string, inText?: string) => {
      if (inAttribute !== undefined) return `="${escapeXmlAttribute(this.#valueAt(inAttribute))}"`;
      return escapeXmlText(this.#valueAt(inCdata ?? inText ?? ''));
    });
  }

  #valueAt(index: string): string {
    const value = this.#values[Number(index)];
    if (value === undefined) throw new Error(`feeds: no value for placeholder ${index}`);
    return value;
  }
}
