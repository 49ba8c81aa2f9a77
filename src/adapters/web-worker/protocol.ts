/**
 * What the page and its checking Web Worker say to each other: the one definition both sides
 * import. Everything here must survive the structured clone (plain data, Blobs, typed arrays).
 */
import type { NormalisedMessage, Pack, Policy, Verdict } from '../../engine/types';
import type { InspectResult } from '../inspect';
import type { BodyParts, BodyReading } from '../files/body';
import type { Base64Content, OfficeAttachmentInput } from '../office/content';

/** Sent once to each fresh worker, before its first file: the pack and policy it checks against. */
export interface CheckInit {
  pack: Pack;
  policy: Partial<Policy>;
}

/**
 * One message from a file. `message` with its `verdict` when the file adapter could read it
 * (possibly with `incomplete` entries), `error` when it could not at all (`notBase64`: a base64
 * source that did not decode).
 */
export type CheckedRecord =
  | { index: number; message: NormalisedMessage; verdict: Verdict }
  | { index: number; error: string; notBase64?: true };

/** Page → worker. */
export type ToWorker =
  | { t: 'init'; init: CheckInit }
  /**
   * Check one file: a Blob (read inside the worker), bytes (copied by the structured clone), or
   * base64 text (the whole message as Outlook's getAsFileAsync gives it), decoded here.
   */
  | { t: 'check'; id: number; source: Blob | Uint8Array | Base64Content }
  /**
   * Inspect one attachment the Office adapter downloaded (Outlook's per-API path): its real type,
   * hashes, archive listing and Office facts, under the same time limit as a file. Its content
   * comes as Outlook gave it, base64 text, and is decoded here, never on the page's thread.
   */
  | { t: 'inspect'; id: number; input: OfficeAttachmentInput }
  /**
   * Read one message body Outlook gave the pane (its HTML and text, per-API path) into text and
   * links, with the same reader as a file's body, under the same time limit: a hostile HTML body
   * is parsed here, never on the page's thread.
   */
  | { t: 'body'; id: number; body: BodyParts };

/** Worker → page. */
export type FromWorker =
  /** The worker has begun the file: its time limit runs from here. */
  | { t: 'started'; id: number }
  | { t: 'done'; id: number; records: CheckedRecord[] }
  /** The answer to an `inspect`. */
  | { t: 'inspected'; id: number; result: InspectResult }
  /** The answer to a `body`. */
  | { t: 'body-read'; id: number; result: BodyReading }
  /** The check itself threw (the worker is still sound); the file gets an error record. */
  | { t: 'failed'; id: number; error: string };
