import { csvRow } from "@/lib/csv";
import type { SimListItem } from "./list-item";

export const SIM_CSV_HEADER = [
  "iccid",
  "form_factor",
  "status",
  "in_session",
  "operator",
  "plan",
  "company",
  "end_user_email",
  "msisdn",
  "data_left_mb",
  "days_left",
  "this_month_mb",
  "note",
  "rules",
  "labels",
  "sim_type",
];

// The CSV shows what the table shows; "N/A" and "—" become empty where no value is known.
const value = (text: string) => (/^\d/.test(text) ? text.replace(/,/g, "") : "");

export function simCsvRow(sim: SimListItem): string {
  return csvRow([
    sim.iccid,
    sim.isEsim ? "esim" : "physical",
    sim.status,
    sim.inSession,
    sim.operator,
    sim.plan,
    sim.company,
    sim.endUserEmail,
    sim.msisdn,
    value(sim.dataLeft.text),
    value(sim.daysLeft.text),
    value(sim.thisMonth.text),
    sim.note,
    sim.rules.map((r) => r.name).join("; "),
    sim.labels.map((l) => l.name).join("; "),
    sim.simType,
  ]);
}
