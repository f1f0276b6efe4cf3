export type MccCountry = { code: string | null; name: string };

// [ISO 3166-1 alpha-2, English name, MCCs assigned by ITU-T E.212].
// Covers the operators' home countries and common roaming destinations.
const COUNTRIES: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ["GR", "Greece", [202]],
  ["NL", "Netherlands", [204]],
  ["BE", "Belgium", [206]],
  ["FR", "France", [208]],
  ["MC", "Monaco", [212]],
  ["AD", "Andorra", [213]],
  ["ES", "Spain", [214]],
  ["HU", "Hungary", [216]],
  ["HR", "Croatia", [219]],
  ["RS", "Serbia", [220]],
  ["IT", "Italy", [222]],
  ["RO", "Romania", [226]],
  ["CH", "Switzerland", [228]],
  ["CZ", "Czechia", [230]],
  ["SK", "Slovakia", [231]],
  ["AT", "Austria", [232]],
  ["GB", "United Kingdom", [234, 235]],
  ["DK", "Denmark", [238]],
  ["SE", "Sweden", [240]],
  ["NO", "Norway", [242]],
  ["FI", "Finland", [244]],
  ["LT", "Lithuania", [246]],
  ["LV", "Latvia", [247]],
  ["EE", "Estonia", [248]],
  ["UA", "Ukraine", [255]],
  ["PL", "Poland", [260]],
  ["DE", "Germany", [262]],
  ["GI", "Gibraltar", [266]],
  ["PT", "Portugal", [268]],
  ["LU", "Luxembourg", [270]],
  ["IE", "Ireland", [272]],
  ["IS", "Iceland", [274]],
  ["AL", "Albania", [276]],
  ["MT", "Malta", [278]],
  ["CY", "Cyprus", [280]],
  ["GE", "Georgia", [282]],
  ["BG", "Bulgaria", [284]],
  ["TR", "Turkey", [286]],
  ["SI", "Slovenia", [293]],
  ["ME", "Montenegro", [297]],
  ["CA", "Canada", [302]],
  ["US", "United States", [310, 311, 312, 313, 314, 315, 316]],
  ["MX", "Mexico", [334]],
  ["IN", "India", [404, 405, 406]],
  ["JO", "Jordan", [416]],
  ["SA", "Saudi Arabia", [420]],
  ["AE", "United Arab Emirates", [424, 430, 431]],
  ["IL", "Israel", [425]],
  ["QA", "Qatar", [427]],
  ["JP", "Japan", [440, 441]],
  ["KR", "South Korea", [450]],
  ["VN", "Vietnam", [452]],
  ["HK", "Hong Kong", [454]],
  ["CN", "China", [460]],
  ["TW", "Taiwan", [466]],
  ["MY", "Malaysia", [502]],
  ["AU", "Australia", [505]],
  ["ID", "Indonesia", [510]],
  ["PH", "Philippines", [515]],
  ["TH", "Thailand", [520]],
  ["SG", "Singapore", [525]],
  ["NZ", "New Zealand", [530]],
  ["EG", "Egypt", [602]],
  ["MA", "Morocco", [604]],
  ["ZA", "South Africa", [655]],
  ["AR", "Argentina", [722]],
  ["BR", "Brazil", [724]],
  ["CL", "Chile", [730]],
  ["CO", "Colombia", [732]],
];

// MCC 901 is shared by satellite, maritime and in-flight networks that
// belong to no country, so it has a name but no country code.
const INTERNATIONAL_MCC = 901;
const INTERNATIONAL: MccCountry = { code: null, name: "International networks" };

const BY_MCC = new Map<number, MccCountry>();
const NAME_BY_CODE = new Map<string, string>();
for (const [code, name, mccs] of COUNTRIES) {
  NAME_BY_CODE.set(code, name);
  for (const mcc of mccs) BY_MCC.set(mcc, { code, name });
}
BY_MCC.set(INTERNATIONAL_MCC, INTERNATIONAL);

// MCC is always 3 digits and MNC 2 or 3; operators write them run together
// ("23410") or separated ("234-10").
const MCC_MNC = /^(\d{3})[-\s]?\d{2,3}$/;

/** Country of a visited network, or null if the MCC-MNC is malformed or unknown. */
export function countryForMccMnc(mccMnc: string): MccCountry | null {
  const match = MCC_MNC.exec(mccMnc.trim());
  const mcc = match?.[1];
  if (mcc === undefined) return null;
  const country = BY_MCC.get(Number(mcc));
  // Copy so callers cannot mutate the shared table entry.
  return country === undefined ? null : { ...country };
}

/** English name for an ISO 3166-1 alpha-2 code; the code itself if unknown. */
export function countryName(code: string): string {
  return NAME_BY_CODE.get(code.trim().toUpperCase()) ?? code;
}
