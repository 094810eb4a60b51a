/** Development turns on the sandbox provider, the dev outbox and the demo seed; nothing else does. */
export function isDevelopment(env: Env): boolean {
  return env.ENVIRONMENT === "development";
}
