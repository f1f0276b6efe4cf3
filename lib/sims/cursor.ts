import { z } from "zod";

// A keyset position: the sort value of a row (null where the row has none) and its ICCID.
export type Cursor = { v: string | number | null; i: string };

const cursorSchema = z.object({ v: z.union([z.string(), z.number(), z.null()]), i: z.string().regex(/^\d{1,22}$/) });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(token: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
