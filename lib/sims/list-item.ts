import { planName, type PlanTerms } from "./plan-name";
import { type Cell, dataLeftCell, daysLeftCell, inSessionLabel, type SimFacts, thisMonthCell } from "./sim-view";

export type SimListRow = Omit<SimFacts, "planId"> & {
  id: number;
  iccid: string;
  formFactor: "physical" | "esim";
  status: "not_available" | "pending" | "blank" | "activation_ready" | "active" | "suspended" | "invalid";
  operatorName: string;
  endUserEmail: string | null;
  msisdn: string | null;
  note: string | null;
  plan: (PlanTerms & { id: string }) | null;
};

export type LabelChip = { id: string; name: string; color: string };
export type RuleRef = { id: string; name: string; enabled: boolean };

export type SimListItem = {
  id: number;
  iccid: string;
  isEsim: boolean;
  status: SimListRow["status"];
  inSession: "Yes" | "No" | "N/A";
  operator: string;
  plan: string | null;
  simType: SimListRow["simType"];
  company: string | null;
  endUserEmail: string | null;
  msisdn: string | null;
  dataLeft: Cell;
  daysLeft: Cell;
  thisMonth: Cell;
  note: string | null;
  labels: LabelChip[];
  rules: RuleRef[];
};

// One row of the spec's table, as both the page and the CSV export show it.
export function toSimListItem(row: SimListRow, labels: LabelChip[], rules: RuleRef[], now: Date): SimListItem {
  const facts: SimFacts = { ...row, planId: row.plan?.id ?? null };
  return {
    id: row.id,
    iccid: row.iccid,
    isEsim: row.formFactor === "esim",
    status: row.status,
    inSession: inSessionLabel(row),
    operator: row.operatorName,
    plan: row.plan ? planName(row.operatorName, row.plan) : null,
    simType: row.simType,
    company: row.companyName,
    endUserEmail: row.endUserEmail,
    msisdn: row.msisdn,
    dataLeft: dataLeftCell(facts, now),
    daysLeft: daysLeftCell(facts, now),
    thisMonth: thisMonthCell(facts, now),
    note: row.note,
    labels,
    rules,
  };
}
