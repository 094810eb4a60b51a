/**
 * Availability, automatic assignment and the team's loads (rule I12), and the profile page (issue 17
 * item 7) for the web app. Types come from the worker's zod schemas (type-only imports), as in api.ts.
 */
import type { z } from "@hono/zod-openapi";
import type {
  AssignmentSettings,
  Availability,
  MyAvailabilitySchema,
  TeamLoad,
  TeamLoadMember,
} from "../../worker/schemas/assignment";
import type { Me } from "../../worker/schemas/identity";
import type { Preferences, UpdateProfileBodySchema } from "../../worker/schemas/profile";
import { authed } from "./http";

export type { AssignmentSettings, Availability, Preferences, TeamLoadMember };
export type ProfileChange = z.input<typeof UpdateProfileBodySchema>;

export const profileApi = {
  setAvailability: (availability: Availability) =>
    authed<z.infer<typeof MyAvailabilitySchema>>("PUT", "/api/me/availability", { availability }),
  updateProfile: (change: ProfileChange) => authed<Me>("PATCH", "/api/me", change),
  assignmentSettings: () => authed<AssignmentSettings>("GET", "/api/settings/assignment"),
  saveAssignmentSettings: (settings: AssignmentSettings) =>
    authed<AssignmentSettings>("PUT", "/api/settings/assignment", settings),
  teamLoad: () => authed<TeamLoad>("GET", "/api/team/availability"),
};
