/**
 * Stand-in for @kenjiuno/msgreader's AppointmentRecurParser in the pane's bundle (webpack
 * NormalModuleReplacementPlugin; ~1.7 kB gzip). msgreader decodes a calendar item's recurrence
 * pattern (the `apptRecur` property) inside a try/catch that drops the field when the parser
 * throws, and nothing in the file adapter reads it: a calendar item is reported as
 * `not-a-message` with its subject only (src/adapters/files/parse-msg.ts). So here the parser
 * always throws, and every .msg reads the same as with the original (appointment-recur.test.ts
 * compares the two on every .msg in the corpora and the fixtures). msgreader notes each dropped
 * pattern with console.debug. The CLI keeps msgreader's own module.
 */
export function parse(): never {
  throw new Error('recurrence patterns are not read in the pane');
}

// The enums msgreader re-exports from this module; nothing in the pane reads them.
export const RecurFrequency: Record<string, never> = {};
export const PatternType: Record<string, never> = {};
export const CalendarType: Record<string, never> = {};
export const EndType: Record<string, never> = {};
export const OverrideFlags: Record<string, never> = {};
