// Fixed reference data of the demo: the spec's eight operators and two customer companies.

export type OperatorSpec = {
  name: string;
  countryCode: string;
  currency: string;
  driver: "simulator" | "none";
  // Home network: IMSIs start with it and most usage is recorded on it.
  homeMccMnc: string;
  // ICCID issuer identity: E.164 country code digits + a two-digit issuer number.
  iccidCountry: string;
  iccidIssuer: string;
  iccidLength: 19 | 20;
  // E.164 prefix of the mobile numbers the operator hands out (country code included).
  msisdnPrefix: string;
  msisdnLength: number;
  smdpHost: string;
  dormancyDays: number;
  contractNotes: string;
  // Relative share of the fleet.
  weight: number;
};

const THREE_YEARS = 1095;

export const OPERATORS: readonly OperatorSpec[] = [
  {
    name: "Telefonica", countryCode: "ES", currency: "EUR", driver: "simulator", homeMccMnc: "21407",
    iccidCountry: "34", iccidIssuer: "07", iccidLength: 19, msisdnPrefix: "346", msisdnLength: 11,
    smdpHost: "smdp.telefonica.example", dormancyDays: THREE_YEARS, weight: 16,
    contractNotes: "Prepaid SIMs with no refill for 3 years may be deactivated. IoT contract renewed yearly in March.",
  },
  {
    name: "Vodafone UK", countryCode: "GB", currency: "GBP", driver: "simulator", homeMccMnc: "23415",
    iccidCountry: "44", iccidIssuer: "15", iccidLength: 19, msisdnPrefix: "447", msisdnLength: 12,
    smdpHost: "rsp.vodafone-uk.example", dormancyDays: THREE_YEARS, weight: 18,
    contractNotes: "Dormant prepaid SIMs (3 years without refill) are reclaimed by the operator.",
  },
  {
    name: "HOT Mobile", countryCode: "IL", currency: "ILS", driver: "simulator", homeMccMnc: "42507",
    iccidCountry: "972", iccidIssuer: "07", iccidLength: 20, msisdnPrefix: "97253", msisdnLength: 12,
    smdpHost: "smdp.hotmobile.example", dormancyDays: THREE_YEARS, weight: 9,
    contractNotes: "Israeli numbering; prepaid dormancy after 3 years without refill.",
  },
  {
    name: "Odido", countryCode: "NL", currency: "EUR", driver: "simulator", homeMccMnc: "20416",
    iccidCountry: "31", iccidIssuer: "16", iccidLength: 19, msisdnPrefix: "316", msisdnLength: 11,
    smdpHost: "smdp.odido.example", dormancyDays: 730, weight: 15,
    contractNotes: "Shorter dormancy term: prepaid SIMs without a refill for 2 years may be deactivated.",
  },
  {
    name: "Orange France", countryCode: "FR", currency: "EUR", driver: "simulator", homeMccMnc: "20801",
    iccidCountry: "33", iccidIssuer: "01", iccidLength: 20, msisdnPrefix: "336", msisdnLength: 11,
    smdpHost: "smdp.orange-france.example", dormancyDays: THREE_YEARS, weight: 14,
    contractNotes: "Prepaid dormancy after 3 years without refill; eSIM profiles via the operator's SM-DP+.",
  },
  {
    name: "Partner", countryCode: "IL", currency: "ILS", driver: "none", homeMccMnc: "42501",
    iccidCountry: "972", iccidIssuer: "01", iccidLength: 20, msisdnPrefix: "97254", msisdnLength: 12,
    smdpHost: "smdp.partner.example", dormancyDays: THREE_YEARS, weight: 6,
    contractNotes: "No API integration yet: SIM states are not synchronised.",
  },
  {
    name: "Plus", countryCode: "PL", currency: "PLN", driver: "simulator", homeMccMnc: "26001",
    iccidCountry: "48", iccidIssuer: "01", iccidLength: 20, msisdnPrefix: "486", msisdnLength: 11,
    smdpHost: "smdp.plus.example", dormancyDays: THREE_YEARS, weight: 12,
    contractNotes: "Prepaid dormancy after 3 years without refill.",
  },
  {
    name: "WWS", countryCode: "GB", currency: "EUR", driver: "none", homeMccMnc: "23439",
    iccidCountry: "44", iccidIssuer: "39", iccidLength: 19, msisdnPrefix: "4479", msisdnLength: 12,
    smdpHost: "smdp.wws.example", dormancyDays: THREE_YEARS, weight: 5,
    contractNotes: "Global roaming MVNO billed in EUR. No API integration yet.",
  },
];

export const COMPANIES = [
  { name: "Acme", timeZone: "Europe/London", domain: "acme.example" },
  { name: "Globex", timeZone: "Europe/Amsterdam", domain: "globex.example" },
] as const;

