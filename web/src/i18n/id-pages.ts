/**
 * Rule I13: Indonesian words for the pages screens, keyed by the English sentence `t()` is given
 * (merged into the one dictionary in ./id.ts).
 */
export const ID_PAGES: Record<string, string> = {};
