import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, users } from "@/db/schema";
import { setClockForTests } from "@/lib/clock";
import { authenticate } from "./authenticate";
import { hashPassword } from "./password";

const PASSWORD = "correct horse battery staple";
let activeId: string;

beforeAll(async () => {
  const db = getDb();
  const [company] = await db.insert(companies).values({ name: "Acme" }).returning();
  const passwordHash = await hashPassword(PASSWORD);
  const [active] = await db
    .insert(users)
    .values([
      { email: "admin@acme.example", role: "company_admin", companyId: company?.id, passwordHash },
      { email: "gone@acme.example", role: "company_admin", companyId: company?.id, passwordHash, active: false },
      { email: "burst@acme.example", role: "end_user", companyId: company?.id, passwordHash },
      { email: "other@acme.example", role: "end_user", companyId: company?.id, passwordHash },
    ])
    .returning();
  if (!active) throw new Error("fixture");
  activeId = active.id;
});

afterEach(() => setClockForTests(undefined));

describe("authenticate", () => {
  it("accepts the right password, whatever the e-mail's case", async () => {
    expect(await authenticate({ email: " Admin@ACME.example ", password: PASSWORD }, "10.0.0.1")).toEqual({ ok: true, userId: activeId });
  });

  it("gives the same answer for a wrong password, an unknown e-mail and a deactivated user", async () => {
    const answers = await Promise.all([
      authenticate({ email: "admin@acme.example", password: "nope" }, "10.0.0.2"),
      authenticate({ email: "nobody@acme.example", password: PASSWORD }, "10.0.0.2"),
      authenticate({ email: "gone@acme.example", password: PASSWORD }, "10.0.0.2"),
      authenticate({ email: "not an email", password: PASSWORD }, "10.0.0.2"),
    ]);
    expect(answers).toEqual(Array(4).fill({ ok: false, reason: "invalid" }));
  });

  it("throttles an e-mail after repeated failures, even with the right password, until the lock ends", async () => {
    setClockForTests(new Date("2026-11-26T12:00:00Z"));
    for (let i = 0; i < 5; i++) await authenticate({ email: "admin@acme.example", password: `wrong-${i}` }, `10.1.0.${i}`);
    expect(await authenticate({ email: "admin@acme.example", password: PASSWORD }, "10.2.0.1")).toEqual({ ok: false, reason: "throttled" });
    setClockForTests(new Date("2026-11-26T12:16:00Z"));
    expect(await authenticate({ email: "admin@acme.example", password: PASSWORD }, "10.2.0.1")).toEqual({ ok: true, userId: activeId });
  });

  it("lets a burst of parallel guesses through no more often than a sequence", async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => authenticate({ email: "burst@acme.example", password: `guess-${i}` }, `10.3.0.${i}`)),
    );
    expect(answers.filter((a) => !a.ok && a.reason === "invalid")).toHaveLength(5);
    expect(answers.filter((a) => !a.ok && a.reason === "throttled")).toHaveLength(7);
  });

  it("does not lock everyone out when client addresses are unknown", async () => {
    for (let i = 0; i < 35; i++) await authenticate({ email: `nobody-${i}@acme.example`, password: "x" }, null);
    const result = await authenticate({ email: "other@acme.example", password: PASSWORD }, null);
    expect(result.ok).toBe(true);
  });
});
