/** Types for render-manifest.js (CommonJS), so TypeScript tests and tools can require it checked. */
export interface ManifestProblem {
  /** Stable rule name, e.g. 'resid-undefined', 'icon-size', 'ja-override'. */
  rule: string;
  message: string;
  /** 1-based line in the manifest, 0 when the problem is not tied to a line. */
  line: number;
}
export interface RenderOptions {
  /** Accept http://localhost (or 127.0.0.1, [::1]) for a local test; Outlook itself never does. */
  allowInsecureLocalhost?: boolean;
}
export interface LintOptions {
  /** Folder holding the icon PNGs named in the manifest; default: the repository's assets/. */
  assetsDir?: string;
  /** package.json version the manifest Version must match (+ ".0"); default: the repository's. */
  packageVersion?: string;
}
export interface TaggedVersion {
  tag: string;
  version: string;
  manifestChanged: boolean;
}
export declare const DEV_BASE_URL: string;
export declare function renderManifest(xmlText: string, baseUrl: string, options?: RenderOptions): string;
export declare function normaliseBaseUrl(baseUrl: string, options?: RenderOptions): { base: string; origin: string };
export declare function lintManifest(xmlText: string, options?: LintOptions): ManifestProblem[];
export declare function checkVersionBump(
  current: string,
  previous: string | null | undefined,
  options?: { manifestChanged?: boolean },
): Array<{ rule: string; message: string }>;
export declare function lastTaggedVersion(options?: { repoDir?: string; manifestPath?: string }): TaggedVersion | null;
export declare function readPngSize(bytes: Buffer): { width: number; height: number } | null;
export declare function compareVersions(a: string, b: string): -1 | 0 | 1;
export declare function manifestVersionFor(packageVersion: string): string | null;
