import { eq } from "drizzle-orm";
import { creditTopup, currentAccount } from "../features/billing/service";
import { hashPassword } from "../lib/crypto";
import { insertChannelQuery, updateChannel } from "./channels";
import type { Db } from "./client";
import {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_SECRET,
  SANDBOX_DEMO_TEMPLATE,
  SANDBOX_DISPLAY_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_VERIFY_TOKEN,
  SANDBOX_WABA_ID,
} from "./demo-channel";
import { channels, organizations, type Role } from "./schema";
import { packages } from "./schema-billing";
import { identities, memberships } from "./schema-identity";
import { templates } from "./schema-templates";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_ORGANIZATION = { id: "org_demo", name: "Demo Store", timeZone: "Asia/Jakarta" };
export const DEMO_USERS: ReadonlyArray<{ id: string; email: string; name: string; role: Role }> = [
  { id: "usr_demo_admin", email: "admin@demo.test", name: "Ayu Admin", role: "admin" },
  { id: "usr_demo_supervisor", email: "supervisor@demo.test", name: "Sari Supervisor", role: "supervisor" },
  { id: "usr_demo_agent", email: "agent@demo.test", name: "Budi Agent", role: "agent" },
  { id: "usr_demo_agent2", email: "agent2@demo.test", name: "Dewi Agent", role: "agent" },
];

/** Rule A1 in the demo: Sari Supervisor also runs a second store, as its admin, with the same password. */
export const DEMO_SECOND_ORGANIZATION = { id: "org_demo_bali", name: "Demo Store Bali", timeZone: "Asia/Makassar" };

/** The demo tenant's WhatsApp number, served by the sandbox provider. */
export const DEMO_CHANNEL = {
  id: "ch_demo_whatsapp",
  organizationId: DEMO_ORGANIZATION.id,
  kind: "whatsapp" as const,
  name: "Demo Store WhatsApp",
  providerKey: SANDBOX_PHONE_NUMBER_ID,
  config: {
    displayPhoneNumber: SANDBOX_DISPLAY_NUMBER,
    wabaId: SANDBOX_WABA_ID,
    accessToken: SANDBOX_ACCESS_TOKEN,
    appSecret: SANDBOX_APP_SECRET,
    verifyToken: SANDBOX_VERIFY_TOKEN,
    metaAppId: null,
  },
};

export const DEMO_TEMPLATE = {
  id: "tpl_demo_order_update",
  organizationId: DEMO_ORGANIZATION.id,
  channelId: DEMO_CHANNEL.id,
  name: "order_update",
  language: "en",
  category: "UTILITY" as const,
  status: "APPROVED" as const,
  providerTemplateId: SANDBOX_DEMO_TEMPLATE.id,
  components: [
    { type: "BODY", text: "Hi {{1}}, your order {{2}} has shipped.", example: { body_text: [["Ayu", "A-1001"]] } },
  ],
};

/** Issue "Billing": the demo tenant's package (B1, B4 default prices) and starting voice balance. */
export const DEMO_PACKAGE = {
  organizationId: DEMO_ORGANIZATION.id,
  monthlyConversationCredit: 1_000,
  muvQuota: 1_000,
  packageBalance: 100_000,
};
export const DEMO_VOICE_BALANCE = 50_000;

/** Issue 16, item 7: the demo webchat widget's public id (the sandbox's host page embeds it). */
export const DEMO_WIDGET_ID = "wc_demo_store";

/**
 * Rule G2: the demo tenant's webchat widget, whose domain is the sandbox host page's origin
 * (`http://localhost:<port>`, worker/sandbox/webchat-page.ts). Development only; the domain follows
 * the port the server runs on.
 */
export async function seedDemoWidget(db: Db, domain: string): Promise<void> {
  const config = { domain, identitySecret: "whs_demo_identity_secret", visitorKey: "demo-visitor-key" };
  const values = {
    id: "ch_demo_webchat",
    organizationId: DEMO_ORGANIZATION.id,
    kind: "webchat" as const,
    name: "Demo Store website chat",
    providerKey: DEMO_WIDGET_ID,
    config,
  };
  await (await insertChannelQuery(db, values, Date.now())).query;
  const [row] = await db.select().from(channels).where(eq(channels.id, values.id));
  if (row && (row.config as { domain?: string }).domain !== domain) {
    await updateChannel(db, DEMO_ORGANIZATION.id, values.id, { config: { ...row.config, domain } as typeof config });
  }
}

/** The demo tenant (development only). Idempotent: rows that exist are left as they are. */
export async function seedDemoTenant(db: Db): Promise<{ organization: string; users: string[] }> {
  const now = Date.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Rule G7: the demo channel's secrets are sealed like any other channel's.
  const channel = (await insertChannelQuery(db, DEMO_CHANNEL, now)).query;
  await db.batch([
    db.insert(organizations).values([DEMO_ORGANIZATION, DEMO_SECOND_ORGANIZATION]).onConflictDoNothing(),
    db
      .insert(identities)
      .values(
        // Rule A1: the demo people chose their own passwords (the documented demo one): verified.
        DEMO_USERS.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          passwordHash,
          emailVerifiedAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing(),
    db
      .insert(memberships)
      .values([
        ...DEMO_USERS.map((u) => ({ organizationId: DEMO_ORGANIZATION.id, identityId: u.id, role: u.role })),
        { organizationId: DEMO_SECOND_ORGANIZATION.id, identityId: "usr_demo_supervisor", role: "admin" as const },
      ])
      .onConflictDoNothing(),
    channel,
    db.insert(templates).values(DEMO_TEMPLATE).onConflictDoNothing(),
    db
      .insert(packages)
      .values({ ...DEMO_PACKAGE, updatedAt: now })
      .onConflictDoNothing(),
  ]);
  const account = await currentAccount(db, DEMO_ORGANIZATION.id, now);
  if (account) await creditTopup(db, account, "voiceBalance", DEMO_VOICE_BALANCE, "demo-voice", now, "grant");
  return { organization: DEMO_ORGANIZATION.name, users: DEMO_USERS.map((u) => u.email) };
}
