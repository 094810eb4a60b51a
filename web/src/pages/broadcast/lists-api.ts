/**
 * The contact list calls of the Broadcast pages (rule T5). Types come from the worker's zod schemas
 * (type-only imports). The upload reports its progress (http.ts `uploadForm`).
 */
import type { z } from "@hono/zod-openapi";
import type {
  ContactListDetail,
  ContactListPageSchema,
  ContactListView,
  ListErrorView,
} from "../../../../worker/schemas/contact-lists";
import { ApiError, authed } from "../../api";
import { uploadForm } from "../../http";

export type { ContactListDetail, ContactListView, ListErrorView };
export type ContactListPage = z.infer<typeof ContactListPageSchema>;

const withCursor = (path: string, params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

export const listsApi = {
  lists: (cursor?: string, limit = 20) =>
    authed<ContactListPage>("GET", withCursor("/api/contact-lists", { limit, cursor })),
  list: (id: string, cursor?: string) =>
    authed<ContactListDetail>("GET", withCursor(`/api/contact-lists/${encodeURIComponent(id)}`, { limit: 50, cursor })),
  remove: (id: string) => authed<void>("DELETE", `/api/contact-lists/${encodeURIComponent(id)}`),
  upload: (name: string, file: File, onProgress: (fraction: number) => void) => {
    const form = new FormData();
    form.set("name", name);
    form.set("file", file, file.name);
    return uploadForm<ContactListView>("/api/contact-lists", form, onProgress);
  },
};

/** The row/column problems of a refused file (422 `list_invalid`), or none. */
export function listErrorsOf(error: unknown): ListErrorView[] {
  if (!(error instanceof ApiError) || error.code !== "list_invalid") return [];
  return error.errors as unknown as ListErrorView[];
}
