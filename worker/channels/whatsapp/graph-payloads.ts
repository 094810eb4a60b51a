/** The JSON bodies of `POST /{phone_number_id}/messages`, in Meta's format. */
import type { OutboundPayload } from "../types";

/** A template send with every parameter (rule T3): `bodyVariables` plus header and URL buttons. */
export type TemplatePayload = Extract<OutboundPayload, { kind: "template" }>;

export type GraphOutboundPayload = OutboundPayload;

const CAPTIONED = new Set(["image", "video", "document"]);

/**
 * Who a send is addressed to (issue 12, I1). A contact's external id is the phone (Meta's wa_id: digits
 * only) when Meta gave one, else the business-scoped user id (BSUID, e.g. `US.13491208655302741918`).
 * Meta's Messages API takes a phone as `to` and a BSUID as `recipient` (developers.facebook.com/
 * documentation/business-messaging/whatsapp/business-scoped-user-ids/; `to` wins when both are sent).
 */
export const addressOf = (externalId: string): { to: string } | { recipient: string } =>
  /^\d+$/.test(externalId) ? { to: externalId } : { recipient: externalId };

/** The JSON body of `POST /{phone_number_id}/messages` for one outbound payload. */
export function graphMessageBody(payload: GraphOutboundPayload): Record<string, unknown> {
  const body: Record<string, unknown> = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    ...addressOf(payload.to),
  };
  if (payload.kind !== "template" && payload.kind !== "choice" && payload.replyToProviderId) {
    body.context = { message_id: payload.replyToProviderId };
  }
  switch (payload.kind) {
    case "text":
      body.type = "text";
      body.text = { body: payload.text };
      break;
    case "choice":
      body.type = "interactive";
      body.interactive = interactiveOf(payload);
      break;
    case "template": {
      const components = templateSendComponents(payload);
      body.type = "template";
      body.template = {
        name: payload.name,
        language: { code: payload.language },
        ...(components.length > 0 ? { components } : {}),
      };
      if (payload.callbackData) body.biz_opaque_callback_data = payload.callbackData;
      break;
    }
    default: {
      const media: Record<string, string> = { id: payload.providerMediaId };
      if (payload.caption && CAPTIONED.has(payload.kind)) media.caption = payload.caption;
      if (payload.filename && payload.kind === "document") media.filename = payload.filename;
      body.type = payload.kind;
      body[payload.kind] = media;
    }
  }
  return body;
}

/** Meta's `template.components` of a send (rule T3): header, body, then URL buttons by index. */
export function templateSendComponents(payload: TemplatePayload): Record<string, unknown>[] {
  const components: Record<string, unknown>[] = [];
  const header = payload.header;
  if (header?.kind === "text") {
    components.push({ type: "header", parameters: [{ type: "text", text: header.text }] });
  } else if (header) {
    const media: Record<string, string> = "link" in header ? { link: header.link } : { id: header.mediaId };
    if (header.kind === "document" && header.filename) media.filename = header.filename;
    components.push({ type: "header", parameters: [{ type: header.kind, [header.kind]: media }] });
  }
  if (payload.bodyVariables.length > 0) {
    components.push({ type: "body", parameters: payload.bodyVariables.map((text) => ({ type: "text", text })) });
  }
  for (const button of payload.urlButtons ?? []) {
    components.push({
      type: "button",
      sub_type: "url",
      index: String(button.index),
      parameters: [{ type: "text", text: button.text }],
    });
  }
  return components;
}

/**
 * Meta's `interactive` object for a choice: reply buttons for up to 3 options, else a list of one
 * section (at most 10 rows; a row title at most 24 characters, a button title 20).
 */
function interactiveOf(payload: Extract<OutboundPayload, { kind: "choice" }>): Record<string, unknown> {
  const body = { text: payload.text };
  if (payload.options.length <= 3) {
    const buttons = payload.options.map((o) => ({ type: "reply", reply: { id: o.id, title: o.title.slice(0, 20) } }));
    return { type: "button", body, action: { buttons } };
  }
  const rows = payload.options.slice(0, 10).map((o) => ({ id: o.id, title: o.title.slice(0, 24) }));
  return {
    type: "list",
    body,
    action: { button: payload.button.slice(0, 20), sections: [{ title: payload.button.slice(0, 24), rows }] },
  };
}
