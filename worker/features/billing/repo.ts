/**
 * Billing's queries (rules B1-B7), one module per table: wallets, ledger entries, conversations,
 * unique visitors, packages; `batch.ts` commits the writes that must land together in one D1 batch.
 * This module is their one entry for code outside billing.
 */
export * from "./batch";
export * from "./conversations-repo";
export * from "./ledger-repo";
export * from "./packages-repo";
export * from "./visitors-repo";
export * from "./wallets-repo";
