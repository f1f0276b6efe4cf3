import { IMPORT_COLUMNS } from "@/lib/sims/import/columns";

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800";

export function ImportHelp() {
  return (
    <aside aria-labelledby="import-help" className="space-y-3 text-sm text-slate-600">
      <h2 id="import-help" className="text-sm font-semibold text-slate-900">
        File format
      </h2>
      <p>
        A header row, then one SIM per row. Column names are case-insensitive:{" "}
        {IMPORT_COLUMNS.map((name, i) => (
          <span key={name}>
            <code className={code}>{name}</code>
            {i < IMPORT_COLUMNS.length - 1 ? ", " : "."}
          </span>
        ))}{" "}
        Only <code className={code}>iccid</code>, <code className={code}>operator</code> and <code className={code}>form_factor</code> are required.
      </p>
      <ul className="list-disc space-y-1.5 pl-5">
        <li>ICCID: 19 or 20 digits starting with 89, with a valid Luhn check digit.</li>
        <li>Operator and company: their exact name, in any case.</li>
        <li>
          form_factor: <code className={code}>physical</code> or <code className={code}>esim</code>. An eSIM needs an SGP.22 activation code (
          <code className={code}>LPA:1$smdp.example.com$MATCHING-ID</code>); EID is optional (32 digits, mod 97). A physical SIM has no activation code or EID.
        </li>
        <li>IMSI: 6 to 15 digits. MSISDN: E.164, country code first, up to 15 digits (a leading + is fine).</li>
        <li>
          Plan: its name as the portal shows it (e.g. <code className={code}>Vodafone UK Prepaid 1 GB / 30 days · £5.00</code>) or its id. It must be a plan of the row&apos;s operator, and a plan needs a company (and a company a plan).
        </li>
        <li>
          Labels: names separated by <code className={code}>;</code> or <code className={code}>|</code>, either platform labels or labels of the row&apos;s company. Unknown labels are errors; none are created.
        </li>
      </ul>
      <p>SIMs of an operator without integration arrive as Not available; the others as Pending until the operator has checked them.</p>
    </aside>
  );
}