export type CompanyName = (typeof COMPANIES)[number]["name"];

// Visited networks for roaming usage; 901 networks (maritime, in-flight) have no country.
export const ROAMING_NETWORKS: readonly string[] = [
  "26201", "26202", "20810", "21401", "22201", "22210", "20404", "23410", "310260", "310410",
  "22801", "23201", "26002", "20601", "26801", "28601", "42402", "23802", "24001", "27201",
];
export const INTERNATIONAL_NETWORKS: readonly string[] = ["90112", "90114"];

export const FIRST_NAMES = [
  "anna", "ben", "chloe", "david", "elena", "farid", "grace", "hugo", "ines", "jonas", "kate",
  "liam", "maya", "noah", "olga", "pieter", "quinn", "rosa", "sam", "tomas", "uma", "victor",
  "wiebke", "yusuf", "zoe", "amir", "bram", "carla", "dani", "eva",
] as const;
export const LAST_NAMES = [
  "smith", "jansen", "cohen", "garcia", "dubois", "nowak", "evans", "de.vries", "levi", "martin",
  "kowalski", "brown", "bakker", "moreau", "taylor", "visser", "mizrahi", "lopez", "wilson", "peeters",
] as const;

export const NOTES = [
  "Truck 14 – Rotterdam depot", "Spare for kiosk", "Van 7 – night shift", "Cold-chain sensor, freezer B",
  "Lobby kiosk, ground floor", "Field engineer – north region", "Backup router, server room",
  "Replaced after water damage", "Pilot unit – do not suspend", "Smart meter, block C",
  "Forklift telemetry", "Loaner for visiting auditors", "Trailer GPS – Felixstowe", "Vending machine, platform 3",
  "Returned by customer, check before reuse", "Demo kit for trade fair", "Security camera, loading bay",
  "CEO's travel router", "Parcel locker #22", "EV charger, car park level 2",
];

export type LabelSpec = { company: CompanyName | null; name: string; color: string };

export const LABELS: readonly LabelSpec[] = [
  { company: "Acme", name: "Delivery vans", color: "#2563eb" },
  { company: "Acme", name: "Cold chain", color: "#0891b2" },
  { company: "Acme", name: "Warehouse", color: "#ca8a04" },
  { company: "Acme", name: "Pilot", color: "#9333ea" },
  { company: "Acme", name: "Spare", color: "#64748b" },
  { company: "Globex", name: "Smart meters", color: "#16a34a" },
  { company: "Globex", name: "Kiosks", color: "#ea580c" },
  { company: "Globex", name: "Field engineers", color: "#0d9488" },
  { company: "Globex", name: "Test", color: "#db2777" },
  { company: "Globex", name: "Priority", color: "#dc2626" },
  { company: "Globex", name: "Decommission", color: "#475569" },
  { company: null, name: "Needs swap", color: "#b91c1c" },
  { company: null, name: "Store stock", color: "#7c3aed" },
  { company: null, name: "Roaming heavy", color: "#c2410c" },
];

// Which SIMs a rule is attached to, so that each rule only watches SIMs it can apply to.
export type RuleTarget = "prepaid" | "metered" | "any";

export type RuleSpec = {
  company: CompanyName;
  name: string;
  trigger: Record<string, unknown>;
  actions: Record<string, unknown>[];
  target: RuleTarget;
  share: number;
};

export const RULES: readonly RuleSpec[] = [
  {
    company: "Acme", name: "Low data alert", target: "prepaid", share: 0.7,
    trigger: { type: "data_left_below", bytes: 100_000_000 },
    actions: [{ type: "email", to: "company_admin" }, { type: "email", to: "end_user" }],
  },
  {
    company: "Acme", name: "Auto-refill at 50 MB", target: "prepaid", share: 0.4,
    trigger: { type: "data_left_below", bytes: 50_000_000 },
    actions: [{ type: "refill" }],
  },
  {
    company: "Acme", name: "Suspend runaway usage", target: "metered", share: 0.5,
    trigger: { type: "data_used_above", bytes: 5_000_000_000, period: "month" },
    actions: [{ type: "change_status", status: "suspended" }, { type: "email", to: "company_admin" }],
  },
  {
    company: "Globex", name: "Expiry warning", target: "prepaid", share: 0.8,
    trigger: { type: "days_left_below", days: 3 },
    actions: [{ type: "email", to: "end_user" }],
  },
  {
    company: "Globex", name: "Suspension webhook", target: "any", share: 0.3,
    trigger: { type: "status_change", to: "suspended" },
    actions: [{ type: "webhook", url: "https://hooks.globex.example/sims" }],
  },
];
