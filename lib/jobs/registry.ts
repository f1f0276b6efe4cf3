import { getDb } from "@/db";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";
import { runDormancy } from "@/lib/billing/dormancy";
import { issueInvoices } from "@/lib/billing/invoices";
import { enforcePrepaidLimits } from "@/lib/billing/prepaid-limits";
import { enforceWalletMinimums } from "@/lib/billing/wallet-limits";
import { runAutoRefills } from "@/lib/payments/auto-refill-job";
import { chargeIssuedInvoices } from "@/lib/payments/invoice-charges";
import { reconcilePayments } from "@/lib/payments/reconcile";
import { runBulkJobs } from "@/lib/sims/bulk/run";
import { runSimOperations } from "@/lib/sims/operations-job";
import { SYNC_JOB, syncAllOperators } from "@/operators/sync";

// Every cron job by the name in its URL (/api/cron/<job>), given the URL's query. Each returns a
// JSON-able summary.
export const JOBS: Record<string, (query: URLSearchParams) => Promise<unknown>> = {
  // ?operator=<id> (repeatable) syncs only those operators. New usage may take prepaid SIMs below
  // their auto-refill threshold: they are charged right after.
  [SYNC_JOB]: async (query) => ({
    operators: await syncAllOperators({ db: getDb(), now, operatorIds: operatorIdsOf(query) }),
    autoRefill: await runAutoRefills({ db: getDb(), now }),
  }),
  "run-operations": async () => ({ operations: await runSimOperations({ db: getDb(), now }) }),
  "run-bulk-actions": async () => ({ bulk: await runBulkJobs({ db: getDb(), now }) }),
  "enforce-prepaid-limits": async () => ({ prepaid: await enforcePrepaidLimits({ db: getDb(), now }) }),
  "enforce-wallet-minimums": async () => ({ wallets: await enforceWalletMinimums({ db: getDb(), now }) }),
  // Daily is enough; more often is harmless (one warning per refill, one deactivation).
  dormancy: async () => ({ dormancy: await runDormancy({ db: getDb(), now }) }),
  "issue-invoices": async () => ({ invoices: await issueInvoices({ db: getDb(), now }), charged: await chargeIssuedInvoices({ db: getDb(), now }) }),
  "auto-refill": async () => ({ autoRefill: await runAutoRefills({ db: getDb(), now }) }),
  "reconcile-payments": async () => ({ payments: await reconcilePayments({ db: getDb(), now }) }),
};

function operatorIdsOf(query: URLSearchParams): string[] | undefined {
  const ids = query.getAll("operator");
  if (ids.length === 0) return undefined;
  if (!ids.every(isUuid)) throw new AppError("invalid_input", "operator must be an operator id (a UUID)");
  return ids;
}

export function jobNamed(name: string): ((query: URLSearchParams) => Promise<unknown>) | undefined {
  return Object.hasOwn(JOBS, name) ? JOBS[name] : undefined;
}
