// The colours a label may take. A label shows as a slate-800 name on a 10% tint of its colour,
// with a dot of the full colour (components/labels/label-badge.tsx, the SIMs table): the name is
// readable on any tint, and each colour here keeps the dot at 3:1 or more against both white and
// its own tint (WCAG 1.4.11), which palette.test.ts checks. The name is what a screen reader
// announces for a swatch, so each colour has one.
export const LABEL_PALETTE = [
  { hex: "#64748b", name: "Grey" },
  { hex: "#dc2626", name: "Red" },
  { hex: "#c2410c", name: "Orange" },
  { hex: "#b45309", name: "Amber" },
  { hex: "#15803d", name: "Green" },
  { hex: "#0d9488", name: "Teal" },
  { hex: "#0e7490", name: "Cyan" },
  { hex: "#2563eb", name: "Blue" },
  { hex: "#4f46e5", name: "Indigo" },
  { hex: "#7c3aed", name: "Violet" },
  { hex: "#a21caf", name: "Fuchsia" },
  { hex: "#db2777", name: "Pink" },
] as const;

export type PaletteColor = (typeof LABEL_PALETTE)[number];

// The database default for a label's colour, and the one a new label starts with.
export const DEFAULT_LABEL_COLOR = "#64748b";

// Hex colours are compared in lower case, so "#DC2626" is the palette's red.
export function paletteColorOf(hex: string): PaletteColor | undefined {
  const wanted = hex.trim().toLowerCase();
  return LABEL_PALETTE.find((c) => c.hex === wanted);
}

// Labels made before the palette (the seed, older data) may carry other colours; they are shown
// as they are, and kept unless someone picks a palette colour instead.
export function colorName(hex: string): string {
  return paletteColorOf(hex)?.name ?? "Custom colour";
}
