import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";
import { parseImportFile, type RawImportRow } from "./columns";
import { sampleEid, sampleIccid } from "./sample";
import { normalizeMsisdn, splitLabels, validateImportRows, type ImportReferences } from "./validate";

const OP_A = "00000000-0000-4000-8000-00000000000a";
const OP_B = "00000000-0000-4000-8000-00000000000b";
const ACME = "00000000-0000-4000-8000-0000000000c1";
const PLAN_A = "00000000-0000-4000-8000-0000000000a1";
const PLAN_B = "00000000-0000-4000-8000-0000000000b1";

const refs: ImportReferences = {
  operators: [
    { id: OP_A, name: "Alpha Mobile", driver: "simulator" },
    { id: OP_B, name: "Beta Tel", driver: "none" },
  ],
  companies: [{ id: ACME, name: "Acme" }],
  plans: [
    { id: PLAN_A, operatorId: OP_A, type: "prepaid", name: "Alpha Prepaid 1 GB", retired: false },
    { id: PLAN_B, operatorId: OP_B, type: "paygo", name: "Beta PAYGO", retired: false },
  ],
  labels: [
    { id: "00000000-0000-4000-8000-0000000000f1", companyId: null, name: "Fleet" },
    { id: "00000000-0000-4000-8000-0000000000f2", companyId: ACME, name: "Trucks" },
  ],
};

const AC = "LPA:1$smdp.example.com$ABC-123";

function row(over: Partial<RawImportRow> & { line: number }): RawImportRow {
  return {
    iccid: sampleIccid(over.line),
    operator: "Alpha Mobile",
    form_factor: "physical",
    imsi: "",
    msisdn: "",
    eid: "",
    activation_code: "",
    confirmation_code: "",
    company: "",
    plan: "",
    labels: "",
    ...over,
  };
}

const check = (rows: RawImportRow[], existing: string[] = []) => validateImportRows(rows, refs, new Set(existing));
const messages = (rows: RawImportRow[], existing: string[] = []) => check(rows, existing).issues.map((i) => `${i.line} ${i.column}: ${i.message}`);

describe("parseCsv", () => {
  it("reads quoted fields with commas, quotes and line breaks, and keeps each record's first line", () => {
    const records = parseCsv('\ufeffa,b\r\n"x, y","he said ""hi"""\n"multi\nline",z\n\n');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'he said "hi"'] },
      { line: 3, fields: ["multi\nline", "z"] },
    ]);
  });
});

describe("parseImportFile", () => {
  it("matches column names in any case and fills absent optional columns", () => {
    const parsed = parseImportFile(`ICCID,Operator,FORM_FACTOR\n${sampleIccid(1)},Alpha Mobile,physical\n`);
    expect(parsed.ok && parsed.rows[0]).toMatchObject({ line: 2, iccid: sampleIccid(1), operator: "Alpha Mobile", plan: "", labels: "" });
  });

  it("refuses a file without the required columns, with an unknown column, or without rows", () => {
    expect(parseImportFile("iccid,operator\n1,2")).toMatchObject({ ok: false, error: expect.stringContaining("form_factor") });
    expect(parseImportFile("iccid,operator,form_factor,colour\n")).toMatchObject({ ok: false, error: expect.stringContaining('"colour"') });
    expect(parseImportFile("iccid,operator,form_factor\n")).toMatchObject({ ok: false, error: expect.stringContaining("no SIMs") });
    expect(parseImportFile("")).toMatchObject({ ok: false });
  });
});

