/**
 * @module Rendered documents by name and inputs, so that a document is rendered, keyed and looked up once for as
 * long as its inputs stay the very same objects: within a build (every epoch shows most article pages), and across
 * the builds of a builder that stays in memory (npm start), whose unchanged seeds give the same article objects.
 * In a patch build (see site-shape.ts) it makes only the documents shown changed articles: the others are the
 * last build's, unchanged.
 */

import { type Article, newestUpdate } from '../content/article';
import type { BuiltDocument } from './document';

/**
 * A document a patch build did not make: the last build's at the same path is still right. It knows only its
 * date, which the sitemap lists.
 */
export class UnchangedDocument {
  constructor(readonly lastModified: string) {}
}

/** What a document memo answers: a document, or in a patch build, word that the last build's stands. */
export type SiteDocument = BuiltDocument | UnchangedDocument;

/** What a patch build knows (see site-shape.ts). */
export interface PatchScope {
  /** The ids of the articles whose content changed since the last build. */
  readonly changed: ReadonlySet<string>;
  /**
   * Whether every page keeps its date (no changed article's `updated` changed): then the sitemap, which lists every
   * page's date, stands too, and rendering need not visit the pages no changed article is on (see render.ts).
   */
  readonly datesKept: boolean;
}

/** A document's inputs: the articles it shows, `undefined` where it has no article (an article page's missing neighbour). */
export type DocumentInputs = readonly (Article | undefined)[];

interface Entry {
  readonly inputs: DocumentInputs;
  readonly document: BuiltDocument;
  /** The last build that asked for it. */
  build: number;
}

export class DocumentMemo {
  readonly #entries = new Map<string, Entry>();
  #build = 0;
  #held: (document: BuiltDocument) => boolean = () => true;
  #kept = 0;
  #patch: PatchScope | undefined;

  /** Documents this build took from an earlier one instead of making them. */
  get kept(): number {
    return this.#kept;
  }

  /** In a patch build, what it knows; undefined in a full build. */
  get patch(): PatchScope | undefined {
    return this.#patch;
  }

  /**
   * Starts a build. A document an earlier build made is taken only when `held` says the texts it reads are in this
   * build's cache (which marks them used there); otherwise it is made again. In a patch build, `patch.changed`
   * names the articles (by id) whose documents are made: the last build's other documents are still right, and
   * `get` says so.
   */
  startBuild(held: (document: BuiltDocument) => boolean, patch?: PatchScope): void {
    this.#build++;
    this.#held = held;
    this.#kept = 0;
    this.#patch = patch;
  }

  /**
   * The document named `name` made from `inputs`, made by `make` unless one was made from the same inputs, element
   * by element (`===`). `make` must depend on nothing else: the name says all the rest (route, title, links). In a
   * patch build, a document none of whose inputs changed is not made, nor looked up: it is an UnchangedDocument.
   */
  get(name: string, inputs: DocumentInputs, make: () => BuiltDocument): SiteDocument {
    if (this.#patch !== undefined && !this.#showsChanged(inputs, this.#patch.changed)) return new UnchangedDocument(newestUpdate(inputs));
    const entry = this.#entries.get(name);
    if (entry !== undefined && sameInputs(entry.inputs, inputs)) {
      if (entry.build === this.#build) return entry.document;
      if (this.#held(entry.document)) {
        entry.build = this.#build;
        this.#kept++;
        return entry.document;
      }
    }
    const document = make();
    this.#entries.set(name, { inputs, document, build: this.#build });
    return document;
  }

  /**
   * Whether a patch build may leave a document that shows `shown` unvisited, not even named: none of them changed,
   * and, for a page the sitemap lists with its date (`dated`), no page's date moved (see PatchScope.datesKept).
   */
  mayPass(shown: DocumentInputs, dated: boolean): boolean {
    const patch = this.#patch;
    return patch !== undefined && (!dated || patch.datesKept) && !this.#showsChanged(shown, patch.changed);
  }

  /** A patch build asks this of every document of the site (13k for 10k articles): a plain loop, no closures. */
  #showsChanged(inputs: DocumentInputs, changed: ReadonlySet<string>): boolean {
    for (const article of inputs) if (article !== undefined && changed.has(article.id)) return true;
    return false;
  }

  /**
   * Lets go of the documents this build did not ask for: what a builder keeps is one site's worth. A patch build
   * asked only for the changed ones, and the others stand: it lets go of nothing.
   */
  endBuild(): void {
    if (this.#patch !== undefined) return;
    for (const [name, entry] of this.#entries) if (entry.build !== this.#build) this.#entries.delete(name);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function sameInputs(a: DocumentInputs, b: DocumentInputs): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
