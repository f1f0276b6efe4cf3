// A SIM card's clipped corner: recognisable at 20px without an image request.
// className replaces the default size rather than adding to it.
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" className={className ?? "size-5"} aria-hidden="true">
      <path
        d="M5.5 1.5h7L17 6v11a1.5 1.5 0 0 1-1.5 1.5h-10A1.5 1.5 0 0 1 4 17V3a1.5 1.5 0 0 1 1.5-1.5z"
        fill="#0f172a"
      />
      <rect x="7" y="8.5" width="6" height="6.5" rx="1" fill="#fff" />
    </svg>
  );
}