describe("validateImportRows", () => {
  it("accepts a complete physical SIM and an eSIM, resolving names to ids", () => {
    const report = check([
      row({ line: 2, imsi: "234150000000001", msisdn: "+44 7700 900001", company: "acme", plan: "alpha prepaid 1 gb", labels: "Fleet; trucks" }),
      row({ line: 3, form_factor: "ESIM", operator: "beta tel", activation_code: AC, eid: sampleEid(1) }),
    ]);
    expect(report.issues).toEqual([]);
    expect(report.valid).toHaveLength(2);
    expect(report.valid[0]).toMatchObject({ operatorId: OP_A, companyId: ACME, planId: PLAN_A, simType: "prepaid", msisdn: "447700900001", labelIds: ["00000000-0000-4000-8000-0000000000f1", "00000000-0000-4000-8000-0000000000f2"] });
    expect(report.valid[1]).toMatchObject({ operatorId: OP_B, formFactor: "esim", noIntegration: true, activationCode: AC });
  });

  it("refuses a bad Luhn digit, a wrong prefix and a wrong length", () => {
    const good = sampleIccid(7);
    const badLuhn = `${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10}`;
    expect(messages([row({ line: 2, iccid: badLuhn }), row({ line: 3, iccid: "1234567890123456789" }), row({ line: 4, iccid: "8944" })])).toEqual([
      "2 iccid: ICCID check digit is wrong (Luhn)",
      "3 iccid: ICCID must start with 89",
      "4 iccid: ICCID must be 19 or 20 digits",
    ]);
  });

  it("reports a duplicate ICCID within the file on both lines", () => {
    const report = check([row({ line: 2, iccid: sampleIccid(5) }), row({ line: 3 }), row({ line: 4, iccid: sampleIccid(5) })]);
    expect(report.issues).toEqual([
      { line: 2, column: "iccid", message: "Duplicate ICCID: also on line 4" },
      { line: 4, column: "iccid", message: "Duplicate ICCID: also on line 2" },
    ]);
    expect(report.valid.map((r) => r.line)).toEqual([3]);
    expect(report.invalidLines).toEqual([2, 4]);
  });

  it("refuses an ICCID already in the database", () => {
    expect(messages([row({ line: 2 })], [sampleIccid(2)])).toEqual(["2 iccid: This ICCID is already in the portal"]);
  });

  it("refuses an unknown operator and a bad form factor", () => {
    expect(messages([row({ line: 2, operator: "Gamma" }), row({ line: 3, form_factor: "nano" })])).toEqual([
      '2 operator: Unknown operator "Gamma"',
      '3 form_factor: form_factor must be physical or esim, not "nano"',
    ]);
  });

  it("refuses an eSIM without a valid activation code, and a physical SIM with one", () => {
    expect(
      messages([
        row({ line: 2, form_factor: "esim" }),
        row({ line: 3, form_factor: "esim", activation_code: "LPA:1$https://smdp.example.com$X" }),
        row({ line: 4, activation_code: AC }),
      ]),
    ).toEqual([
      "2 activation_code: An eSIM needs an SGP.22 activation code (LPA:1$smdp.example.com$MATCHING-ID)",
      "3 activation_code: SM-DP+ address must not include a scheme such as https://",
      "4 activation_code: A physical SIM has no activation code; leave it empty or set form_factor to esim",
    ]);
  });

  it("checks the confirmation code against the activation code's flag", () => {
    expect(
      messages([
        row({ line: 2, form_factor: "esim", activation_code: "LPA:1$smdp.example.com$ABC$$1" }),
        row({ line: 3, form_factor: "esim", activation_code: AC, confirmation_code: "1234" }),
        row({ line: 4, form_factor: "esim", activation_code: "LPA:1$smdp.example.com$ABC$$1", confirmation_code: "1234" }),
      ]),
    ).toEqual([
      "2 confirmation_code: The activation code asks for a confirmation code ($1) but none is given",
      "3 confirmation_code: A confirmation code is given but the activation code does not ask for one (no $1 at its end)",
    ]);
  });

  it("refuses a malformed EID, IMSI and MSISDN", () => {
    const eid = sampleEid(3);
    const badEid = `${eid.slice(0, -1)}${(Number(eid.slice(-1)) + 1) % 10}`;
    expect(
      messages([
        row({ line: 2, form_factor: "esim", activation_code: AC, eid: badEid }),
        row({ line: 3, imsi: "2341500000000001" }),
        row({ line: 4, msisdn: "07700900001" }),
        row({ line: 5, imsi: "23415abc" }),
      ]),
    ).toEqual([
      "2 eid: EID check digits are wrong (mod 97)",
      "3 imsi: IMSI must be 6 to 15 digits",
      "4 msisdn: MSISDN must be in E.164 form: 7 to 15 digits, starting with the country code",
      "5 imsi: IMSI must be 6 to 15 digits",
    ]);
  });

  it("refuses a plan of another operator, an unknown plan, company or label, and half a product", () => {
    expect(
      messages([
        row({ line: 2, company: "Acme", plan: "Beta PAYGO" }),
        row({ line: 3, company: "Acme", plan: PLAN_B }),
        row({ line: 4, company: "Acme", plan: "Nope" }),
        row({ line: 5, company: "Initech", plan: "Alpha Prepaid 1 GB" }),
        row({ line: 6, plan: "Alpha Prepaid 1 GB" }),
        row({ line: 7, labels: "Trucks" }),
      ]),
    ).toEqual([
      '2 plan: Plan "Beta PAYGO" belongs to another operator',
      '3 plan: Plan "Beta PAYGO" belongs to another operator',
      '4 plan: Unknown plan "Nope"',
      '5 company: Unknown company "Initech"',
      "6 company: A SIM with a plan needs a company too",
      '7 labels: Unknown label "Trucks"',
    ]);
  });

  it("reports every error of a row, and only valid rows are returned", () => {
    const report = check([row({ line: 2, iccid: "x", operator: "?", msisdn: "0" }), row({ line: 3 })]);
    expect(report.issues.filter((i) => i.line === 2).map((i) => i.column)).toEqual(["iccid", "operator", "msisdn"]);
    expect(report.valid.map((r) => r.line)).toEqual([3]);
  });
});

describe("helpers", () => {
  it("splits labels on ; and |", () => expect(splitLabels(" a; b|a ;")).toEqual(["a", "b"]));
  it("normalises an MSISDN to digits", () => expect(normalizeMsisdn("+972 53-123 4567")).toEqual({ ok: true, msisdn: "972531234567" }));
});
