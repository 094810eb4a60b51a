import type { Db } from "../db/client";
import { storeMail } from "../db/mail-outbox";
import { isDevelopment } from "../lib/env";
import { log } from "../lib/log";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** The one way the platform sends email. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Development: mail lands in the outbox table, readable at GET /api/dev/outbox. */
export function outboxMailer(db: Db): Mailer {
  return {
    async send(mail) {
      await storeMail(db, mail);
    },
  };
}

/** Production: Cloudflare Email Service through the `EMAIL` send_email binding. */
export function cloudflareMailer(binding: SendEmail, from: string): Mailer {
  return {
    async send(mail) {
      await binding.send({ from, to: mail.to, subject: mail.subject, text: mail.text });
      log("info", "mail.sent", { subject: mail.subject });
    },
  };
}

export function mailerFor(env: Env, db: Db): Mailer {
  return isDevelopment(env) ? outboxMailer(db) : cloudflareMailer(env.EMAIL, env.MAIL_FROM);
}
