"use server";

import { z } from "zod";
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { acceptInvite, PASSWORD_MAX_LENGTH } from "@/lib/users/invites";

export type AcceptInviteState = { message: string | null; done: boolean };

// Generous bounds: acceptInvite checks the token and the password rules and says what is wrong.
const acceptInviteSchema = z.object({
  token: z.string().max(256),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
  confirm: z.string().max(PASSWORD_MAX_LENGTH * 4),
});

// POST from /invite/[token], public: the link's token is the only proof of who this is.
export async function acceptInviteAction(_previous: AcceptInviteState, form: FormData): Promise<AcceptInviteState> {
  const parsed = acceptInviteSchema.safeParse({ token: form.get("token"), password: form.get("password"), confirm: form.get("confirm") });
  if (!parsed.success) return { message: "Choose a password and type it twice.", done: false };
  if (parsed.data.password !== parsed.data.confirm) return { message: "The two passwords do not match.", done: false };
  try {
    await acceptInvite(parsed.data.token, parsed.data.password, now());
  } catch (error) {
    if (error instanceof AppError) return { message: error.userMessage, done: false };
    logger.error("accepting an invitation failed", { error });
    return { message: "Your password could not be set; try again.", done: false };
  }
  return { message: null, done: true };
}
