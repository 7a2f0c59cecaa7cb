/**
 * @module Rendered documents by name and inputs, so that a document is rendered, keyed and looked up once for as
 * long as its inputs stay the very same objects: within a build (every epoch shows most article pages), and across
 * the builds of a builder that stays in memory (npm start), whose unchanged seeds give the same article objects.
 */

import type { BuiltDocument } from './document';

interface Entry {
  readonly inputs: readonly unknown[];
  readonly document: BuiltDocument;
  /** The last build that asked for it. */
  build: number;
}

export class DocumentMemo {
  readonly #entries = new Map<string, Entry>();
  #build = 0;
  #held: (document: BuiltDocument) => boolean = () => true;
  #kept = 0;

  /** Documents this build took from an earlier one instead of making them. */
  get kept(): number {
    return this.#kept;
  }

  /**
   * Starts a build. A document an earlier build made is taken only when `held` says the texts it reads are in this
   * build's cache (which marks them used there); otherwise it is made again.
   */
  startBuild(held: (document: BuiltDocument) => boolean): void {
    this.#build++;
    this.#held = held;
    this.#kept = 0;
  }

  /**
   * The document named `name` made from `inputs`, made by `make` unless one was made from the same inputs, element
   * by element (`===`). `make` must depend on nothing else: the name says all the rest (route, title, links).
   */
  get(name: string, inputs: readonly unknown[], make: () => BuiltDocument): BuiltDocument {
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

  /** Lets go of the documents this build did not ask for: what a builder keeps is one site's worth. */
  endBuild(): void {
    for (const [name, entry] of this.#entries) if (entry.build !== this.#build) this.#entries.delete(name);
  }

  clear(): void {
    this.#entries.clear();
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
