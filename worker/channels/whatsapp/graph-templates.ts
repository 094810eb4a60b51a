/**
 * The WhatsApp template API (rule T3) on the WhatsApp Business Account: create, delete, and the
 * Resumable Upload API for a media header's sample (T1, T2). None of these throws: every failure is
 * `{ ok: false, status, error }`.
 */
import type {
  CreateTemplateResult,
  MetaTemplateBody,
  TemplateCallFailure,
  TemplateCredentials,
  TemplateSample,
} from "../template-types";
import { GraphApiError, type GraphHttp } from "./graph-http";

export function templateApi(http: GraphHttp) {
  const { baseUrl, request, jsonOf, invalid, node } = http;
  return {
    async createTemplate(creds: TemplateCredentials, template: MetaTemplateBody): Promise<CreateTemplateResult> {
      const key = { channelKey: creds.wabaId, accessToken: creds.accessToken };
      const outcome = await request("create_template", key, `${baseUrl}/${node(creds.wabaId)}/message_templates`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(template),
      });
      if (!outcome.ok) return outcome;
      try {
        const body = await jsonOf("create_template", key, outcome.response);
        // Meta answers the id as a string ("572279198452421"); accept a number too.
        const id = typeof body.id === "number" ? String(body.id) : body.id;
        if (typeof id !== "string" || id === "" || typeof body.status !== "string") {
          throw invalid("create_template", key, outcome.response.status, "The answer lacks id or status.");
        }
        const category = typeof body.category === "string" ? body.category : null;
        return { ok: true, providerTemplateId: id, status: body.status, category };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, status: err.status, error: err.error };
        throw err;
      }
    },

    async uploadTemplateSample(
      creds: { accessToken: string; appId?: string | null },
      sample: TemplateSample,
    ): Promise<{ ok: true; handle: string } | TemplateCallFailure> {
      const key = { channelKey: creds.appId ?? "app", accessToken: creds.accessToken };
      try {
        let appId = creds.appId ?? null;
        if (!appId) {
          const app = await request("app_of_token", key, `${baseUrl}/app`, { method: "GET" });
          if (!app.ok) return app;
          const id = (await jsonOf("app_of_token", key, app.response)).id;
          appId = typeof id === "number" ? String(id) : typeof id === "string" && id !== "" ? id : null;
          if (!appId) throw invalid("app_of_token", key, app.response.status, "GET /app named no app id.");
        }
        const query = new URLSearchParams({
          file_name: sample.filename,
          file_length: String(sample.bytes.byteLength),
          file_type: sample.mimeType,
        });
        const started = await request("start_upload", key, `${baseUrl}/${node(appId)}/uploads?${query}`, {
          method: "POST",
        });
        if (!started.ok) return started;
        const session = (await jsonOf("start_upload", key, started.response)).id;
        // "upload:<token>?sig=<signature>": used as Meta gives it (the signature is its query string).
        if (typeof session !== "string" || !/^upload:[^/#\s]+$/.test(session)) {
          throw invalid("start_upload", key, started.response.status, "The upload session answer names no upload: id.");
        }
        const uploaded = await request("upload_bytes", key, `${baseUrl}/${session}`, {
          method: "POST",
          headers: {
            authorization: `OAuth ${creds.accessToken}`,
            file_offset: "0",
            "content-type": sample.mimeType,
          },
          body: sample.bytes,
        });
        if (!uploaded.ok) return uploaded;
        const handle = (await jsonOf("upload_bytes", key, uploaded.response)).h;
        if (typeof handle !== "string" || handle === "") {
          throw invalid("upload_bytes", key, uploaded.response.status, "The upload answer names no handle h.");
        }
        return { ok: true, handle };
      } catch (err) {
        if (err instanceof GraphApiError) return { ok: false, status: err.status, error: err.error };
        throw err;
      }
    },

    async deleteTemplate(
      creds: TemplateCredentials,
      template: { name: string; providerTemplateId?: string | null },
    ): Promise<{ ok: true } | TemplateCallFailure> {
      const key = { channelKey: creds.wabaId, accessToken: creds.accessToken };
      const query = new URLSearchParams({ name: template.name });
      if (template.providerTemplateId) query.set("hsm_id", template.providerTemplateId);
      const outcome = await request(
        "delete_template",
        key,
        `${baseUrl}/${node(creds.wabaId)}/message_templates?${query}`,
        { method: "DELETE" },
      );
      if (!outcome.ok) return outcome;
      await outcome.response.body?.cancel();
      return { ok: true };
    },
  };
}
