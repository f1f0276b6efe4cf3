import { describe, expect, it } from "vitest";
import { DEFAULT_LABEL_COLOR, LABEL_PALETTE, colorName, paletteColorOf } from "./palette";

// WCAG 2.x relative luminance and contrast ratio.
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
};
// The badge's fill: the colour at 10% over white (the "1a" alpha of label-badge.tsx).
function tint(hex: string): string {
  const mixed = [1, 3, 5].map((i) => Math.round(Number.parseInt(hex.slice(i, i + 2), 16) * 0.1 + 255 * 0.9));
  return `#${mixed.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}
const SLATE_800 = "#1e293b";

describe("the label palette", () => {
  it.each(LABEL_PALETTE.map((c) => [c.name, c.hex]))("%s keeps the dot visible and the name readable", (_name, hex) => {
    expect(hex).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrast(hex, "#ffffff")).toBeGreaterThanOrEqual(3);
    expect(contrast(hex, tint(hex))).toBeGreaterThanOrEqual(3);
    expect(contrast(SLATE_800, tint(hex))).toBeGreaterThanOrEqual(4.5);
  });

  it("has distinct colours and names, and the default among them", () => {
    expect(new Set(LABEL_PALETTE.map((c) => c.hex)).size).toBe(LABEL_PALETTE.length);
    expect(new Set(LABEL_PALETTE.map((c) => c.name)).size).toBe(LABEL_PALETTE.length);
    expect(paletteColorOf(DEFAULT_LABEL_COLOR)).toBeDefined();
  });

  it("finds a colour whatever its case and names colours from before the palette", () => {
    expect(paletteColorOf(" #DC2626 ")?.name).toBe("Red");
    expect(paletteColorOf("#ca8a04")).toBeUndefined();
    expect(colorName("#ca8a04")).toBe("Custom colour");
  });
});
