// Issue 17 item 3: search through the message history from the FTS5 index the domain events feed,
// tenant-scoped, across every tab one may see, paged by cursor.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, json, seed, signIn } from "./helpers";
import { customerWrites, postWebhook, type RoomJson, reply, roomOfContact } from "./rooms-helpers";
import { refresh } from "./whatsapp-corpus";

let supervisor: string;
let agent: string;
let agent2: string;

beforeAll(async () => {
  await seed();
  [supervisor, agent, agent2] = await Promise.all([
    signIn("supervisor@demo.test"),
    signIn("agent@demo.test"),
    signIn("agent2@demo.test"),
  ]);
});

async function search(
  cookie: string,
  q: string,
  extra = "",
): Promise<{ rooms: RoomJson[]; nextCursor: string | null }> {
  const res = await call(`/api/rooms?q=${encodeURIComponent(q)}${extra}`, { cookie });
  expect(res.status).toBe(200);
  return json(res);
}
const phonesFound = async (cookie: string, q: string, extra = "") =>
  (await search(cookie, q, extra)).rooms.map((r) => r.contactExternalId);

/** The index is fed by the events queue: wait until a search sees what it should. */
const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 8_000, interval: 100 });

describe("search through the message history (issue 17)", () => {
  it("finds an old message's words, not only the name and the last preview", async () => {
    const waId = "6281300000001";
    await customerWrites({ waId, name: "Rina Wijaya", text: "Pesanan nomor ZX81 belum sampai" });
    const room = await roomOfContact(supervisor, waId);
    expect((await reply(supervisor, room.id, "Baik, kami cek dulu")).status).toBe(201);
    await customerWrites({ waId, name: "Rina Wijaya", text: "Terima kasih" });
    await eventually(async () => expect(await phonesFound(supervisor, "zx81")).toEqual([waId]));
    // Several words must all occur; a word's start finds it; the agent's reply is history too.
    expect(await phonesFound(supervisor, "belum sampa")).toEqual([waId]);
    expect(await phonesFound(supervisor, "kami cek")).toEqual([waId]);
    expect(await phonesFound(supervisor, "zx81 dibatalkan")).toEqual([]);
    // The contact's name and number, also as dialled at home.
    expect(await phonesFound(supervisor, "wijaya")).toEqual([waId]);
    expect(await phonesFound(supervisor, "081300000001")).toEqual([waId]);
    // Any part of the number: its last digits, a run in the middle.
    expect(await phonesFound(supervisor, "00000001")).toEqual([waId]);
    expect(await phonesFound(supervisor, "13000000")).toContain(waId);
    // A room whose words are in several of its messages is listed once.
    expect(await phonesFound(supervisor, "kak")).toEqual([]);
    await customerWrites({ waId, name: "Rina Wijaya", text: "ZX81 masih belum" });
    await eventually(async () => expect(await phonesFound(supervisor, "masih")).toEqual([waId]));
    expect(await phonesFound(supervisor, "zx81")).toEqual([waId]);
    // Typed FTS5 syntax is only words.
    expect((await search(supervisor, 'zx81" OR tenant:*')).rooms).toEqual([]);
  });

  it("finds a message's new words after the customer edits it, and no longer its old ones", async () => {
    const waId = "6281300000002";
    const { id } = await customerWrites({ waId, text: "Warna kuning cerah" });
    await eventually(async () => expect(await phonesFound(supervisor, "kuning")).toEqual([waId]));
    const edit = refresh("pywa/edited_message#image", { target: id });
    expect((await postWebhook(JSON.stringify(edit.body).split(edit.phone).join(waId))).status).toBe(200);
    await eventually(async () => expect(await phonesFound(supervisor, "caption")).toEqual([waId]));
    expect(await phonesFound(supervisor, "kuning")).toEqual([]);
  });

  it("follows a contact's new name", async () => {
    const waId = "6281300000003";
    await customerWrites({ waId, name: "Old Nick", text: "Halo" });
    await eventually(async () => expect(await phonesFound(supervisor, "nick")).toEqual([waId]));
    await customerWrites({ waId, name: "Putri Lestari", text: "Halo lagi" });
    await eventually(async () => expect(await phonesFound(supervisor, "lestari")).toEqual([waId]));
    expect(await phonesFound(supervisor, "nick")).toEqual([]);
  });

  it("is kept to the tenant, inside the index", async () => {
    const waId = "6281300000004";
    await customerWrites({ waId, text: "Kode rahasia QQ7734" });
    await eventually(async () => expect(await phonesFound(supervisor, "QQ7734")).toEqual([waId]));
    // Another tenant's document with the same words is never found.
    const room = await roomOfContact(supervisor, waId);
    await env.DB.prepare(
      "INSERT OR IGNORE INTO organizations (id, name) VALUES ('org_search_other', 'Elsewhere')",
    ).run();
    await env.DB.prepare(
      `INSERT INTO search_documents (doc_key, organization_id, tenant, room_id, body, version)
       VALUES ('message:elsewhere', 'org_search_other', 't' || lower(hex('org_search_other')), ?, 'QQ7734 elsewhere', 1)`,
    )
      .bind(room.id)
      .run();
    expect(await phonesFound(supervisor, "elsewhere")).toEqual([]);
  });

  it("looks across every tab an agent may see: theirs and the unassigned, not a colleague's", async () => {
    const [mine, free, theirs] = ["6281300000011", "6281300000012", "6281300000013"];
    for (const waId of [mine, free, theirs]) await customerWrites({ waId, text: "Kiriman paket MERAH" });
    const take = async (cookie: string, waId: string) =>
      expect(
        (await call(`/api/rooms/${(await roomOfContact(supervisor, waId)).id}/take`, { cookie, method: "POST" }))
          .status,
      ).toBe(200);
    await take(agent, mine);
    await take(agent2, theirs);
    await eventually(async () => expect((await phonesFound(supervisor, "merah")).sort()).toEqual([mine, free, theirs]));
    expect((await phonesFound(agent, "merah")).sort()).toEqual([mine, free]);
    // Whatever tab the agent is on.
    expect((await phonesFound(agent, "merah", "&view=unassigned")).sort()).toEqual([mine, free]);
  });

  it("pages by cursor, newest activity first", async () => {
    const phones = ["6281300000021", "6281300000022", "6281300000023"];
    const at = Date.now() - 60_000;
    for (const [i, waId] of phones.entries())
      await customerWrites({ waId, text: "Promo BIRU hari ini", at: at + i * 10_000 });
    await eventually(async () => expect(await phonesFound(supervisor, "biru")).toHaveLength(3));
    const first = await search(supervisor, "biru", "&limit=2");
    expect(first.rooms.map((r) => r.contactExternalId)).toEqual([phones[2], phones[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await search(supervisor, "biru", `&limit=2&cursor=${first.nextCursor}`);
    expect(second.rooms.map((r) => r.contactExternalId)).toEqual([phones[0]]);
    expect(second.nextCursor).toBeNull();
  });
});
