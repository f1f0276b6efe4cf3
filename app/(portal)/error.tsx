"use client";

import { Button } from "@/components/ui/button";

// Shows no error details: in production the server sends only a digest, and a message from a
// client-side throw could still carry internals. The digest lets support find the server log.
export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div
      role="alert"
      className="mx-auto mt-8 flex max-w-xl flex-col items-center rounded-lg border border-slate-200 bg-white px-6 py-12 text-center shadow-xs"
    >
      <h2 className="text-sm font-semibold text-slate-900">Something went wrong</h2>
      <p className="mt-1 max-w-md text-sm text-slate-500">
        We couldn&apos;t load this page. Try again, and if it keeps happening, contact support.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-400">Reference: {digest}</p> : null}
      <Button variant="secondary" className="mt-5" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
