/**
 * Stand-in for rtl-css-js/core in the pane (webpack NormalModuleReplacementPlugin).
 *
 * Griffel (Fluent's styling engine) turns every style rule into a right-to-left twin through
 * rtl-css-js, so a page can switch direction at run time. The pane is written left to right
 * only (its two languages are Japanese and English; FluentProvider's dir stays "ltr"), so the
 * twins are never used: with these identity conversions Griffel sees no difference and emits
 * none, and the pane saves ~2 kB gzip of conversion tables. An RTL language would need the real
 * module back (delete the replacement in webpack.config.js).
 */
export function convertProperty(key, value) {
  return { key, value };
}

export function convert(object) {
  return object;
}
