/**
 * A synthetic Outlook .msg (a Compound File) whose directory sector chain points back at itself:
 * the FAT says "after sector 1 comes sector 1". A reader that follows FAT chains without
 * remembering where it has been loops forever, allocating as it goes. This is the shape of the
 * 4.6 kB .msg that aborted the whole CLI (issue 8); ours is 1.5 kB and holds nothing else.
 */
const SECTOR = 512;
const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const FATSECT = 0xfffffffd;

export function loopingMsg(): Uint8Array {
  const out = new Uint8Array(3 * SECTOR);
  const v = new DataView(out.buffer);
  // Header (MS-CFB 2.2): signature, version 3, little-endian, 512-byte sectors, 64-byte mini sectors.
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  v.setUint16(24, 0x3e, true);
  v.setUint16(26, 3, true);
  v.setUint16(28, 0xfffe, true);
  v.setUint16(30, 9, true);
  v.setUint16(32, 6, true);
  v.setUint32(44, 1, true); // one FAT sector
  v.setUint32(48, 1, true); // directory starts at sector 1
  v.setUint32(56, 4096, true); // mini stream cutoff
  v.setUint32(60, ENDOFCHAIN, true); // no mini FAT
  v.setUint32(68, ENDOFCHAIN, true); // no DIFAT sectors
  v.setUint32(76, 0, true); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) v.setUint32(76 + 4 * i, FREESECT, true);
  // Sector 0 (file offset 512): the FAT. Sector 1 chains to itself.
  const fat = SECTOR;
  for (let i = 0; i < SECTOR / 4; i++) v.setUint32(fat + 4 * i, FREESECT, true);
  v.setUint32(fat, FATSECT, true);
  v.setUint32(fat + 4, 1, true);
  // Sector 1 (file offset 1024): the directory, a lone root entry.
  const dir = 2 * SECTOR;
  const name = 'Root Entry';
  for (let i = 0; i < name.length; i++) v.setUint16(dir + 2 * i, name.charCodeAt(i), true);
  v.setUint16(dir + 64, 2 * (name.length + 1), true);
  out[dir + 66] = 5; // root storage
  out[dir + 67] = 1; // black
  v.setInt32(dir + 68, -1, true);
  v.setInt32(dir + 72, -1, true);
  v.setInt32(dir + 76, -1, true);
  v.setUint32(dir + 116, ENDOFCHAIN, true);
  return out;
}
