/** Password-protected Office documents (OLE EncryptedPackage; or an OOXML name holding an OLE file). */
import type { DetectorContext } from '../context';
import { isEncryptedOffice } from '../context';
import type { Rule } from '../types';
import { hit, NONE } from './util';
import type { Detector, Hit } from './util';

export const encryptedOffice: Detector = (ctx: DetectorContext, _rule: Rule): readonly Hit[] =>
  ctx.files.length === 0
    ? NONE
    : ctx.files
        .filter(isEncryptedOffice)
        // Excel's built-in password: the file opens without a prompt, so the reader gets no pause to think.
        .map((f) => hit(f.field, f.office?.defaultPassword ? `${f.where} (Excel default password "VelvetSweatshop": opens without asking)` : f.where));
