/**
 * Rule I13: the Indonesian words of the web app, keyed by the English sentence `t()` is given.
 * A key missing here is shown in English.
 */
export const ID: Record<string, string> = {};
