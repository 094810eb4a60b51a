/**
 * Each room's call permission (rules C2, C3), as last read, requested, or told by the inbox socket
 * (`call.permission`, when the customer answers or changes their answer).
 */
import { signal } from "@preact/signals";
import { type CallPermissionView, callsApi } from "../api-calls";

export const permissions = signal<ReadonlyMap<string, CallPermissionView>>(new Map());

export function notePermission(permission: CallPermissionView) {
  const next = new Map(permissions.value);
  next.set(permission.roomId, permission);
  permissions.value = next;
}

export async function loadPermission(roomId: string): Promise<void> {
  notePermission(await callsApi.permission(roomId));
}

/** C2: an open window, at most 1 a day and 2 a week (the API refuses the rest with its reason). */
export async function requestPermission(roomId: string): Promise<void> {
  notePermission(await callsApi.requestPermission(roomId));
}

export function resetPermissions() {
  permissions.value = new Map();
}
