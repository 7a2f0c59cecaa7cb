/**
 * @module `npm test` runs this before type-checking: the Workers-runtime tests import the fixture bundles, so
 * they must exist before tsc reads those imports. vitest's globalSetup builds them again for `npx vitest`.
 */

import setup from './global-setup';

// The teardown removes the temporary folder the fixtures were written through.
const teardown = await setup();
await teardown();
