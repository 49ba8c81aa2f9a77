/** Types for validate-xsd.js (CommonJS). */
export interface XsdResult {
  valid: boolean;
  /** "line N: message" from libxml2. */
  errors: string[];
}
export declare const DEFAULT_SCHEMAS_DIR: string;
export declare const MAX_MANIFEST_BYTES: number;
export declare function validateManifestXsd(xmlText: string, options?: { schemasDir?: string }): Promise<XsdResult>;
