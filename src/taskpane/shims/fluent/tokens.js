/**
 * Stand-in for @fluentui/tokens' `tokens` object in the pane (webpack
 * NormalModuleReplacementPlugin).
 *
 * That module is a 30 kB table whose every entry is its own name wrapped as a CSS variable
 * (`colorNeutralForeground1: 'var(--colorNeutralForeground1)'`); the theme objects (which
 * set the variables' values) are untouched. A Proxy answers the same for every name with
 * ~3.5 kB gzip less, which the pane's 270 kB budget needs. Nothing in the pane or in the Fluent
 * packages it uses enumerates `tokens`; they only read names from it. The real table stays in
 * the unit tests (Jest does not use this replacement), and test/browser checks the built pane's
 * styles (banner colours, focus rings) in Chromium.
 */
export const tokens = new Proxy(
  {},
  {
    get(_target, name) {
      return typeof name === 'string' ? `var(--${name})` : undefined;
    },
  },
);
