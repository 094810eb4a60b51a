import { z } from "@hono/zod-openapi";
import { AVAILABILITIES, MAX_OPEN_PER_AGENT_LIMIT } from "../domain/assignment";
import { RoleSchema } from "./identity";

/** Rule I12: availability, automatic assignment and the team's loads. */
export const AvailabilitySchema = z.enum(AVAILABILITIES).openapi("Availability");
export type Availability = z.infer<typeof AvailabilitySchema>;

export const AvailabilityBodySchema = z
  .object({ availability: AvailabilitySchema })
  .strict()
  .openapi("SetAvailability");
export const MyAvailabilitySchema = z
  .object({
    availability: AvailabilitySchema.openapi({ description: "What you chose" }),
    effective: AvailabilitySchema.openapi({
      description: "What others see: your choice while the inbox is open in a browser, else offline",
    }),
  })
  .openapi("MyAvailability");

export const AssignmentSettingsSchema = z
  .object({
    enabled: z.boolean().openapi({ description: "New rooms go to online agents in turn" }),
    maxOpenPerAgent: z
      .number()
      .int()
      .min(1)
      .max(MAX_OPEN_PER_AGENT_LIMIT)
      .openapi({ description: "An agent holding this many open rooms is skipped", example: 5 }),
  })
  .strict()
  .openapi("AssignmentSettings");
export type AssignmentSettings = z.infer<typeof AssignmentSettingsSchema>;

export const TeamLoadSchema = z
  .object({
    members: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: RoleSchema,
        availability: AvailabilitySchema.openapi({ description: "As others see it (offline without an open inbox)" }),
        chosen: AvailabilitySchema.openapi({ description: "What the person chose" }),
        connected: z.boolean().openapi({ description: "The inbox is open in a browser now" }),
        openRooms: z.number().int().openapi({ description: "Assigned, unresolved rooms" }),
      }),
    ),
  })
  .openapi("TeamLoad");
export type TeamLoad = z.infer<typeof TeamLoadSchema>;
export type TeamLoadMember = TeamLoad["members"][number];
