/**
 * Lists the files of a disk image (ISO 9660 with Joliet/Rock Ridge, UDF, raw FAT, and VHD/VHDX
 * holding FAT) with the bounded readers in this folder. Loaded on demand (embedded.ts).
 */
import { listFatDisk } from './fat';
import { listIso9660 } from './iso9660';
import type { DiskListing } from './types';
import { bytesReader } from './types';
import { listUdf } from './udf';
import { vhdDisk, vhdxDisk } from './vhd';

export type { DiskFile, DiskListing } from './types';

/** Kinds of image this folder opens. */
export const DISK_KINDS: ReadonlySet<string> = new Set(['iso', 'udf', 'fat', 'vhd', 'vhdx']);

/** The image's listing, or why it could not be listed. Never throws. */
export function listDiskImage(kind: string, bytes: Uint8Array): { listing: DiskListing } | { note: string } {
  try {
    const raw = bytesReader(bytes);
    if (kind === 'iso') {
      const l = listIso9660(raw) ?? listUdf(raw);
      return l ? { listing: l } : { note: 'ISO 9660 volume descriptors unreadable' };
    }
    if (kind === 'udf') {
      const l = listUdf(raw);
      return l ? { listing: l } : { note: 'UDF descriptors unreadable' };
    }
    if (kind === 'fat') {
      const l = listFatDisk(raw);
      return l ? { listing: l } : { note: 'FAT volume unreadable' };
    }
    if (kind === 'vhd' || kind === 'vhdx') {
      const disk = kind === 'vhd' ? vhdDisk(bytes) : vhdxDisk(bytes);
      if (typeof disk === 'string') return { note: disk };
      const l = listFatDisk(disk);
      return l ? { listing: l } : { note: `${kind.toUpperCase()} holds no FAT volume (NTFS and other file systems are not listed)` };
    }
    return { note: `${kind} images are not listed` };
  } catch (err) {
    return { note: `disk image unreadable: ${err instanceof Error ? err.message : String(err)}` };
  }
}
