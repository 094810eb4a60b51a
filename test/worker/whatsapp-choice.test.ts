// A choice (rule R3's rating question) as Meta's `interactive` body: reply buttons up to three options,
// else a list, with Meta's title limits; the sandbox's Graph API accepts both, as Meta does.
import { describe, expect, it } from "vitest";
import { graphMessageBody } from "../../worker/channels/whatsapp/graph-payloads";
import { parseSend } from "../../worker/sandbox/graph";

const choice = (n: number) => ({
  kind: "choice" as const,
  to: "6281234567890",
  text: "How did we do?",
  button: "Rate us",
  options: Array.from({ length: n }, (_, i) => ({
    id: `csat:room-1:${i + 1}`,
    title: `${i + 1} - a title longer than twenty-four`,
  })),
});

describe("a choice sent through WhatsApp", () => {
  it("is reply buttons for up to three options, titles cut to 20 characters", () => {
    const body = graphMessageBody(choice(3));
    expect(body.type).toBe("interactive");
    const interactive = body.interactive as {
      type: string;
      action: { buttons: { reply: { id: string; title: string } }[] };
    };
    expect(interactive.type).toBe("button");
    expect(interactive.action.buttons.map((b) => b.reply.id)).toEqual([
      "csat:room-1:1",
      "csat:room-1:2",
      "csat:room-1:3",
    ]);
    expect(interactive.action.buttons.every((b) => b.reply.title.length <= 20)).toBe(true);
    expect(parseSend(body).kind).toBe("message");
  });

  it("is a list for more, row titles cut to 24 characters", () => {
    const body = graphMessageBody(choice(5));
    const interactive = body.interactive as {
      type: string;
      body: { text: string };
      action: { button: string; sections: { rows: { id: string; title: string }[] }[] };
    };
    expect(interactive.type).toBe("list");
    expect(interactive.body.text).toBe("How did we do?");
    expect(interactive.action.button).toBe("Rate us");
    const rows = interactive.action.sections[0]?.rows ?? [];
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.title.length <= 24)).toBe(true);
    expect(parseSend(body).kind).toBe("message");
  });

  it("is refused by the sandbox, as by Meta, with too many buttons or a row title too long", () => {
    const buttons = { ...graphMessageBody(choice(3)) };
    const interactive = buttons.interactive as { action: { buttons: unknown[] } };
    interactive.action.buttons = [...interactive.action.buttons, { type: "reply", reply: { id: "x", title: "x" } }];
    expect(parseSend(buttons).kind).toBe("error");
    const list = graphMessageBody(choice(5));
    const rows = (list.interactive as { action: { sections: { rows: { title: string }[] }[] } }).action.sections[0]
      ?.rows;
    if (rows?.[0]) rows[0].title = "x".repeat(25);
    expect(parseSend(list).kind).toBe("error");
  });
});
