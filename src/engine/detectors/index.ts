/** Detector registry: the names rules use in `detector:` (see src/pack/detectors.ts). */
import { archiveInconsistent } from './archive-inconsistent';
import { authFailure } from './auth-failure';
import { cloudLink } from './cloud-link';
import { displayNameMismatch } from './display-name-mismatch';
import { doubleExtension } from './double-extension';
import { encryptedArchive } from './encrypted-archive';
import { encryptedOffice } from './encrypted-office';
import { fileKind } from './file-kind';
import { freemailInstitutional } from './freemail-institutional';
import { iocMatch } from './ioc-match';
import { keywordInBody } from './keyword-in-body';
import { linkFeature } from './link-feature';
import { linkTextMismatch } from './link-text-mismatch';
import { lookalikeDomain } from './lookalike-domain';
import { lureKeywords } from './lure-keywords';
import { markup } from './markup';
import { nameUnicodeTrick } from './name-unicode-trick';
import { officeMacro } from './office-macro';
import { passwordWithEncrypted } from './password-with-encrypted';
import { remoteTemplate } from './remote-template';
import { replyToMismatch } from './reply-to-mismatch';
import { typeMismatch } from './type-mismatch';
import { unparsable } from './unparsable';
import type { Detector } from './util';

export type { Detector, Hit } from './util';

export const DETECTORS: ReadonlyMap<string, Detector> = new Map<string, Detector>([
  ['freemail-institutional', freemailInstitutional],
  ['display-name-mismatch', displayNameMismatch],
  ['reply-to-mismatch', replyToMismatch],
  ['lookalike-domain', lookalikeDomain],
  ['auth-failure', authFailure],
  ['lure-keywords', lureKeywords],
  ['keyword-in-body', keywordInBody],
  ['password-with-encrypted', passwordWithEncrypted],
  ['office-macro', officeMacro],
  ['encrypted-office', encryptedOffice],
  ['encrypted-archive', encryptedArchive],
  ['archive-inconsistent', archiveInconsistent],
  ['remote-template', remoteTemplate],
  ['file-kind', fileKind],
  ['double-extension', doubleExtension],
  ['type-mismatch', typeMismatch],
  ['name-unicode-trick', nameUnicodeTrick],
  ['cloud-link', cloudLink],
  ['link-text-mismatch', linkTextMismatch],
  ['ioc-match', iocMatch],
  ['link-feature', linkFeature],
  ['markup', markup],
  ['unparsable', unparsable],
]);
