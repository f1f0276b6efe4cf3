import { AppError } from "@/lib/errors";

// Why staff moved money or data by hand (a top-up received, an adjustment, a refill without
// payment): required, so the audit log and the wallet's history can answer "why".
export const STAFF_NOTE_MAX_LENGTH = 500;

export function staffNote(text: string, ask: string): string {
  const note = text.trim();
  if (note.length < 3) throw new AppError("invalid_input", `${ask} (at least 3 characters).`);
  if (note.length > STAFF_NOTE_MAX_LENGTH) throw new AppError("invalid_input", `A note can be at most ${STAFF_NOTE_MAX_LENGTH} characters.`);
  return note;
}
