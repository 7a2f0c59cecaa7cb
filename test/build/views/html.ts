/** @module Just enough HTML reading for view tests: start tags with their attributes, decoded. */

export type Attributes = Readonly<Record<string, string>>;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };

export function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** Every `<name …>` start tag in document order, as attribute maps (attribute names lower-cased). */
export function startTags(html: string, name: string): Attributes[] {
  const found: Attributes[] = [];
  for (const match of html.matchAll(new RegExp(`<${name}(\\s[^>]*)?>`, 'gi'))) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? '').matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
      attributes[attribute[1]!.toLowerCase()] = decode(attribute[2] ?? '');
    }
    found.push(attributes);
  }
  return found;
}

/** `content` of the `<meta>` with this `property` (Open Graph) or `name`, or every one when repeated. */
export function metaContents(html: string, key: string): string[] {
  return startTags(html, 'meta')
    .filter((meta) => meta['property'] === key || meta['name'] === key)
    .map((meta) => meta['content'] ?? '');
}

export function metaContent(html: string, key: string): string | undefined {
  return metaContents(html, key)[0];
}

export function links(html: string, rel: string): Attributes[] {
  return startTags(html, 'link').filter((link) => link['rel'] === rel);
}

/** Text between `<tag …>` and `</tag>` for the first such element, tags stripped and entities decoded. */
export function textOf(html: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'i').exec(html);
  return match === null ? undefined : decode(match[1]!.replace(/<[^>]*>/g, ''));
}

export function jsonLd(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) =>
    JSON.parse(match[1]!),
  );
}
