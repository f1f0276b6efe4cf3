import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "./button";
import { PageHeader } from "./page-header";

// Pieces shared by the keyset-paginated list pages (SIMs, audit log).

// A previous/next link; without a target it is shown disabled.
export function PageLink({ href, children }: { href: string | null; children: ReactNode }) {
  const className = buttonClasses({ variant: "secondary", size: "sm" });
  if (!href) {
    return (
      <span className={`${className} pointer-events-none opacity-50`} aria-disabled="true">
        {children}
      </span>
    );
  }
  return (
    <Link href={href} className={className}>
      {children}
    </Link>
  );
}

// A list view whose URL does not parse: what is wrong, and a way back to the whole list.
export function BadView({ title, messages, resetHref, resetLabel }: { title: string; messages: string[]; resetHref: string; resetLabel: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">This view&apos;s link is not valid:</p>
        <ul className="mt-1 list-disc pl-5">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
        <Link href={resetHref} className="mt-3 inline-block font-medium underline">
          {resetLabel}
        </Link>
      </div>
    </>
  );
}

// A labelled control of a list's GET filter form.
export function FilterField({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <label className={className ?? "w-40"}>
      <span className="mb-1 block text-xs font-medium text-slate-600">{label}</span>
      {children}
    </label>
  );
}
