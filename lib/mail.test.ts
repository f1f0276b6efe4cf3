import nodemailer from "nodemailer";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv, resetEnvForTests } from "./env";
import { deliverMail, sendMail, SMTP_TIMEOUTS, smtpSettings } from "./mail";

const MESSAGE = { to: "ana@example.com", subject: "Your invitation", text: "Choose a password: https://portal.example.com/invite/abc" };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("sending mail", () => {
  it("writes the whole message to the log when no SMTP server is configured", async () => {
    vi.stubEnv("SMTP_URL", "");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await sendMail(MESSAGE)).toBe("logged");
    const line = JSON.parse(String(log.mock.calls[0]?.[0])) as Record<string, unknown>;
    expect(line).toMatchObject({ level: "info", to: MESSAGE.to, subject: MESSAGE.subject, text: MESSAGE.text });
  });

  it("hands the message to the transport with the sender, recipient, subject and text", async () => {
    const transporter = nodemailer.createTransport({ jsonTransport: true });
    const send = vi.spyOn(transporter, "sendMail");
    await deliverMail(transporter, "SIM Portal <portal@example.com>", MESSAGE);
    const info = (await send.mock.results[0]?.value) as { message: string };
    const sent = JSON.parse(info.message) as { from: { address: string }; to: { address: string }[]; subject: string; text: string };
    expect(sent.from.address).toBe("portal@example.com");
    expect(sent.to.map((t) => t.address)).toEqual([MESSAGE.to]);
    expect(sent).toMatchObject({ subject: MESSAGE.subject, text: MESSAGE.text });
  });

  it("tries a temporary refusal once more but gives up on a permanent one", async () => {
    const transporter = nodemailer.createTransport({ jsonTransport: true });
    const send = vi.spyOn(transporter, "sendMail").mockRejectedValueOnce(Object.assign(new Error("try later"), { responseCode: 421 }));
    await deliverMail(transporter, "portal@example.com", MESSAGE);
    expect(send).toHaveBeenCalledTimes(2);

    send.mockReset().mockRejectedValue(Object.assign(new Error("no such user"), { responseCode: 550 }));
    await expect(deliverMail(transporter, "portal@example.com", MESSAGE)).rejects.toThrow("no such user");
    expect(send).toHaveBeenCalledTimes(1);
  });
});

describe("SMTP_URL", () => {
  it("gives the server URL with timeouts, and the sender from ?from= or no-reply at the host", () => {
    expect(smtpSettings("smtp://user:secret@mail.example.com:587?from=portal%40example.com")).toEqual({
      url: "smtp://user:secret@mail.example.com:587",
      from: "portal@example.com",
      timeouts: SMTP_TIMEOUTS,
    });
    expect(smtpSettings("smtps://mail.example.com").from).toBe("SIM Portal <no-reply@mail.example.com>");
    expect(SMTP_TIMEOUTS.connectionTimeout).toBeLessThanOrEqual(15_000);
  });

  it("refuses anything but an smtp:// or smtps:// URL at start-up, naming the variable", () => {
    expect(parseEnv({ SMTP_URL: "smtps://u:p@mail.example.com:465" }).SMTP_URL).toBe("smtps://u:p@mail.example.com:465");
    expect(() => parseEnv({ SMTP_URL: "mail.example.com:587" })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\//);
  });
});
