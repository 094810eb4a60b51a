/**
 * The Calling API through the one Graph client's HTTP plumbing (rule C11; wire formats in
 * shared/research/calling.md section 3): call actions on `POST /{phone_number_id}/calls`, call
 * settings on `POST /{phone_number_id}/settings`, and the interactive call permission request on
 * `POST /{phone_number_id}/messages`. Never throws: `{ ok: false, error }` with Meta's code.
 */
import type { CallAction, CallActionResult, CallingSwitches, PlaceCallResult } from "../adapter";
import type { ChannelCredentials } from "../config";
import type { SendResult } from "../types";
import type { GraphHttp } from "./graph-http";

/** The calling part of the one Graph client (`graph-client.ts` spreads it in). */
export function callApi(http: GraphHttp) {
  const { baseUrl, request, jsonOf, node } = http;
  const post = (op: string, creds: ChannelCredentials, path: string, body: unknown) =>
    request(op, creds, `${baseUrl}/${node(creds.channelKey)}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  return {
    async callAction(creds: ChannelCredentials, action: CallAction): Promise<CallActionResult> {
      const body: Record<string, unknown> = {
        messaging_product: "whatsapp",
        call_id: action.providerCallId,
        action: action.action,
      };
      // pre_accept and accept carry the SAME answer (section 3); sdp_type is "answer", not "offer".
      if (action.action === "pre_accept" || action.action === "accept") {
        body.session = { sdp_type: "answer", sdp: action.sdp };
      }
      const outcome = await post(`call_${action.action}`, creds, "calls", body);
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
    },

    async placeCall(
      creds: ChannelCredentials,
      to: string,
      sdp: string,
      callbackData: string,
    ): Promise<PlaceCallResult> {
      const outcome = await post("call_connect", creds, "calls", {
        messaging_product: "whatsapp",
        to,
        action: "connect",
        session: { sdp_type: "offer", sdp },
        biz_opaque_callback_data: callbackData,
      });
      if (!outcome.ok) return { ok: false, error: outcome.error };
      try {
        const json = await jsonOf("call_connect", creds, outcome.response);
        const id = (json.calls as { id?: unknown }[] | undefined)?.[0]?.id;
        if (typeof id === "string" && id !== "") return { ok: true, providerCallId: id };
      } catch {
        // fall through
      }
      return { ok: false, error: { code: "invalid_response", title: "The answer names no call id", detail: null } };
    },

    /**
     * Rule C1: calling on when inbound or outbound is; the call icon hidden without inbound; the
     * voicemail of a declined or unanswered call on with inbound (C9).
     */
    async callSettings(creds: ChannelCredentials, s: CallingSwitches): Promise<CallActionResult> {
      const outcome = await post("call_settings", creds, "settings", {
        calling: {
          status: s.inbound || s.outbound ? "ENABLED" : "DISABLED",
          call_icon_visibility: s.inbound ? "DEFAULT" : "DISABLE_ALL",
          voicemail: { status: s.inbound ? "ENABLED" : "DISABLED", triggers: ["REJECT", "TIMEOUT"] },
        },
      });
      return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
    },

    async requestCallPermission(creds: ChannelCredentials, to: string, text: string | null): Promise<SendResult> {
      const outcome = await post("call_permission_request", creds, "messages", {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to,
        type: "interactive",
        interactive: {
          type: "call_permission_request",
          action: { name: "call_permission_request" },
          ...(text ? { body: { text } } : {}),
        },
      });
      if (!outcome.ok) return { ok: false, error: outcome.error };
      try {
        const json = await jsonOf("call_permission_request", creds, outcome.response);
        const id = (json.messages as { id?: unknown }[] | undefined)?.[0]?.id;
        if (typeof id === "string" && id !== "") return { ok: true, providerMessageId: id };
      } catch {
        // fall through
      }
      return { ok: false, error: { code: "invalid_response", title: "The answer names no message id", detail: null } };
    },
  };
}
