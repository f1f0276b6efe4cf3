import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LogoMark } from "@/components/nav/logo-mark";
import { Card } from "@/components/ui/card";
import { getViewer } from "@/lib/auth/viewer";
import { isProduction } from "@/lib/env";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

const DEMO_ACCOUNTS = [
  { email: "staff@example.com", role: "Platform staff" },
  { email: "admin@acme.example", role: "Company admin, Acme" },
  { email: "admin@globex.example", role: "Company admin, Globex" },
  { email: "user@example.com", role: "End user, Acme" },
] as const;

type LoginPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: LoginPageProps) {
  if (await getViewer()) redirect("/sims");

  const { callbackUrl } = await searchParams;
  // Passed through untouched; the action decides whether it is safe to follow.
  const target = typeof callbackUrl === "string" ? callbackUrl : undefined;

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center text-center">
          <LogoMark className="size-9" />
          <h1 className="mt-3 text-lg font-semibold tracking-tight text-slate-900">Sign in to SIM Portal</h1>
          <p className="mt-1 text-sm text-slate-500">Manage your SIMs, eSIMs and data plans.</p>
        </div>

        <Card className="p-6">
          <LoginForm callbackUrl={target} />
        </Card>

        {isProduction() ? null : <DemoAccounts />}
      </div>
    </main>
  );
}

// Seeded accounts exist only outside production (the seed refuses to run there), so the hint does too.
function DemoAccounts() {
  return (
    <aside
      aria-label="Demo accounts"
      className="mt-6 rounded-lg border border-dashed border-slate-300 bg-slate-100/60 px-4 py-3 text-xs text-slate-600"
    >
      <p className="font-medium text-slate-700">Demo accounts (development only)</p>
      <ul className="mt-2 space-y-1">
        {DEMO_ACCOUNTS.map((account) => (
          <li key={account.email} className="flex justify-between gap-3">
            <span className="font-mono text-slate-800 select-all">{account.email}</span>
            <span className="text-slate-500">{account.role}</span>
          </li>
        ))}
      </ul>
      <p className="mt-2">
        Password for all: <span className="font-mono text-slate-800 select-all">portal-demo</span>
      </p>
    </aside>
  );
}
