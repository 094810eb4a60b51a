/**
 * Rule I13: Indonesian words for the agent screens, keyed by the English sentence `t()` is given
 * (merged into the one dictionary in ./id.ts).
 */
export const ID_AGENT: Record<string, string> = {};
