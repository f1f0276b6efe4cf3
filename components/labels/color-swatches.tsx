import { LABEL_PALETTE, paletteColorOf } from "@/lib/labels/palette";

// The palette as a group of radio buttons: one tab stop, arrow keys move between colours, and
// each swatch is announced by its colour's name. The chosen one carries a tick as well as a
// ring, so the choice does not rest on seeing colour. A label whose colour predates the palette
// offers it first, as "Current colour", so a rename can keep it.
export function ColorSwatches({ name = "color", value, legend = "Colour" }: { name?: string; value: string; legend?: string }) {
  const current = value.toLowerCase();
  const options = paletteColorOf(current) ? [...LABEL_PALETTE] : [{ hex: current, name: "Current colour" }, ...LABEL_PALETTE];
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1.5 flex flex-wrap gap-1.5">
        {options.map((option) => (
          <label key={option.hex} title={option.name} className="relative flex size-7 cursor-pointer items-center justify-center">
            <input type="radio" name={name} value={option.hex} defaultChecked={option.hex === current} className="peer sr-only" />
            <span
              aria-hidden="true"
              className="size-6 rounded-full ring-1 ring-black/10 ring-inset peer-checked:ring-2 peer-checked:ring-slate-900 peer-checked:ring-offset-2 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-4 peer-focus-visible:outline-slate-900"
              style={{ backgroundColor: option.hex }}
            />
            <svg
              viewBox="0 0 16 16"
              fill="none"
              aria-hidden="true"
              className="pointer-events-none absolute hidden size-3.5 text-white peer-checked:block"
            >
              <path d="m3.5 8.5 3 3 6-7" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <span className="sr-only">{option.name}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
