/**
 * How the email adapter sends: the one client of Cloudflare's `send_email` binding (`env.EMAIL`).
 * The development entry (`worker/dev/index.ts`) injects the sandbox's recording fake, so that tests
 * and the customer simulator see what was sent; production code never imports the sandbox.
 */
export type EmailSend = (message: EmailMessageBuilder) => Promise<EmailSendResult>;

let injected: ((env: Env) => EmailSend) | null = null;

/** Development only: send through `sendFor(env)` instead of the binding. */
export function injectEmailSender(sendFor: ((env: Env) => EmailSend) | null): void {
  injected = sendFor;
}

export function emailSender(env: Env): EmailSend {
  return injected ? injected(env) : (message) => env.EMAIL.send(message);
}
