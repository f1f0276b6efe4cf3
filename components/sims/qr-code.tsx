import QRCode from "qrcode";
import { cx } from "@/components/ui/cx";

export type QrCodeProps = {
  text: string;
  /** What the code is for, read by screen readers instead of the picture. */
  label: string;
  /** Rendered edge length in CSS pixels. */
  size?: number;
  className?: string;
};

// Rendered on the server: no QR library in the browser bundle, and the code is in the first
// paint. The white background and quiet zone (margin) are part of the code, not decoration:
// scanners need them to find it, including on a dark page or in a screenshot.
export async function QrCode({ text, label, size = 200, className }: QrCodeProps) {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return (
    <div
      data-testid="esim-qr"
      role="img"
      aria-label={label}
      className={cx("shrink-0 bg-white [&>svg]:block [&>svg]:size-full", className)}
      style={{ width: size, height: size }}
      // The markup comes from the qrcode library: the text is encoded as module paths, never
      // copied into the SVG, so nothing from the database reaches the HTML as markup.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
