/** The Baseline mark: three rising bars standing on a baseline. Decorative (the name sits beside it). */
export function BrandMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <rect width="32" height="32" rx="5" fill="#ffffff" />
      <rect x="7" y="15" width="4.5" height="9" rx="1" fill="#1d70b8" />
      <rect x="13.75" y="11" width="4.5" height="13" rx="1" fill="#1d70b8" />
      <rect x="20.5" y="7" width="4.5" height="17" rx="1" fill="#12294a" />
      <rect x="5" y="25.5" width="22" height="2" rx="1" fill="#12294a" />
    </svg>
  );
}
