import Link from "next/link";
import type { ReactNode } from "react";
import { cx } from "@/components/ui/cx";
import { LogoMark } from "@/components/nav/logo-mark";
import { navItemsFor } from "@/components/nav/nav-items";
import { PortalNav } from "@/components/nav/portal-nav";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { requireViewer, type Viewer } from "@/lib/auth/viewer";
import { signOutAction } from "./actions";

const ROLE_LABELS: Record<Viewer["role"], string> = {
  staff: "Platform staff",
  company_admin: "Company admin",
  end_user: "End user",
};

const ROLE_TONES: Record<Viewer["role"], BadgeTone> = {
  staff: "violet",
  company_admin: "blue",
  end_user: "gray",
};

function roleLabel(viewer: Viewer): string {
  const role = ROLE_LABELS[viewer.role];
  return viewer.role !== "staff" && viewer.companyName ? `${role} · ${viewer.companyName}` : role;
}

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  const navItems = navItemsFor(viewer).map(({ label, href }) => ({ label, href }));
  // Staff have a dozen sections: their identity moves under the bar unless the window is wide.
  const crowded = navItems.length > 8;

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur supports-[backdrop-filter]:bg-white/80">
        <div className="flex h-12 items-center gap-4 px-4 sm:px-6 lg:px-8">
          <Link
            href="/sims"
            className="flex shrink-0 items-center gap-2 rounded-md text-sm font-semibold tracking-tight text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900"
          >
            <LogoMark />
            SIM Portal
          </Link>
          <div className="h-5 w-px bg-slate-200" aria-hidden="true" />
          <PortalNav items={navItems} />
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <div className={cx("hidden min-w-0 items-center gap-2", crowded ? "2xl:flex" : "md:flex")}>
              <span className="truncate text-sm text-slate-600" title={viewer.email}>
                {viewer.email}
              </span>
              <Badge tone={ROLE_TONES[viewer.role]}>{roleLabel(viewer)}</Badge>
            </div>
            <form action={signOutAction}>
              <Button type="submit" variant="ghost" size="sm">
                Sign out
              </Button>
            </form>
          </div>
        </div>
        {/* On narrower screens the identity moves under the bar rather than disappearing. */}
        <div className={cx("flex items-center gap-2 border-t border-slate-100 px-4 py-1.5", crowded ? "2xl:hidden" : "md:hidden")}>
          <span className="truncate text-xs text-slate-600">{viewer.email}</span>
          <Badge tone={ROLE_TONES[viewer.role]}>{roleLabel(viewer)}</Badge>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="w-full flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-8">
        {children}
      </main>
    </div>
  );
}
