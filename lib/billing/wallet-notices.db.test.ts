import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { companies, users, wallets } from "@/db/schema";
import type { MailMessage } from "@/lib/mail";
import { enforceWalletMinimums } from "./wallet-limits";

const T0 = new Date("2026-07-01T08:00:00Z");
const db = () => getDb();
let walletId = "";

beforeAll(async () => {
  const [company, other] = await db().insert(companies).values([{ name: "Notice Co" }, { name: "Quiet Co" }]).returning();
  if (!company || !other) throw new Error("fixtures");
  await db()
    .insert(users)
    .values([
      { email: "admin@notice.example", role: "company_admin", companyId: company.id },
      { email: "gone@notice.example", role: "company_admin", companyId: company.id, active: false },
      { email: "user@notice.example", role: "end_user", companyId: company.id },
      { email: "admin@quiet.example", role: "company_admin", companyId: other.id },
    ]);
  const [wallet] = await db()
    .insert(wallets)
    .values([
      { companyId: company.id, currency: "EUR", balanceMicros: 5_000_000, minimumBalanceMinor: 0 },
      { companyId: other.id, currency: "EUR", balanceMicros: 5_000_000, minimumBalanceMinor: 0 },
    ])
    .returning();
  walletId = wallet?.id ?? "";
});

async function run(at = T0): Promise<MailMessage[]> {
  const sent: MailMessage[] = [];
  await enforceWalletMinimums({ db: db(), now: () => at, send: async (m) => void sent.push(m) });
  return sent;
}
const setBalance = (micros: number) => db().update(wallets).set({ balanceMicros: micros }).where(eq(wallets.id, walletId));

describe("wallet notices", () => {
  it("tells the company's active admins once each time the wallet falls below its minimum", async () => {
    expect(await run()).toEqual([]);
    await setBalance(-1_234_567);
    const sent = await run();
    expect(sent.map((m) => m.to)).toEqual(["admin@notice.example"]);
    expect(sent[0]?.subject).toBe("Your EUR wallet is below its minimum balance: PAYGO SIMs are being suspended");
    expect(sent[0]?.text).toContain("Notice Co's EUR wallet has a balance of -€0.01, below its minimum of €0.00.");
    // Still below: not told again.
    expect(await run()).toEqual([]);
    // Back at the minimum, then below again: told again.
    await setBalance(0);
    expect(await run()).toEqual([]);
    await setBalance(-1);
    expect((await run()).map((m) => m.to)).toEqual(["admin@notice.example"]);
  });

  it("sends one notice when two runs see the same fall at once", async () => {
    await setBalance(0);
    await run();
    await setBalance(-5);
    const [a, b] = await Promise.all([run(), run()]);
    expect([...(a ?? []), ...(b ?? [])].map((m) => m.to)).toEqual(["admin@notice.example"]);
  });
});
