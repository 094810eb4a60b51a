import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addWhatsAppNumber, call, expectProblem, json, seed, seedOtherTenant, signIn } from "./helpers";
import { customerWrites, messagesOf, reply, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
let supervisor: string;
beforeAll(async () => {
  await seed();
  await seedOtherTenant();
  [admin, agent, supervisor] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("agent@demo.test"),
    signIn("supervisor@demo.test"),
  ]);
  // Rule G3: Meta is asked about each number connected here (the sandbox plays it).
  for (const id of ["100000000000777", "100000000000778", "100000000000779"]) {
    await addWhatsAppNumber({ phoneNumberId: id, accessToken: newChannel.accessToken });
  }
});

const newChannel = {
  name: "Second number",
  phoneNumberId: "100000000000777",
  displayPhoneNumber: "+62 811 0000 0777",
  wabaId: "200000000000001",
  accessToken: "EAAG-super-secret-token",
  appSecret: "another-app-secret",
  verifyToken: "another-verify-token",
};

describe("channels (G1, G4)", () => {
  it("lets an admin connect a number; secrets are never returned", async () => {
    const res = await call("/api/channels", { cookie: admin, body: newChannel });
    expect(res.status).toBe(201);
    const text = await res.text();
    for (const secret of [newChannel.accessToken, newChannel.appSecret, newChannel.verifyToken]) {
      expect(text).not.toContain(secret);
    }
    // Rule G7: nor their sealed form.
    expect(text).not.toContain("sealed:v1:");
    const list = await call("/api/channels", { cookie: agent });
    const listed = await list.text();
    expect(listed).not.toContain(newChannel.accessToken);
    expect(listed).not.toContain("sealed:v1:");
    await expectProblem(await call("/api/channels", { cookie: admin, body: newChannel }), 409, "phone_number_taken");
  });

  it("keeps the channel's Meta app id (for template sample uploads), which is no secret", async () => {
    const res = await call("/api/channels", {
      cookie: admin,
      body: { ...newChannel, name: "App number", phoneNumberId: "100000000000779", metaAppId: "123456789012345" },
    });
    const created = await json<{ id: string; metaAppId: string | null }>(res);
    expect(created.metaAppId).toBe("123456789012345");
    const patched = await call(`/api/channels/${created.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { metaAppId: "543210987654321" },
    });
    expect(await json(patched)).toMatchObject({ metaAppId: "543210987654321" });
    const forgotten = await call(`/api/channels/${created.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { metaAppId: null },
    });
    expect(await json(forgotten)).toMatchObject({ metaAppId: null });
    await expectProblem(
      await call(`/api/channels/${created.id}`, { method: "PATCH", cookie: admin, body: { metaAppId: "app-one" } }),
      400,
      "validation_failed",
    );
    await call(`/api/channels/${created.id}`, { method: "DELETE", cookie: admin });
  });

  it("answers 409 phone_number_taken when a PATCH moves a channel onto a number already connected (G1)", async () => {
    const created = await json<{ id: string }>(
      await call("/api/channels", {
        cookie: admin,
        body: { ...newChannel, name: "Third number", phoneNumberId: "100000000000778" },
      }),
    );
    await expectProblem(
      await call(`/api/channels/${created.id}`, {
        method: "PATCH",
        cookie: admin,
        body: { phoneNumberId: "100000000000001" },
      }),
      409,
      "phone_number_taken",
    );
    const kept = await json<{ phoneNumberId: string }>(await call(`/api/channels/${created.id}`, { cookie: admin }));
    expect(kept.phoneNumberId).toBe("100000000000778");
    expect((await call(`/api/channels/${created.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
  });

  it("is admin-only to change, and another tenant's channel is a 404", async () => {
    await expectProblem(await call("/api/channels", { cookie: agent, body: newChannel }), 403, "forbidden");
    await expectProblem(
      await call("/api/channels/ch_demo_whatsapp", { method: "PATCH", cookie: supervisor, body: { name: "x" } }),
      403,
      "forbidden",
    );
    const other = await signIn("boss@other.test");
    await expectProblem(await call("/api/channels/ch_demo_whatsapp", { cookie: other }), 404, "not_found");
    await expectProblem(
      await call("/api/channels/ch_demo_whatsapp", { method: "DELETE", cookie: other }),
      404,
      "not_found",
    );
  });

  it("keeps rooms through a disconnect and a reconnect; sends fail while disconnected", async () => {
    await customerWrites({ waId: "6281600000001", text: "hello" });
    const room = await roomOfContact(supervisor, "6281600000001");
    expect((await call("/api/channels/ch_demo_whatsapp", { method: "DELETE", cookie: admin })).status).toBe(204);
    const failed = await json<{ status: string; error: { code: string } }>(await reply(agent, room.id, "while off"));
    expect(failed).toMatchObject({ status: "failed", error: { code: "channel_disconnected" } });
    const back = await call("/api/channels/ch_demo_whatsapp", {
      method: "PATCH",
      cookie: admin,
      body: { connected: true },
    });
    expect(await json(back)).toMatchObject({ connected: true });
    expect((await json<{ id: string }>(await call(`/api/rooms/${room.id}`, { cookie: agent }))).id).toBe(room.id);
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual(["hello", "while off"]);
    const again = await json(await reply(agent, room.id, "back again"));
    expect(again).toMatchObject({ status: "sent" });
  });

  it("validates every field", async () => {
    const res = await call("/api/channels", {
      cookie: admin,
      body: { ...newChannel, phoneNumberId: "abc", appSecret: "" },
    });
    const body = (await expectProblem(res, 400, "validation_failed")) as unknown as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(["appSecret", "phoneNumberId"]);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM channels WHERE name = 'Second number'").first();
    expect(count?.n).toBe(1);
  });
});
