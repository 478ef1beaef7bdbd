/** Navigates to a hash route such as `#/reports/42`. */
export function navigate(href: string): void {
  window.location.hash = href;
}
