import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { channelById, channelsByConfig, openChannel, sealChannelSecrets } from "../../worker/db/channels";
import { createDb } from "../../worker/db/client";

/**
 * Migration 0009 (issue 10): channels get a provider key and a per-kind JSON config. Run on a
 * database as it stood at 0008, with a channel, its room and its template, it keeps every one of
 * them, and every secret. (Storage is per test file: this file rebuilds its own database.)
 * Rule G7: 0009 leaves the secrets in plaintext (a migration cannot run WebCrypto); the hourly
 * re-seal seals them in place, and the channel keeps its id, rooms, templates and secrets.
 */
const KIND_CONFIG = "0009_channel_kind_config.sql";

async function databaseAt0008() {
  // Children before parents: newest tables first, and again for what a foreign key held back.
  for (let pass = 0; pass < 5; pass++) {
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid DESC",
    ).all<{ name: string }>();
    if (tables.results.length === 0) break;
    for (const { name } of tables.results)
      await env.DB.prepare(`DROP TABLE "${name}"`)
        .run()
        .catch(() => null);
  }
  const upTo = env.TEST_MIGRATIONS.findIndex((m) => m.name === KIND_CONFIG);
  expect(upTo).toBeGreaterThan(0);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.slice(0, upTo));
}

describe("migration 0009: channel kind and config", () => {
  it("keeps every channel, room, template and secret", async () => {
    await databaseAt0008();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO organizations (id, name) VALUES ('org_m', 'Migrated')"),
      env.DB.prepare(
        `INSERT INTO channels (id, organization_id, kind, name, phone_number_id, display_phone_number, waba_id,
           access_token, app_secret, verify_token, meta_app_id, connected, updated_at)
         VALUES ('ch_m', 'org_m', 'whatsapp', 'Old number', '100000000000555', '+62 811 555', '200000000000555',
           'old-access-token', 'old-app-secret', 'old-verify-token', '300000000000555', 0, 7)`,
      ),
      env.DB.prepare("INSERT INTO contacts (id, organization_id, external_id) VALUES ('ct_m', 'org_m', '6281')"),
      env.DB.prepare(
        `INSERT INTO rooms (id, organization_id, channel_id, contact_id, last_message_at, opened_at)
         VALUES ('rm_m', 'org_m', 'ch_m', 'ct_m', 1, 1)`,
      ),
      env.DB.prepare(
        `INSERT INTO templates (id, organization_id, channel_id, name, language, category, components)
         VALUES ('tp_m', 'org_m', 'ch_m', 'hello', 'en', 'UTILITY', '[]')`,
      ),
    ]);
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

    expect(await channelById(createDb(env.DB), "ch_m")).toMatchObject({
      organizationId: "org_m",
      kind: "whatsapp",
      name: "Old number",
      providerKey: "100000000000555",
      connected: false,
      updatedAt: 7,
      config: {
        displayPhoneNumber: "+62 811 555",
        wabaId: "200000000000555",
        accessToken: "old-access-token",
        appSecret: "old-app-secret",
        verifyToken: "old-verify-token",
        metaAppId: "300000000000555",
      },
    });
    const room = await env.DB.prepare("SELECT channel_id FROM rooms WHERE id = 'rm_m'").first();
    expect(room).toEqual({ channel_id: "ch_m" });
    const template = await env.DB.prepare("SELECT channel_id FROM templates WHERE id = 'tp_m'").first();
    expect(template).toEqual({ channel_id: "ch_m" });
    // The provider key stays unique per kind.
    const again = env.DB.prepare(
      "INSERT INTO channels (id, organization_id, kind, name, provider_key, config, updated_at) VALUES ('ch_2', 'org_m', 'whatsapp', 'Dup', '100000000000555', '{}', 0)",
    );
    await expect(again.run()).rejects.toThrow(/UNIQUE/);
  });

  it("is sealed in place by the re-seal, and keeps every secret, room and template (G7)", async () => {
    const db = createDb(env.DB);
    expect(await sealChannelSecrets(db)).toBe(1);
    const raw = await env.DB.prepare("SELECT config, updated_at FROM channels WHERE id = 'ch_m'").first<{
      config: string;
      updated_at: number;
    }>();
    for (const secret of ["old-access-token", "old-app-secret", "old-verify-token"]) {
      expect(raw?.config).not.toContain(secret);
    }
    expect(raw?.updated_at).toBe(7);
    const sealed = await channelById(db, "ch_m");
    if (!sealed) throw new Error("channel gone");
    expect((await openChannel(sealed)).config).toEqual({
      displayPhoneNumber: "+62 811 555",
      wabaId: "200000000000555",
      accessToken: "old-access-token",
      appSecret: "old-app-secret",
      verifyToken: "old-verify-token",
      metaAppId: "300000000000555",
    });
    // Meta's handshake still finds it by its verify token, now through the lookup digest.
    expect((await channelsByConfig(db, "whatsapp", "verifyToken", ["old-verify-token"])).map((c) => c.id)).toEqual([
      "ch_m",
    ]);
    expect(await env.DB.prepare("SELECT channel_id FROM rooms WHERE id = 'rm_m'").first()).toEqual({
      channel_id: "ch_m",
    });
    expect(await env.DB.prepare("SELECT channel_id FROM templates WHERE id = 'tp_m'").first()).toEqual({
      channel_id: "ch_m",
    });
    expect(await sealChannelSecrets(db)).toBe(0);
  });
});
