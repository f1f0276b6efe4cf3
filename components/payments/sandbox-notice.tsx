import { SANDBOX_NOTICE } from "@/lib/payments/sandbox/test-cards";

// On every card form the sandbox backs, so nobody mistakes it for a real payment.
export function SandboxNotice({ children }: { children?: React.ReactNode }) {
  return (
    <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p className="font-semibold">{SANDBOX_NOTICE}</p>
      {children ? <div className="mt-0.5 text-amber-900/90">{children}</div> : null}
    </div>
  );
}
