import { parseActivationCode } from "@/lib/sims/activation-code";
import { validateEid } from "@/lib/sims/eid";
import { validateIccid } from "@/lib/sims/iccid";
import type { ImportColumn, RawImportRow } from "./columns";

// What the database knows, loaded once per file (db/queries/sim-import.ts), so that checking
// 10,000 rows is map look-ups, not queries.
export type ImportReferences = {
  operators: { id: string; name: string; driver: string }[];
  companies: { id: string; name: string }[];
  plans: { id: string; operatorId: string; type: "prepaid" | "subscription" | "paygo"; name: string; retired: boolean }[];
  labels: { id: string; companyId: string | null; name: string }[];
};

export type ImportIssue = { line: number; column: ImportColumn | null; message: string };

/** A row that passed every check, resolved to ids and ready to insert. */
export type ValidImportRow = {
  line: number;
  iccid: string;
  formFactor: "physical" | "esim";
  operatorId: string;
  operatorName: string;
  noIntegration: boolean;
  planId: string | null;
  simType: "prepaid" | "subscription" | "paygo" | null;
  companyId: string | null;
  imsi: string | null;
  msisdn: string | null;
  eid: string | null;
  activationCode: string | null;
  confirmationCode: string | null;
  labelIds: string[];
};

export type ImportReport = { rows: number; valid: ValidImportRow[]; invalidLines: number[]; issues: ImportIssue[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const key = (name: string) => name.trim().toLowerCase();

function byName<T extends { name: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [key(item.name), item]));
}

export function splitLabels(value: string): string[] {
  return [...new Set(value.split(/[;|]/).map((name) => name.trim()).filter((name) => name !== ""))];
}

/** IMSI: MCC (3) + MNC (2–3) + MSIN, at most 15 digits in all. */
export function imsiError(value: string): string | null {
  return /^\d{6,15}$/.test(value) ? null : "IMSI must be 6 to 15 digits";
}

/** MSISDN in E.164: country code first, no leading zero, at most 15 digits; "+" and spaces allowed. */
export function normalizeMsisdn(value: string): { ok: true; msisdn: string } | { ok: false; error: string } {
  const digits = value.replace(/^\+/, "").replace(/[\s-]+/g, "");
  if (!/^[1-9]\d{6,14}$/.test(digits)) return { ok: false, error: "MSISDN must be in E.164 form: 7 to 15 digits, starting with the country code" };
  return { ok: true, msisdn: digits };
}

type Lookups = {
  operators: Map<string, ImportReferences["operators"][number]>;
  companies: Map<string, ImportReferences["companies"][number]>;
  plansById: Map<string, ImportReferences["plans"][number]>;
  plansByName: Map<string, ImportReferences["plans"][number][]>;
  labels: Map<string, ImportReferences["labels"][number]>;
};

function lookupsOf(refs: ImportReferences): Lookups {
  const plansByName = new Map<string, ImportReferences["plans"][number][]>();
  for (const plan of refs.plans) {
    const k = `${plan.operatorId}|${key(plan.name)}`;
    plansByName.set(k, [...(plansByName.get(k) ?? []), plan]);
  }
  return {
    operators: byName(refs.operators),
    companies: byName(refs.companies),
    plansById: new Map(refs.plans.map((plan) => [plan.id.toLowerCase(), plan])),
    plansByName,
    labels: new Map(refs.labels.map((label) => [`${label.companyId ?? ""}|${key(label.name)}`, label])),
  };
}

type Check = (column: ImportColumn, message: string) => void;

function checkIdentifiers(row: RawImportRow, fail: Check) {
  const imsi = row.imsi === "" ? null : row.imsi;
  if (imsi !== null) {
    const error = imsiError(imsi);
    if (error) fail("imsi", error);
  }
  let msisdn: string | null = null;
  if (row.msisdn !== "") {
    const parsed = normalizeMsisdn(row.msisdn);
    if (parsed.ok) msisdn = parsed.msisdn;
    else fail("msisdn", parsed.error);
  }
  let eid: string | null = null;
  if (row.eid !== "") {
    const parsed = validateEid(row.eid);
    if (parsed.ok) eid = parsed.eid;
    else fail("eid", parsed.error);
  }
  return { imsi, msisdn, eid };
}

function checkEsimFields(row: RawImportRow, formFactor: "physical" | "esim" | null, fail: Check) {
  const activationCode = row.activation_code === "" ? null : row.activation_code;
  const confirmationCode = row.confirmation_code === "" ? null : row.confirmation_code;
  if (formFactor === "physical") {
    if (activationCode !== null) fail("activation_code", "A physical SIM has no activation code; leave it empty or set form_factor to esim");
    if (confirmationCode !== null) fail("confirmation_code", "A physical SIM has no confirmation code");
    if (row.eid !== "") fail("eid", "A physical SIM has no EID; leave it empty or set form_factor to esim");
  }
  if (formFactor !== "esim") return { activationCode: null, confirmationCode: null };
  if (activationCode === null) {
    fail("activation_code", "An eSIM needs an SGP.22 activation code (LPA:1$smdp.example.com$MATCHING-ID)");
    return { activationCode: null, confirmationCode };
  }
  const parsed = parseActivationCode(activationCode);
  if (!parsed.ok) {
    fail("activation_code", parsed.error);
    return { activationCode: null, confirmationCode };
  }
  if (parsed.value.confirmationCodeRequired && confirmationCode === null) {
    fail("confirmation_code", "The activation code asks for a confirmation code ($1) but none is given");
  }
  if (!parsed.value.confirmationCodeRequired && confirmationCode !== null) {
    fail("confirmation_code", "A confirmation code is given but the activation code does not ask for one (no $1 at its end)");
  }
  return { activationCode, confirmationCode };
}

