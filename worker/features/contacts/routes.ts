import { createRoute } from "@hono/zod-openapi";
import { authorized, requires } from "../../lib/auth";
import { csvContent, csvResponse } from "../../lib/csv";
import { authed, createRouter, errors, json, jsonBody } from "../../lib/router";
import { contactView } from "../../routes/contacts";
import { ListInvalidSchema } from "../../schemas/contact-lists";
import {
  ContactImportSchema,
  ContactProfileBodySchema,
  ContactRoomsQuerySchema,
  ContactRoomsSchema,
  ImportContactsFormSchema,
} from "../../schemas/contacts";
import { IdParamSchema } from "../../schemas/identity";
import { ContactSchema } from "../../schemas/rooms";
import { contactRooms, editProfile, exportContacts, importContacts } from "./service";

/**
 * Issue 17 item 5, the Contacts page: profiles (every agent), the contact's rooms on every channel,
 * and import / export as CSV (supervisors and admins). Mounted at /api/contacts before the older
 * contact routes, so `export` and `import` are not taken for a contact id.
 */
export const contactProfileRoutes = createRouter();

const tags = ["contacts"];
const refused = { 400: errors[400], 401: errors[401], 403: errors[403] };

const exportCsv = createRoute({
  method: "get",
  path: "/export",
  tags,
  summary: "Every contact as CSV: phone, kind, name, email, notes, blocked, then a column per attribute",
  security: authed,
  ...requires("contacts.manage"),
  responses: { 200: csvContent, ...refused },
});
contactProfileRoutes.openapi(exportCsv, async (c) => {
  const actor = authorized(c, "contacts.manage");
  return csvResponse(await exportContacts(c.get("db"), actor), "contacts.csv");
});

const importCsv = createRoute({
  method: "post",
  path: "/import",
  tags,
  summary:
    "Import contacts (supervisors, admins): multipart `file`, CSV or XLSX with a `phone` column; `name`, `email`, " +
    "`notes` fill the profile, other headings are attributes. Checked whole: 422 list_invalid lists every problem",
  security: authed,
  ...requires("contacts.manage"),
  request: { body: { required: true, content: { "multipart/form-data": { schema: ImportContactsFormSchema } } } },
  responses: {
    200: json(ContactImportSchema, "Imported"),
    ...refused,
    413: { ...errors[422], description: "`list_too_large`: the file is over 5 MB" },
    422: { description: "`list_invalid`", content: { "application/problem+json": { schema: ListInvalidSchema } } },
  },
});
contactProfileRoutes.openapi(importCsv, async (c) => {
  const actor = authorized(c, "contacts.manage");
  return c.json(await importContacts(c.get("db"), actor, c.req.valid("form").file), 200);
});

const edit = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  summary: "Change a contact's name, email, notes or custom attributes (null clears a field)",
  security: authed,
  ...requires("inbox.use"),
  request: { params: IdParamSchema, body: jsonBody(ContactProfileBodySchema) },
  responses: { 200: json(ContactSchema), ...refused, 404: errors[404] },
});
contactProfileRoutes.openapi(edit, async (c) => {
  const actor = authorized(c, "inbox.use");
  const row = await editProfile(c.get("db"), actor, c.req.valid("param").id, c.req.valid("json"));
  return c.json(contactView(row), 200);
});

const rooms = createRoute({
  method: "get",
  path: "/{id}/rooms",
  tags,
  summary: "The contact's rooms on every channel, newest activity first, a page at a time",
  security: authed,
  ...requires("inbox.use"),
  request: { params: IdParamSchema, query: ContactRoomsQuerySchema },
  responses: { 200: json(ContactRoomsSchema), ...refused, 404: errors[404] },
});
contactProfileRoutes.openapi(rooms, async (c) => {
  const actor = authorized(c, "inbox.use");
  return c.json(await contactRooms(c.get("db"), actor, c.req.valid("param").id, c.req.valid("query")), 200);
});
