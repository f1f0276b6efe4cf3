import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// Outgoing e-mail. With SMTP_URL set it goes to that server; without it (a laptop, the tests) the
// message is written to the log instead, so an invitation link is never lost in development.

export type MailMessage = { to: string; subject: string; text: string };
// "sent": accepted by the SMTP server; "logged": no server configured, written to the log.
export type MailDelivery = "sent" | "logged";

// A dead or slow server must not hold a request (or a bulk batch) for minutes: nodemailer's own
// defaults are 2 minutes to connect and 10 minutes of socket idle time.
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;
const ATTEMPTS = 2;
const RETRY_DELAY_MS = 500;

export type SmtpSettings = { url: string; from: string; timeouts: typeof SMTP_TIMEOUTS };

// smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. An optional
// ?from=portal@example.com names the sender; otherwise no-reply at the server's own domain.
export function smtpSettings(smtpUrl: string): SmtpSettings {
  const url = new URL(smtpUrl);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("SMTP_URL must be an smtp:// or smtps:// URL");
  const from = url.searchParams.get("from")?.trim() || `SIM Portal <no-reply@${url.hostname}>`;
  url.searchParams.delete("from");
  return { url: url.toString(), from, timeouts: SMTP_TIMEOUTS };
}

let cached: { smtpUrl: string; transporter: Transporter; from: string } | undefined;

function smtpTransport(smtpUrl: string): { transporter: Transporter; from: string } {
  if (cached?.smtpUrl !== smtpUrl) {
    const settings = smtpSettings(smtpUrl);
    cached = { smtpUrl, transporter: nodemailer.createTransport({ url: settings.url, ...settings.timeouts }), from: settings.from };
  }
  return cached;
}

// Sends through any nodemailer transport: the SMTP one in production, a JSON or stream one in
// tests. A connection failure or a temporary (4xx) refusal is tried once more; a permanent (5xx)
// refusal, such as an unknown recipient, is not.
export async function deliverMail(transporter: Transporter, from: string, message: MailMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (0.5 + Math.random())));
    }
  }
}

function isTransient(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "responseCode" in error ? Number(error.responseCode) : NaN;
  return Number.isNaN(code) || (code >= 400 && code < 500);
}

// Throws when the server cannot be reached or refuses the message: the caller decides whether
// that fails its request or is only reported (an invitation link is also shown on screen).
export async function sendMail(message: MailMessage): Promise<MailDelivery> {
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl) {
    logger.info("mail not sent: SMTP_URL is not set", { to: message.to, subject: message.subject, text: message.text });
    return "logged";
  }
  const { transporter, from } = smtpTransport(smtpUrl);
  await deliverMail(transporter, from, message);
  logger.info("mail sent", { to: message.to, subject: message.subject });
  return "sent";
}
