import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { auditLog, operators, plans, users } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { renamePlan } from "./rename";

const T0 = new Date("2026-03-10T12:00:00Z");
const db = () => getDb();
const staff: Viewer = { userId: "", email: "staff@example.com", name: null, role: "staff", companyId: null, companyName: null };
const GENERATED = "Orange Test Prepaid 5 GB / 30 days · €15.00";
let planId = "";

beforeAll(async () => {
  const [op] = await db().insert(operators).values({ name: "Orange Test", countryCode: "ES", currency: "EUR" }).returning();
  const [s] = await db().insert(users).values({ email: "staff@example.com", role: "staff" }).returning();
  if (!op || !s) throw new Error("fixtures");
  staff.userId = s.id;
  const [plan] = await db()
    .insert(plans)
    .values({ operatorId: op.id, type: "prepaid", currency: "EUR", priceMinor: 1500, dataBytes: 5_000_000_000, validityDays: 30 })
    .returning();
  planId = plan?.id ?? "";
});

const customNameOf = async () => (await db().select({ customName: plans.customName }).from(plans).where(eq(plans.id, planId)))[0]?.customName;
const entries = () => db().select().from(auditLog).where(eq(auditLog.targetId, planId)).orderBy(asc(auditLog.id));

describe("renaming a plan", () => {
  it("gives it a custom name, trimmed, audited with before and after; the same name again changes nothing", async () => {
    expect(await renamePlan(staff, planId, "  Traveller 5 GB  ", T0)).toEqual({ changed: true, name: "Traveller 5 GB" });
    expect(await customNameOf()).toBe("Traveller 5 GB");
    expect(await entries()).toEqual([
      expect.objectContaining({
        action: "plan.rename",
        targetType: "plan",
        actorUserId: staff.userId,
        companyId: null,
        before: { customName: null, name: GENERATED },
        after: { customName: "Traveller 5 GB", name: "Traveller 5 GB" },
      }),
    ]);
    expect(await renamePlan(staff, planId, "Traveller 5 GB", T0)).toEqual({ changed: false, name: "Traveller 5 GB" });
    expect(await entries()).toHaveLength(1);
  });

  it("goes back to the generated name when cleared", async () => {
    await renamePlan(staff, planId, "Something", T0);
    expect(await renamePlan(staff, planId, "   ", T0)).toEqual({ changed: true, name: GENERATED });
    expect(await customNameOf()).toBeNull();
    const last = (await entries()).at(-1);
    expect(last).toMatchObject({ before: { customName: "Something" }, after: { customName: null, name: GENERATED } });
  });

  it("refuses a name too long or with control characters, an unknown plan and anyone but staff, and nothing changes", async () => {
    await renamePlan(staff, planId, "Kept", T0);
    const count = (await entries()).length;
    await expect(renamePlan(staff, planId, "x".repeat(81), T0)).rejects.toMatchObject({ code: "invalid_input", userMessage: expect.stringMatching(/at most 80/) });
    await expect(renamePlan(staff, planId, "two\nlines", T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(renamePlan(staff, "00000000-0000-4000-8000-000000000000", "x", T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(renamePlan(staff, "not-a-plan", "x", T0)).rejects.toMatchObject({ code: "not_found" });
    await expect(renamePlan({ ...staff, role: "company_admin" }, planId, "Mine", T0)).rejects.toMatchObject({ code: "forbidden" });
    await expect(renamePlan({ ...staff, role: "end_user" }, planId, "Mine", T0)).rejects.toMatchObject({ code: "forbidden" });
    expect(await customNameOf()).toBe("Kept");
    expect(await entries()).toHaveLength(count);
  });

  it("accepts exactly 80 characters", async () => {
    const name = "y".repeat(80);
    expect(await renamePlan(staff, planId, name, T0)).toMatchObject({ changed: true, name });
  });
});
