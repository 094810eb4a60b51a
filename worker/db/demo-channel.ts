/**
 * The demo tenant's WhatsApp number and its approved template, as the demo seed connects them. In
 * development the sandbox provider (worker/sandbox/, which re-exports these) plays Meta for this
 * number; production code reads them from here, never from the sandbox.
 */
export const SANDBOX_PHONE_NUMBER_ID = "100000000000001";
/** As people write it. */
export const SANDBOX_DISPLAY_NUMBER = "+62 811 0000 0001";
export const SANDBOX_WABA_ID = "200000000000001";
export const SANDBOX_APP_SECRET = "sandbox-app-secret";
export const SANDBOX_VERIFY_TOKEN = "sandbox-verify-token";
export const SANDBOX_ACCESS_TOKEN = "sandbox-access-token";

/**
 * The demo tenant's `order_update` template (the seed has it APPROVED): the sandbox knows it from
 * the start, under this id, so its quality can be lowered on demand like any other.
 */
export const SANDBOX_DEMO_TEMPLATE = {
  id: "900000000000001",
  name: "order_update",
  language: "en",
  category: "UTILITY",
  components: [
    { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Ayu", "A-1001"]] } },
  ],
} as const;
