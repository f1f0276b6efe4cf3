"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";

export type PortalNavLink = { label: string; href: string };

// A client component only to know the current path; the list itself is filtered on the server.
export function PortalNav({ items }: { items: readonly PortalNavLink[] }) {
  const pathname = usePathname();
  return (
    // Staff have a dozen sections: on a narrow window the bar scrolls sideways instead of wrapping.
    <nav aria-label="Main" className="min-w-0 overflow-x-auto print:hidden">
      <ul className="flex items-center gap-1">
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "inline-flex h-8 items-center rounded-md px-2.5 text-sm font-medium whitespace-nowrap transition-colors",
                  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900",
                  current ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
