/**
 * The Contacts page's calls (issue 17 item 5). Types come from the worker's zod schemas (type-only
 * imports), so a changed contract is a type error here.
 */
import type { z } from "@hono/zod-openapi";
import type {
  ContactImportSchema,
  ContactProfileBodySchema,
  ContactRoomsSchema,
} from "../../../../worker/schemas/contacts";
import type { ContactListSchema } from "../../../../worker/schemas/rooms";
import { authed, type Contact } from "../../api";
import { uploadForm } from "../../http";

export type ContactPage = z.infer<typeof ContactListSchema>;
export type ContactRooms = z.infer<typeof ContactRoomsSchema>;
export type ContactImport = z.infer<typeof ContactImportSchema>;
export type ProfileChange = z.input<typeof ContactProfileBodySchema>;

const query = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : "";
};
const enc = encodeURIComponent;

export const contactsApi = {
  search: (q: string, cursor?: string) => authed<ContactPage>("GET", `/api/contacts${query({ q, cursor, limit: 50 })}`),
  contact: (id: string) => authed<Contact>("GET", `/api/contacts/${enc(id)}`),
  change: (id: string, body: ProfileChange) => authed<Contact>("PATCH", `/api/contacts/${enc(id)}`, body),
  rooms: (id: string, cursor?: string) =>
    authed<ContactRooms>("GET", `/api/contacts/${enc(id)}/rooms${query({ cursor, limit: 20 })}`),
  block: (id: string) => authed<Contact>("POST", `/api/contacts/${enc(id)}/block`),
  unblock: (id: string) => authed<Contact>("POST", `/api/contacts/${enc(id)}/unblock`),
  import: (file: File, onProgress: (fraction: number) => void) => {
    const form = new FormData();
    form.set("file", file, file.name);
    return uploadForm<ContactImport>("/api/contacts/import", form, onProgress);
  },
};
