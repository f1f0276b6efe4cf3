import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import * as schema from "@/db/schema";

const TABLES = {
  operators: schema.operators,
  companies: schema.companies,
  plans: schema.plans,
  users: schema.users,
  labels: schema.labels,
  rules: schema.rules,
  sims: schema.sims,
  sim_labels: schema.simLabels,
  sim_rules: schema.simRules,
  sim_status_history: schema.simStatusHistory,
  usage_records: schema.usageRecords,
  allowance_ledger: schema.allowanceLedger,
  wallets: schema.wallets,
  wallet_entries: schema.walletEntries,
  invoices: schema.invoices,
  invoice_lines: schema.invoiceLines,
  audit_log: schema.auditLog,
} satisfies Record<string, PgTable>;

export type TableName = keyof typeof TABLES;
export type TableCounts = Record<TableName, number>;

export async function countTables(db: Db): Promise<TableCounts> {
  const out = {} as TableCounts;
  for (const [name, table] of Object.entries(TABLES) as Array<[TableName, PgTable]>) {
    // ::int because PGlite and postgres-js return bigint counts differently.
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
    out[name] = Number(row?.n ?? 0);
  }
  return out;
}

export function formatCounts(before: TableCounts, after: TableCounts): string[] {
  return (Object.keys(after) as TableName[]).map((name) => {
    const added = after[name] - before[name];
    return `  ${name.padEnd(20)} ${after[name].toLocaleString("en-US").padStart(12)}${added > 0 ? `  (+${added.toLocaleString("en-US")})` : ""}`;
  });
}
