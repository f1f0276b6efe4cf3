import { auditLog, type payments } from "@/db/schema";
import { systemAuditEntry, userAuditEntry } from "@/lib/audit";
import { lockPrepaidSim, refillAllowance } from "@/lib/billing/allowance";
import { appendWalletEntries } from "@/lib/billing/wallets";
import { MICROS_PER_MINOR } from "@/lib/money";
import type { Tx } from "@/lib/sims/sim-change";

export type Payment = typeof payments.$inferSelect;

// What a succeeded payment buys, applied in the transaction that marks it credited: the refill
// (data added, validity extended, a no-data or expiry suspension lifted), the wallet top-up, or
// nothing more for an invoice (it reads as paid from its payment). The ledgers' source keys name
// the payment, so even a second call could not credit twice. Returns why nothing could be
// credited, for staff to refund, or null.
export async function creditPayment(tx: Tx, payment: Payment, at: Date): Promise<string | null> {
  switch (payment.purpose) {
    case "refill":
      return creditRefill(tx, payment, at);
    case "wallet_top_up":
      if (!payment.walletId) return "The payment names no wallet.";
      await appendWalletEntries(tx, [
        {
          walletId: payment.walletId,
          kind: "top_up",
          amountMicros: payment.amountMinor * MICROS_PER_MINOR,
          sourceKey: `payment:${payment.id}`,
          occurredAt: at,
          note: "Card payment",
          createdBy: payment.createdBy,
        },
      ]);
      return null;
    default:
      return null;
  }
}

async function creditRefill(tx: Tx, payment: Payment, at: Date): Promise<string | null> {
  if (payment.simId === null || payment.packageDataBytes === null || payment.packageValidityDays === null) return "The payment names no SIM or package.";
  const sim = await lockPrepaidSim(tx, payment.simId);
  if (!sim) return "The SIM is no longer a live prepaid SIM, so the refill could not be added.";
  const result = await refillAllowance(tx, sim, { dataBytes: payment.packageDataBytes, validityDays: payment.packageValidityDays }, `payment:${payment.id}`, at);
  if (result.refilled) {
    const change = {
      action: "sim.refill_card",
      targetType: "sim",
      targetId: sim.iccid,
      companyId: sim.companyId,
      before: { dataLeftBytes: sim.dataLeftBytes, validUntil: sim.validUntil },
      after: { dataLeftBytes: result.dataLeftBytes, validUntil: result.validUntil, packageBytes: payment.packageDataBytes, packageDays: payment.packageValidityDays, resumed: result.resumed, payment: payment.id },
    };
    // The person who paid, when someone did; the system for an automatic refill.
    await tx.insert(auditLog).values(payment.createdBy ? userAuditEntry({ userId: payment.createdBy, requestId: null }, at, change) : systemAuditEntry(at, change));
  }
  return null;
}
