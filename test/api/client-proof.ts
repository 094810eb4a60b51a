/**
 * Issue 18, item 2: an integrator's program written against the client generated from
 * /api/openapi.json (swagger-typescript-api). The contract test generates the client, type-checks this
 * file against it (a renamed operation or a changed field fails here) and runs it against the Worker.
 */
import { Api } from "../../test-artifacts/api/client.js";

export interface Proof {
  roomsListed: number;
  roomId: string;
  templateStatus: string;
  campaignId: string;
  campaignRecipients: number;
}

export async function proveClient(baseUrl: string, secret: string, phone: string): Promise<Proof> {
  const api = new Api<string>({
    baseUrl,
    securityWorker: (key) => (key ? { headers: { Authorization: `Bearer ${key}` } } : {}),
  });
  api.setSecurityData(secret);
  const rooms = await api.rooms.listRooms({ view: "all", limit: 5 });
  const contact = await api.contacts.createContact({ phone, name: "Client Proof" });
  const started = await api.contacts.sendContactTemplate(contact.data.id, {
    channelId: "ch_demo_whatsapp",
    templateName: "order_update",
    language: "en",
    variables: ["Ayu", "A-1001"],
  });
  const campaign = await api.campaigns.createCampaign({
    name: `Client proof ${phone}`,
    templateId: "tpl_demo_order_update",
    phone,
    variables: [{ value: "Ayu" }, { value: "A-1002" }],
  });
  return {
    roomsListed: rooms.data.rooms.length,
    roomId: started.data.room.id,
    templateStatus: started.data.message.status,
    campaignId: campaign.data.id,
    campaignRecipients: campaign.data.total,
  };
}
