/**
 * WhatsApp Cloud API webhook bodies as Meta sends them (shapes from Meta's "messages webhook
 * reference"), written out by hand so that the parser and the builders are both checked against
 * Meta's format rather than against each other.
 */
export const PHONE_NUMBER_ID = "106540352242922";
export const DISPLAY_PHONE_NUMBER = "15550783881";
export const WABA_ID = "102290129340398";
export const CUSTOMER_WA_ID = "6281234567890";
export const CUSTOMER_NAME = "Siti Rahma";
/** A message the business sent earlier, replied to or reacted to. */
export const BUSINESS_MESSAGE_ID = "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjQ4RkQ0QzU2QkQ5RTk2RjQ0MwA=";
export const TIMESTAMP_SECONDS = 1749416383;
export const TIMESTAMP_MS = 1749416383000;
export const NON_ASCII_TEXT = "Halo 👋 café — ñ";

const metadata = { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PHONE_NUMBER_ID };
const contacts = [{ profile: { name: CUSTOMER_NAME }, wa_id: CUSTOMER_WA_ID }];

/** One `messages` change around `value`, as Meta wraps it. */
function webhook<V extends Record<string, unknown>>(value: V) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: WABA_ID,
        changes: [{ value: { messaging_product: "whatsapp", metadata, ...value }, field: "messages" }],
      },
    ],
  };
}

/** A customer message webhook carrying `message` (from, timestamp filled in). */
function inbound<M extends Record<string, unknown>>(message: M) {
  return webhook({
    contacts,
    messages: [{ from: CUSTOMER_WA_ID, timestamp: String(TIMESTAMP_SECONDS), ...message }],
  });
}

export const textMessage = inbound({
  id: "wamid.TEXT01",
  type: "text",
  text: { body: NON_ASCII_TEXT },
});

export const textReply = inbound({
  context: { from: DISPLAY_PHONE_NUMBER, id: BUSINESS_MESSAGE_ID },
  id: "wamid.REPLY01",
  type: "text",
  text: { body: "Yes, the blue one please" },
});

export const imageMessage = inbound({
  id: "wamid.IMAGE01",
  type: "image",
  image: {
    caption: "Foto produk 📷",
    mime_type: "image/jpeg",
    sha256: "Wj3xW1ixc2B/Rn4Yx1N0qEMqIBkTqdp3bJb2RdXuIOI=",
    id: "1003383421387256",
  },
});

export const videoMessage = inbound({
  id: "wamid.VIDEO01",
  type: "video",
  video: {
    mime_type: "video/mp4",
    sha256: "bd1n6tY1Pp3o2IfePOzvSc6KpMXYwMAT1mYyMq+qZDo=",
    id: "1221390895622637",
  },
});

export const audioMessage = inbound({
  id: "wamid.AUDIO01",
  type: "audio",
  audio: {
    mime_type: "audio/mpeg",
    sha256: "x2Hp0Ypq5MgdvZbSwBnS6JWbFn/1Np8UTU6e/FwZCMY=",
    id: "1128404672103210",
    voice: false,
  },
});

export const voiceMessage = inbound({
  id: "wamid.VOICE01",
  type: "audio",
  audio: {
    mime_type: "audio/ogg; codecs=opus",
    sha256: "GzWj/vUw1G5Z8WKL5VY6fWF/7s3Y4b9eBM0a5FzBTvk=",
    id: "1875311766544530",
    voice: true,
  },
});

export const documentMessage = inbound({
  id: "wamid.DOC01",
  type: "document",
  document: {
    caption: "Invoice Maret",
    filename: "invoice-2025-03.pdf",
    mime_type: "application/pdf",
    sha256: "kQnS0Hn3YxGJb+1wQzV3nXzQ2hW2UQ3m1Zr1m5Fz0aA=",
    id: "1653211668890163",
  },
});

export const stickerMessage = inbound({
  id: "wamid.STICKER01",
  type: "sticker",
  sticker: {
    mime_type: "image/webp",
    sha256: "7kD0Bq0v2U5Jm+oKJ7Iz6zv8XfVtI6pW9mGkA2Q8xjo=",
    id: "1046011127133347",
    animated: false,
  },
});

export const locationMessage = inbound({
  id: "wamid.LOCATION01",
  type: "location",
  location: {
    address: "Jl. M.H. Thamrin No.1, Jakarta",
    latitude: -6.1944491,
    longitude: 106.8229198,
    name: "Grand Indonesia",
    url: "https://foursquare.com/v/4b5e5b71f964a520b58b29e3",
  },
});

export const sharedContact = {
  addresses: [{ city: "Bandung", country: "Indonesia", country_code: "ID", type: "HOME" }],
  birthday: "1990-04-17",
  emails: [{ email: "budi@example.com", type: "WORK" }],
  name: { formatted_name: "Budi Santoso", first_name: "Budi", last_name: "Santoso" },
  org: { company: "Toko Budi", title: "Owner" },
  phones: [{ phone: "+62 812-9876-5432", wa_id: "6281298765432", type: "MOBILE" }],
  urls: [{ url: "https://tokobudi.example", type: "WORK" }],
};

export const contactsMessage = inbound({
  id: "wamid.CONTACTS01",
  type: "contacts",
  contacts: [sharedContact],
});

export const reactionMessage = inbound({
  id: "wamid.REACTION01",
  type: "reaction",
  reaction: { message_id: BUSINESS_MESSAGE_ID, emoji: "❤️" },
});

