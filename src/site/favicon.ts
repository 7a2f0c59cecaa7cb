/** @module The site's icon: a small SVG, so browsers find one and do not ask for a missing /favicon.ico. */

export const FAVICON_PATH = '/favicon.svg';

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#9c2f1c"/>
<path d="M20 12h8v16a12 12 0 1 1-8 11.3zm8 27a6 6 0 1 0 12 0 6 6 0 1 0-12 0z" fill="#fff"/>
</svg>
`;
