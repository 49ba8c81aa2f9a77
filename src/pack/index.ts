/** The pack module's public face: compile, validate, merge and admin-IOC loading. */
export { compilePack, loadPackFromText, kindOfSeedPath, parseYaml, MAX_PACK_FILE_CHARS } from './compile-pack';
export { PackLoadError, formatPackError } from './pack-error';
export { mergePacks } from './merge-pack';
export { parseIocFile, classifyIoc, formatIocError, MAX_IOC_ERRORS, MAX_IOC_LINE_CHARS } from './parse-iocs';
export type { IocLineError, ParsedIocFile } from './parse-iocs';
export { KNOWN_DETECTORS } from './detectors';
export { validatePack, ADMIN_SOURCE_ID, DYNAMIC_DNS_LIST_ID } from './validate-pack';
export type { PackError, PackFileKind, RawPackDoc, ValidateOptions } from './validate-pack';
export { refang } from '../engine';
