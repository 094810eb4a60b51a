import { createRoute } from "@hono/zod-openapi";
import {
  contactListDetail,
  fileTooLarge,
  listContactLists,
  MAX_LIST_FILE_BYTES,
  removeContactList,
  uploadContactList,
} from "../features/contact-lists/service";
import { authorized, requires } from "../lib/auth";
import { authed, createRouter, errors, json } from "../lib/router";
import {
  ContactListDetailSchema,
  ContactListIdParamSchema,
  ContactListPageQuerySchema,
  ContactListPageSchema,
  ContactListRowsQuerySchema,
  ContactListSchema,
  ListInvalidSchema,
  UploadContactListFormSchema,
} from "../schemas/contact-lists";

/**
 * Contact lists for broadcasts (rule T5), admins only (A3), with a session or a tenant API key (T9).
 * Another organization's list is 404. An upload is checked whole: 422 `list_invalid` lists every
 * problem by row and column and nothing is kept; over 5 MB is 413 `list_too_large`.
 */
export const contactListRoutes = createRouter();

/** The largest upload body: the file plus room for the form's other field and boundaries. */
export const CONTACT_LIST_BODY_LIMIT = MAX_LIST_FILE_BYTES + 64 * 1024;

const upload = createRoute({
  method: "post",
  path: "/",
  tags: ["contact-lists"],
  summary:
    "Upload a contact list (admin): multipart `name` and `file` (CSV or XLSX, at most 5 MB and 5,000 contacts). " +
    "Headings lowercase without spaces, a `phone` column, variables from column E on, every cell text, phones to " +
    "E.164, duplicates dropped and counted. 422 list_invalid: every problem with its row and column",
  security: authed,
  ...requires("broadcasts.manage"),
  request: {
    body: { required: true, content: { "multipart/form-data": { schema: UploadContactListFormSchema } } },
  },
  responses: {
    201: json(ContactListSchema, "Stored"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    413: { ...errors[400], description: "The file is over 5 MB" },
    422: { description: "The file breaks T5", content: { "application/problem+json": { schema: ListInvalidSchema } } },
  },
});

contactListRoutes.openapi(upload, async (c) => {
  const actor = authorized(c, "broadcasts.manage");
  const { name, file } = c.req.valid("form");
  if (file.size > MAX_LIST_FILE_BYTES) throw fileTooLarge();
  return c.json(await uploadContactList(c.get("db"), actor, name, file), 201);
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["contact-lists"],
  summary: "The organization's contact lists, newest first, a page at a time (`cursor` from `nextCursor`)",
  security: authed,
  ...requires("broadcasts.manage"),
  request: { query: ContactListPageQuerySchema },
  responses: { 200: json(ContactListPageSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

contactListRoutes.openapi(list, async (c) => {
  const actor = authorized(c, "broadcasts.manage");
  return c.json(await listContactLists(c.get("db"), actor.organizationId, c.req.valid("query")), 200);
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["contact-lists"],
  summary: "One contact list: its columns, counts and a page of its rows in file order (`cursor` from `nextCursor`)",
  security: authed,
  ...requires("broadcasts.manage"),
  request: { params: ContactListIdParamSchema, query: ContactListRowsQuerySchema },
  responses: {
    200: json(ContactListDetailSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

contactListRoutes.openapi(read, async (c) => {
  const actor = authorized(c, "broadcasts.manage");
  const { id } = c.req.valid("param");
  return c.json(await contactListDetail(c.get("db"), actor.organizationId, id, c.req.valid("query")), 200);
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["contact-lists"],
  summary: "Delete a contact list and its rows (admin)",
  security: authed,
  ...requires("broadcasts.manage"),
  request: { params: ContactListIdParamSchema },
  responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

contactListRoutes.openapi(remove, async (c) => {
  const actor = authorized(c, "broadcasts.manage");
  await removeContactList(c.get("db"), actor.organizationId, c.req.valid("param").id);
  return c.body(null, 204);
});