function findPlan(row: RawImportRow, operatorId: string, l: Lookups, fail: Check) {
  const wanted = row.plan;
  const plan = UUID.test(wanted) ? l.plansById.get(wanted.toLowerCase()) : undefined;
  if (plan) {
    if (plan.operatorId !== operatorId) fail("plan", `Plan "${plan.name}" belongs to another operator`);
    else if (plan.retired) fail("plan", `Plan "${plan.name}" is retired`);
    return plan;
  }
  const matches = (l.plansByName.get(`${operatorId}|${key(wanted)}`) ?? []).filter((p) => !p.retired);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    fail("plan", `Several plans of this operator are named "${wanted}"; give the plan id instead`);
    return undefined;
  }
  const elsewhere = [...l.plansByName.entries()].some(([k]) => k.endsWith(`|${key(wanted)}`));
  fail("plan", elsewhere ? `Plan "${wanted}" belongs to another operator` : `Unknown plan "${wanted}"`);
  return undefined;
}

function validateRow(row: RawImportRow, l: Lookups, fail: Check): Omit<ValidImportRow, "line"> | null {
  let iccid = "";
  const iccidCheck = validateIccid(row.iccid);
  if (iccidCheck.ok) iccid = iccidCheck.iccid;
  else fail("iccid", iccidCheck.error);

  const operator = l.operators.get(key(row.operator));
  if (row.operator === "") fail("operator", "Operator is required");
  else if (!operator) fail("operator", `Unknown operator "${row.operator}"`);

  const ff = row.form_factor.toLowerCase();
  const formFactor = ff === "physical" || ff === "esim" ? ff : null;
  if (formFactor === null) fail("form_factor", row.form_factor === "" ? "form_factor is required (physical or esim)" : `form_factor must be physical or esim, not "${row.form_factor}"`);

  const ids = checkIdentifiers(row, fail);
  const esim = checkEsimFields(row, formFactor, fail);

  const company = row.company === "" ? undefined : l.companies.get(key(row.company));
  if (row.company !== "" && !company) fail("company", `Unknown company "${row.company}"`);
  const plan = row.plan !== "" && operator ? findPlan(row, operator.id, l, fail) : undefined;
  // A product is a plan and a company together (domain.md): one without the other is half a product.
  if (row.plan !== "" && row.company === "") fail("company", "A SIM with a plan needs a company too");
  if (row.company !== "" && row.plan === "") fail("plan", "A SIM with a company needs a plan too");

  const labelIds: string[] = [];
  for (const name of splitLabels(row.labels)) {
    const label = l.labels.get(`|${key(name)}`) ?? (company ? l.labels.get(`${company.id}|${key(name)}`) : undefined);
    if (label) labelIds.push(label.id);
    else fail("labels", company ? `Unknown label "${name}" (neither a platform label nor one of ${company.name})` : `Unknown label "${name}"`);
  }

  if (!operator || formFactor === null || iccid === "") return null;
  return {
    iccid,
    formFactor,
    operatorId: operator.id,
    operatorName: operator.name,
    noIntegration: operator.driver === "none",
    planId: plan?.id ?? null,
    simType: plan?.type ?? null,
    companyId: company?.id ?? null,
    ...ids,
    ...esim,
    labelIds,
  };
}

/**
 * Checks every row of a file against the references and the ICCIDs already stored. Pure: the
 * same input gives the same report, which is what the confirmation step relies on.
 */
export function validateImportRows(rows: RawImportRow[], refs: ImportReferences, existingIccids: ReadonlySet<string>): ImportReport {
  const l = lookupsOf(refs);
  const issues: ImportIssue[] = [];
  const valid: ValidImportRow[] = [];
  const invalid = new Set<number>();
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const fail: Check = (column, message) => {
      issues.push({ line: row.line, column, message });
      invalid.add(row.line);
    };
    const result = validateRow(row, l, fail);
    if (result) {
      const first = firstLineOf.get(result.iccid);
      if (first !== undefined) fail("iccid", `Duplicate ICCID: also on line ${first}`);
      else firstLineOf.set(result.iccid, row.line);
      if (existingIccids.has(result.iccid)) fail("iccid", "This ICCID is already in the portal");
    }
    if (result && !invalid.has(row.line)) valid.push({ line: row.line, ...result });
  }
  // The first of two duplicate rows is as wrong as the second: report it too, with the other's line.
  const dupLines = new Map<string, number[]>();
  for (const row of rows) {
    const iccid = row.iccid.replace(/[\s-]+/g, "");
    if (firstLineOf.has(iccid)) dupLines.set(iccid, [...(dupLines.get(iccid) ?? []), row.line]);
  }
  for (const lines of dupLines.values()) {
    const [first, ...others] = lines;
    if (first === undefined || others.length === 0 || issues.some((i) => i.line === first && i.message.startsWith("Duplicate"))) continue;
    issues.push({ line: first, column: "iccid", message: `Duplicate ICCID: also on line${others.length > 1 ? "s" : ""} ${others.join(", ")}` });
    invalid.add(first);
  }
  issues.sort((a, b) => a.line - b.line);
  return { rows: rows.length, valid: valid.filter((row) => !invalid.has(row.line)), invalidLines: [...invalid].sort((a, b) => a - b), issues };
}
