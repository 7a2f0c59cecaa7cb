/** @module What the content bundle is made of: bytes by kind of route, to show where its size comes from. */

export interface RouteKind {
  /** The path with its variable parts generalised: `/tags/T/archive/N.xml`. */
  readonly kind: string;
  readonly documents: number;
  readonly bodyBytes: number;
  /** RFC 3229 feed parts, stored beside the body they repeat. */
  readonly partsBytes: number;
}

interface BundleShape {
  readonly documents: readonly { readonly body: string; readonly feed?: unknown }[];
  readonly epochs: readonly { readonly routes: Readonly<Record<string, number>> }[];
}

/** Bytes of the first epoch's documents by route kind, largest first. `module` is the generated site.ts text. */
export function bundleComposition(module: string): RouteKind[] {
  // Found by position, not by a regular expression: the literal is tens of megabytes.
  const start = module.indexOf('JSON.parse(');
  const end = module.lastIndexOf(');');
  if (start === -1 || end < start) return [];
  const bundle = JSON.parse(JSON.parse(module.slice(start + 'JSON.parse('.length, end)) as string) as BundleShape;
  const kinds = new Map<string, { documents: number; bodyBytes: number; partsBytes: number }>();
  for (const [path, index] of Object.entries(bundle.epochs[0]?.routes ?? {})) {
    const document = bundle.documents[index]!;
    const kind = path.startsWith('/articles/')
      ? '/articles/S'
      : path.replace(/^\/tags\/[^/]+/, '/tags/T').replace(/\/assets\/.*/, '/assets/*').replace(/\d+/g, 'N');
    const entry = kinds.get(kind) ?? { documents: 0, bodyBytes: 0, partsBytes: 0 };
    entry.documents++;
    entry.bodyBytes += Buffer.byteLength(document.body);
    entry.partsBytes += document.feed === undefined ? 0 : Buffer.byteLength(JSON.stringify(document.feed));
    kinds.set(kind, entry);
  }
  return [...kinds].map(([kind, k]) => ({ kind, ...k })).sort((a, b) => b.bodyBytes + b.partsBytes - a.bodyBytes - a.partsBytes);
}
