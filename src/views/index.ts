/** @module Every HTML page of the site, rendered at build time with hono/jsx, and the stylesheet they share. */

export type { PageContext } from './page-context';
export { renderIndexPage, type IndexPageData } from './index-page';
export { renderArticlePage, type ArticlePageData } from './article-page';
export { renderTagPage, type TagPageData } from './tag-page';
export { renderFeedPage } from './feed-page';
export { renderNotFoundPage } from './not-found-page';
export { renderSubscribePage, type SubscribePageData } from './subscribe-page';
export { STYLESHEET } from './stylesheet';
export { formatDate } from './dates';
