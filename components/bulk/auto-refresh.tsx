"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Re-renders the page from the server every few seconds while a job runs (progress, results).
export function AutoRefresh({ intervalMs }: { intervalMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs]);
  return null;
}
