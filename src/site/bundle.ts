/** @module The content bundle: every document the site serves, for every moment it serves them. Shared by build and Worker. */

import type { BuiltDocument } from './document';

/**
 * What the site looks like from one instant on. A scheduled article starts a new epoch at its publication
 * time, so the Worker publishes it on time without a redeploy.
 */
export interface Epoch {
  /** ISO instant from which this epoch holds; null for the first, which holds from the start. */
  readonly from: string | null;
  /** Root-relative path → index into `SiteBundle.documents`. */
  readonly routes: Readonly<Record<string, number>>;
  /** Index of the 404 page. */
  readonly notFound: number;
}

export interface SiteBundle {
  /** Each distinct document once; epochs share the ones that did not change. */
  readonly documents: readonly BuiltDocument[];
  /** In order of `from`. */
  readonly epochs: readonly Epoch[];
}
