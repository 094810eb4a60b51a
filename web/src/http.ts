/**
 * How the web app talks to the API: one request function, one error type (the API's problem
 * details), and the session-ended signal for 401s. The typed calls are in api.ts.
 */
import type { ProblemBody } from "../../worker/schemas/problem";

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

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extra?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...extra };
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network_error", "The server could not be reached.");
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function toApiError(response: Response): Promise<ApiError> {
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

/** Tells the session state that a request answered 401 (for requests not made through `authed`). */
export function sessionEnded() {
  onUnauthenticated?.();
}

/** Requests that need a session: a 401 here means the session ended, and the app signs the user out. */
export async function authed<T>(
  method: Method,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  try {
    return await request<T>(method, path, body, headers);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) onUnauthenticated?.();
    throw error;
  }
}

/**
 * A multipart POST that reports upload progress (XMLHttpRequest is the one browser API that does);
 * its failures become the same ApiError as every other call.
 */
export function uploadForm<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "The server could not be reached."));
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as T);
        return;
      }
      if (xhr.status === 401) sessionEnded();
      const headers = new Headers({ "content-type": xhr.getResponseHeader("content-type") ?? "" });
      reject(await toApiError(new Response(xhr.responseText, { status: xhr.status, headers })));
    };
    xhr.send(form);
  });
}

/** `?a=1&b=x` of the parameters that have a value (none: ""). */
export const q = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
};
export const enc = encodeURIComponent;
