/**
 * The contact list calls of the Broadcast pages (rule T5). Types come from the worker's zod schemas
 * (type-only imports). The upload goes through XMLHttpRequest, the one browser API that reports
 * upload progress; its failures become the same ApiError as every other call.
 */
import type { z } from "@hono/zod-openapi";
import type {
  ContactListDetail,
  ContactListPageSchema,
  ContactListView,
  ListErrorView,
} from "../../../../worker/schemas/contact-lists";
import { ApiError, authed, sessionEnded, toApiError } from "../../api";

export type { ContactListDetail, ContactListView, ListErrorView };
export type ContactListPage = z.infer<typeof ContactListPageSchema>;

const withCursor = (path: string, params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

export const listsApi = {
  lists: (cursor?: string) => authed<ContactListPage>("GET", withCursor("/api/contact-lists", { limit: 20, cursor })),
  list: (id: string, cursor?: string) =>
    authed<ContactListDetail>("GET", withCursor(`/api/contact-lists/${encodeURIComponent(id)}`, { limit: 50, cursor })),
  remove: (id: string) => authed<void>("DELETE", `/api/contact-lists/${encodeURIComponent(id)}`),
  upload: (name: string, file: File, onProgress: (fraction: number) => void) =>
    new Promise<ContactListView>((resolve, reject) => {
      const form = new FormData();
      form.set("name", name);
      form.set("file", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/contact-lists");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.withCredentials = true;
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onerror = () => reject(new ApiError(0, "network_error", "The server could not be reached."));
      xhr.onload = async () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve(JSON.parse(xhr.responseText) as ContactListView);
          return;
        }
        if (xhr.status === 401) sessionEnded();
        const headers = new Headers({ "content-type": xhr.getResponseHeader("content-type") ?? "" });
        reject(await toApiError(new Response(xhr.responseText, { status: xhr.status, headers })));
      };
      xhr.send(form);
    }),
};

/** The row/column problems of a refused file (422 `list_invalid`), or none. */
export function listErrorsOf(error: unknown): ListErrorView[] {
  if (!(error instanceof ApiError) || error.code !== "list_invalid") return [];
  return error.errors as unknown as ListErrorView[];
}
