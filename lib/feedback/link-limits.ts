/** Single-use survey links: how many a batch may hold and how long they last by default (client-safe, no zod). */
export const MAX_LINKS_PER_BATCH = 500;
export const LINK_DAYS_DEFAULT = 30;
