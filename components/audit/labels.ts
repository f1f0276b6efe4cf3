import type { AuditActor } from "@/db/queries/audit";

// Human labels for the action codes the writers use; an unknown code is shown as it is, so a new
// writer never breaks the page. New writers add their codes here (and they appear in the
// action filter's suggestions).
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  "sim.activate": "SIM activation requested",
  "sim.suspend": "SIM suspend requested",
  "sim.resume": "SIM resume requested",
  "sim.swap": "SIM swap requested",
  "sim.swap.completed": "SIM swap completed",
  "sim.swap.retired": "SIM retired by a swap",
  "sim.note": "SIM note changed",
  "sim.dormant": "SIM deactivated as dormant",
  "sim.product": "SIM plan or company changed",
  "sim.store_use": "SIM store use changed",
  "sim.end_user": "SIM end user changed",
  "sim.labels": "SIM labels changed",
  "sim.refill": "SIM refilled without payment",
  "sims.import": "SIMs imported",
  "label.create": "Label created",
  "label.update": "Label changed",
  "label.delete": "Label deleted",
  "plan.rename": "Plan renamed",
  "plan.create": "Plan created",
  "plan.update": "Plan terms changed",
  "plan.version": "Plan versioned (new terms)",
  "plan.retire": "Plan retired",
  "plan.unretire": "Plan back on sale",
  "company.create": "Company created",
  "company.update": "Company changed",
  "user.invite": "User invited",
  "user.invite_accepted": "Invitation accepted",
  "user.create": "User created",
  "user.role": "User role changed",
  "user.deactivate": "User deactivated",
  "user.reactivate": "User reactivated",
  "operator.update": "Operator settings changed",
  "invoice.issue": "Invoice issued",
  "invoice.credit": "Invoice credited",
  "wallet.open": "Wallet opened",
  "wallet.minimum": "Wallet minimum balance changed",
  "wallet.top_up": "Wallet top-up recorded",
  "wallet.adjustment": "Wallet adjustment recorded",
  "sim.refill_card": "SIM refilled by card",
  "sim.auto_refill": "SIM auto-refill changed",
  "payment_card.add": "Card saved",
  "payment_card.remove": "Card removed",
  "payment_customer.invoice_card": "Invoice card changed",
  "payment.refund": "Payment refunded",
  seed: "Demo data seeded",
};

export const TARGET_TYPE_LABELS: Readonly<Record<string, string>> = {
  sim: "SIM",
  label: "Label",
  company: "Company",
  user: "User",
  plan: "Plan",
  import: "Import",
  operator: "Operator",
  invoice: "Invoice",
  wallet: "Wallet",
  payment: "Payment",
  payment_card: "Card",
  payment_customer: "Payer",
  database: "Database",
};

export function actionLabel(action: string): string | null {
  return ACTION_LABELS[action] ?? null;
}

export function targetTypeLabel(type: string): string {
  return TARGET_TYPE_LABELS[type] ?? type;
}

export function actorLabel(actor: AuditActor): string {
  switch (actor.kind) {
    case "user":
      return actor.email;
    case "staff":
      return "Platform staff";
    case "system":
      return "System";
    case "operator":
      return "Operator";
    case "rule":
      return "Automation rule";
    case "unknown_user":
      return "Unknown user";
  }
}
