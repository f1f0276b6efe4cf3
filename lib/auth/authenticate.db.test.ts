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
});
