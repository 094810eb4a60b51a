/**
 * Issue 18: an example on every JSON request body. The main integrator calls have one written out;
 * the others get one built from the body's schema (its own examples, enums, bounds and formats).
 */
export const REQUEST_EXAMPLES: Record<string, unknown> = {
  signIn: { email: "admin@demo.test", password: "demo-password-1" },
  createApiKey: { name: "CRM sync", role: "agent", scopes: ["read", "write"], rateLimitPerMinute: 600 },
  sendRoomMessage: {
    type: "text",
    text: "Halo Kak, pesanan Anda sudah dikirim hari ini.",
    clientMessageId: "crm-4711",
  },
  sendRoomTemplate: { templateName: "order_update", language: "id", variables: ["Ana", "INV-2026-001"] },
  sendContactTemplate: {
    channelId: "ch_demo_whatsapp",
    templateName: "order_update",
    language: "id",
    variables: ["Ana", "INV-2026-001"],
  },
  addRoomNote: { text: "Customer asked for a refund; waiting for the warehouse." },
  createContact: { phone: "+6281234567890", name: "Ana" },
  createCampaign: { name: "December promo", templateId: "tpl_promo", listId: "lst_subscribers" },
  estimateCampaign: { name: "December promo", templateId: "tpl_promo", listId: "lst_subscribers" },
  connectChannel: {
    name: "Jakarta store",
    phoneNumberId: "106540352242922",
    displayPhoneNumber: "+62 811 0000 0001",
    wabaId: "102290129340398",
    accessToken: "EAAG...token-from-meta",
    appSecret: "app-secret-from-meta",
    verifyToken: "a-long-random-verify-token",
  },
  setCsatSettings: {
    enabled: true,
    question: "Bagaimana layanan kami hari ini?",
    templateName: "csat_followup",
    templateLanguage: "id",
  },
  setOfficeHours: {
    enabled: true,
    awayMessage: "Terima kasih! Kami buka Senin-Jumat 08.00-17.00 WIB.",
    days: {
      mon: [{ open: "08:00", close: "17:00" }],
      tue: [{ open: "08:00", close: "17:00" }],
      wed: [{ open: "08:00", close: "17:00" }],
      thu: [{ open: "08:00", close: "17:00" }],
      fri: [{ open: "08:00", close: "17:00" }],
      sat: [],
      sun: [],
    },
  },
  createQuickReply: { title: "shipping", text: "Halo {{contact.name}}, pesanan dikirim hari ini." },
  createMyQuickReply: { title: "thanks", text: "Terima kasih, {{contact.name}}! Salam, {{agent.name}}" },
  createWebhookEndpoint: {
    url: "https://crm.example.com/hooks/edge-inbox",
    events: ["message.created", "room.resolved"],
    description: "CRM",
  },
};

type Schema = {
  $ref?: string;
  type?: string | string[];
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
};

const STRING_FORMATS: Record<string, string> = {
  email: "ana@example.com",
  uri: "https://shop.example/promo",
  url: "https://shop.example/promo",
  "date-time": "2026-12-04T09:00:00.000Z",
  date: "2026-12-04",
  uuid: "0f8fad5b-d9cb-469f-a165-70867728950e",
};

/** An example value for `schema` (refs looked up in `schemas`), or undefined when none can be made. */
export function exampleOf(schema: unknown, schemas: Record<string, unknown> = {}, depth = 0): unknown {
  const s = schema as Schema | undefined;
  if (!s || depth > 8) return undefined;
  if (s.$ref) return exampleOf(schemas[s.$ref.split("/").pop() ?? ""], schemas, depth + 1);
  if (s.example !== undefined) return s.example;
  if (s.examples?.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  const variant = s.oneOf?.[0] ?? s.anyOf?.find((v) => v.type !== "null");
  if (variant) return exampleOf(variant, schemas, depth + 1);
  if (s.allOf) {
    return Object.assign({}, ...s.allOf.map((part) => exampleOf(part, schemas, depth + 1) ?? {}));
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) {
        const value = exampleOf(s.properties?.[name], schemas, depth + 1);
        if (value === undefined) return undefined;
        out[name] = value;
      }
      return out;
    }
    case "array": {
      const item = exampleOf(s.items, schemas, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => item);
    }
    case "string":
      if (s.pattern) return undefined;
      return STRING_FORMATS[s.format ?? ""] ?? "text".padEnd(s.minLength ?? 0, "x");
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    default:
      return undefined;
  }
}