/** A removed reaction: Meta omits `emoji`. */
export const reactionRemovedMessage = inbound({
  id: "wamid.REACTION02",
  type: "reaction",
  reaction: { message_id: BUSINESS_MESSAGE_ID },
});

/** A template's quick-reply button tapped. */
export const buttonMessage = inbound({
  context: { from: DISPLAY_PHONE_NUMBER, id: BUSINESS_MESSAGE_ID },
  id: "wamid.BUTTON01",
  type: "button",
  button: { payload: "STOP_PROMOTIONS", text: "Stop promotions" },
});

export const buttonReplyMessage = inbound({
  context: { from: DISPLAY_PHONE_NUMBER, id: BUSINESS_MESSAGE_ID },
  id: "wamid.INTERACTIVE01",
  type: "interactive",
  interactive: { type: "button_reply", button_reply: { id: "confirm-yes", title: "Ya, benar" } },
});

export const listReplyMessage = inbound({
  context: { from: DISPLAY_PHONE_NUMBER, id: BUSINESS_MESSAGE_ID },
  id: "wamid.INTERACTIVE02",
  type: "interactive",
  interactive: {
    type: "list_reply",
    list_reply: { id: "priority_express", title: "Express", description: "Next day to most cities" },
  },
});

export const unsupportedMessage = inbound({
  id: "wamid.UNSUPPORTED01",
  type: "unsupported",
  errors: [
    {
      code: 131051,
      title: "Message type unknown",
      message: "Message type unknown",
      error_data: { details: "Message type is currently not supported." },
    },
  ],
  unsupported: { type: "edit" },
});

/** A type this platform does not model (a catalogue order). */
export const orderMessage = inbound({
  id: "wamid.ORDER01",
  type: "order",
  order: {
    catalog_id: "367025965434465",
    text: "Two please",
    product_items: [{ product_retailer_id: "SKU-1", quantity: 2, item_price: 125000, currency: "IDR" }],
  },
});

/** The customer changed number: a `system` message, without a `contacts` array. */
export const systemMessage = webhook({
  messages: [
    {
      from: CUSTOMER_WA_ID,
      id: "wamid.SYSTEM01",
      timestamp: String(TIMESTAMP_SECONDS),
      type: "system",
      system: {
        body: "User Siti Rahma changed from 6281234567890 to 6281234567899",
        wa_id: "6281234567899",
        type: "user_changed_number",
      },
    },
  ],
});

/** Two customers in one delivery. */
export const batchOfTwo = webhook({
  contacts: [
    { profile: { name: CUSTOMER_NAME }, wa_id: CUSTOMER_WA_ID },
    { profile: { name: "Budi Santoso" }, wa_id: "6281298765432" },
  ],
  messages: [
    { from: "6281298765432", id: "wamid.BATCH01", timestamp: "1749416390", type: "text", text: { body: "Halo" } },
    { from: CUSTOMER_WA_ID, id: "wamid.BATCH02", timestamp: "1749416391", type: "text", text: { body: "Pagi" } },
  ],
});

const status = <F extends Record<string, unknown>>(fields: F) =>
  webhook({
    statuses: [
      {
        id: BUSINESS_MESSAGE_ID,
        timestamp: String(TIMESTAMP_SECONDS),
        recipient_id: CUSTOMER_WA_ID,
        ...fields,
      },
    ],
  });

export const sentStatus = status({
  status: "sent",
  conversation: {
    id: "a75d17ad06104c51166f948319b03c6a",
    expiration_timestamp: "1749502800",
    origin: { type: "service" },
  },
  pricing: { billable: true, pricing_model: "CBP", category: "service" },
});

export const deliveredStatus = status({
  status: "delivered",
  conversation: { id: "a75d17ad06104c51166f948319b03c6a", origin: { type: "service" } },
  pricing: { billable: true, pricing_model: "CBP", category: "service" },
});

export const readStatus = status({ status: "read" });

export const failedStatus = status({
  status: "failed",
  errors: [
    {
      code: 131047,
      title: "Re-engagement message",
      message: "Re-engagement message",
      error_data: {
        details:
          "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
      },
      href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    },
  ],
});

/** A failed status whose error has no `error_data` (older payloads). */
export const failedStatusWithoutDetails = status({
  status: "failed",
  errors: [{ code: 131026, title: "Message undeliverable" }],
});

/** Another webhook field on the same subscription: no messages, no statuses. */
export const templateStatusUpdate = {
  object: "whatsapp_business_account",
  entry: [
    {
      id: WABA_ID,
      time: 1749416383,
      changes: [
        {
          value: {
            event: "APPROVED",
            message_template_id: 1234567890,
            message_template_name: "order_update",
            message_template_language: "id",
            reason: "NONE",
          },
          field: "message_template_status_update",
        },
      ],
    },
  ],
};

/** Meta's answer to a successful send. */
export const sendAccepted = {
  messaging_product: "whatsapp",
  contacts: [{ input: CUSTOMER_WA_ID, wa_id: CUSTOMER_WA_ID }],
  messages: [{ id: "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEkFCQ0RFRjEyMzQ1Njc4OTAA", message_status: "accepted" }],
};

/** Meta's answer to a free-form send outside the 24-hour window (HTTP 400). */
export const reEngagementError = {
  error: {
    message: "(#131047) Re-engagement message",
    type: "OAuthException",
    code: 131047,
    error_data: {
      messaging_product: "whatsapp",
      details:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    },
    fbtrace_id: "AE9jPfwk6-lgxrhmyNUuovy",
  },
};
