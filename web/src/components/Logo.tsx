/** The product mark: an inbox tray. Decorative, so hidden from assistive tech. */
export function Logo() {
  return (
    <svg class="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M8 11h16v10H8z" fill="none" stroke="#fff" stroke-width="2.5" stroke-linejoin="round" />
      <path d="M8 17h5l1.5 2h3l1.5-2h5" fill="none" stroke="#fff" stroke-width="2.5" stroke-linejoin="round" />
    </svg>
  );
}
