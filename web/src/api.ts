/**
 * The one HTTP client of the web app: JSON in, JSON out, the session cookie sent along, and every
 * failure turned into an ApiError that carries the problem `code` of the API.
 *
 * Types come from the worker's schemas as type-only imports, so none of zod reaches the bundle.
 */
import type { Me } from "../../worker/schemas/identity";
import type { ProblemBody } from "../../worker/schemas/problem";

export type { Me, Organization, Role, User } from "../../worker/schemas/identity";
export type FieldError = NonNullable<ProblemBody["errors"]>[number];

/** A failed request: the API's problem details, or a stand-in when the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** From the Retry-After header of a 429, in seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string, detail: string, errors: FieldError[] = [], retryAfterSeconds?: number) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Set by the session state: called when any request answers 401, i.e. the session has ended. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get("Retry-After"));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  let problem: Partial<ProblemBody> = {};
  try {
    problem = (await response.json()) as Partial<ProblemBody>;
  } catch {
    // Not a problem document (a proxy's error page, say): fall back to the status alone.
  }
  return new ApiError(
    response.status,
    typeof problem.code === "string" ? problem.code : `http_${response.status}`,
    typeof problem.detail === "string" ? problem.detail : response.statusText,
    Array.isArray(problem.errors) ? problem.errors : [],
    retryAfterSeconds,
  );
}

/** Requests that need a session: a 401 here means the session ended, and the app signs the user out. */
async function authed<T>(method: Method, path: string, body?: unknown): Promise<T> {
  try {
    return await request<T>(method, path, body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) onUnauthenticated?.();
    throw error;
  }
}

export const api = {
  /** The signed-in user, or an ApiError with status 401 when there is no session. */
  me: () => request<Me>("GET", "/api/me"),
  login: (email: string, password: string) => request<Me>("POST", "/api/auth/login", { email, password }),
  logout: () => authed<void>("POST", "/api/auth/logout"),
  switchOrganization: (organizationId: string) => authed<Me>("POST", "/api/auth/switch", { organizationId }),
  /** Always accepted: the API does not reveal whether the email has an account. */
  forgotPassword: (email: string) => request<void>("POST", "/api/auth/password/forgot", { email }),
  resetPassword: (token: string, newPassword: string) =>
    request<void>("POST", "/api/auth/password/reset", { token, newPassword }),
  changePassword: (currentPassword: string, newPassword: string) =>
    authed<void>("PUT", "/api/me/password", { currentPassword, newPassword }),
};
