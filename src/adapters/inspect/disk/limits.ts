/**
 * Bounds on reading disk images. Images are hostile: directory loops, millions of tiny entries,
 * cluster chains that never end. Each limit stops one of those; whatever it skips is reported as
 * incomplete by the caller.
 */

/** Files listed per image (the caller's archive-entry limit applies too). */
export const MAX_DISK_FILES = 2000;
/** Directories visited per image; each is read at most once (loops are cut). */
export const MAX_DISK_DIRECTORIES = 1000;
/** Directory nesting followed. */
export const MAX_DISK_DIR_DEPTH = 16;
/** Bytes of one directory read (ISO extents, FAT chains, UDF directory files). */
export const MAX_DISK_DIR_BYTES = 4 * 1024 * 1024;
/** Clusters followed in one FAT chain (a 16 MiB file in 512-byte clusters is 32,768). */
export const MAX_FAT_CHAIN = 1 << 16;
/** ISO 9660 volume descriptors read before giving up on a terminator. */
export const MAX_ISO_DESCRIPTORS = 32;
/** UDF volume descriptor sequence sectors scanned. */
export const MAX_UDF_VDS_SECTORS = 64;
/** Extents (allocation descriptors) read per UDF file. */
export const MAX_UDF_EXTENTS = 256;
/** MBR/GPT partitions examined for a FAT volume. */
export const MAX_PARTITIONS = 16;
/** VHD/VHDX block-table entries read (a 2 TiB dynamic VHD with 2 MiB blocks has 2^20). */
export const MAX_VHD_BAT_ENTRIES = 1 << 20;
