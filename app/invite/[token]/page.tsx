// GET /invite/[token]: public; the person invited by e-mail chooses their password here, once.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/components/nav/logo-mark";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { now } from "@/lib/clock";
import { findInvite, type InviteState, PASSWORD_MIN_LENGTH } from "@/lib/users/invites";
import { AcceptInviteForm } from "./accept-invite-form";

// The token is in the URL: no Referer may carry it to another site.
export const metadata: Metadata = { title: "Choose your password", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

const CLOSED: Record<Exclude<InviteState["state"], "valid">, { title: string; text: string }> = {
  accepted: { title: "This invitation has been used", text: "Your password is already set. Sign in with it." },
  expired: { title: "This invitation has expired", text: "Ask the person who invited you to send a new one." },
  unknown: { title: "This invitation link is not valid", text: "Check that you copied all of it, or ask the person who invited you for a new one." },
};

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const invite = await findInvite(token, now());
  if (invite.state === "valid") {
    return (
      <Frame title="Welcome to SIM Portal" text={`Choose a password for ${invite.email} to see and refill your SIMs.`}>
        <AcceptInviteForm token={token} email={invite.email} minLength={PASSWORD_MIN_LENGTH} />
      </Frame>
    );
  }
  const closed = CLOSED[invite.state];
  return (
    <Frame title={closed.title} text={closed.text}>
      <Link href="/login" className={buttonClasses({ size: "lg", className: "w-full" })}>
        Go to sign in
      </Link>
    </Frame>
  );
}

function Frame({ title, text, children }: { title: string; text: string; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center text-center">
          <LogoMark className="size-9" />
          <h1 className="mt-3 text-lg font-semibold tracking-tight text-slate-900">{title}</h1>
          <p className="mt-1 text-sm break-words text-slate-500">{text}</p>
        </div>
        <Card className="p-6">{children}</Card>
      </div>
    </main>
  );
}
