/**
 * Content sniffing on the first bytes of an upload, with `file-type`: the declared content type and
 * the file name are what the uploader's computer said, not what the bytes are. A file that is plainly
 * something else (a program, a document, an archive) is rejected here with words the uploader can
 * act on; whatever file-type does not recognise goes on to ffprobe, which has the last word.
 */
import { fileTypeFromBuffer } from 'file-type';

/** file-type needs at most this many bytes for the formats it knows (its own documented minimum is 4100). */
export const SNIFF_BYTES = 64 * 1024;

export interface Sniffed {
  ext: string;
  mime: string;
}

/** What people call the non-media types a mislabelled upload most often turns out to be. */
const DESCRIPTIONS: Record<string, string> = {
  exe: 'a Windows executable',
  elf: 'a Linux executable (ELF)',
  macho: 'a macOS executable',
  class: 'a Java class file',
  pdf: 'a PDF document',
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  gz: 'a gzip archive',
  tar: 'a tar archive',
  docx: 'a Word document',
  xlsx: 'an Excel spreadsheet',
  pptx: 'a PowerPoint presentation',
  doc: 'a Word document',
  xls: 'an Excel spreadsheet',
  jpg: 'a JPEG image',
  png: 'a PNG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  heic: 'a HEIC photo',
  tif: 'a TIFF image',
  sqlite: 'an SQLite database',
};

/** Media types file-type reports under application/*: containers that can hold audio or video. */
const MEDIA_APPLICATION_TYPES = new Set(['application/ogg', 'application/mp4', 'application/x-matroska', 'application/mxf']);

export async function sniff(head: Uint8Array): Promise<Sniffed | null> {
  const found = await fileTypeFromBuffer(head);
  return found ? { ext: found.ext, mime: found.mime } : null;
}

export const isMediaType = (mime: string) => mime.startsWith('audio/') || mime.startsWith('video/') || MEDIA_APPLICATION_TYPES.has(mime);

/** Null when the bytes may be media; else why not, for the uploader. */
export function notMediaReason(found: Sniffed | null, fileName: string): string | null {
  if (!found || isMediaType(found.mime)) return null;
  const what = DESCRIPTIONS[found.ext] ?? `a ${found.ext.toUpperCase()} file (${found.mime})`;
  return (
    `This file is ${what}, not audio or video, although it is named "${fileName}". ` +
    'It may have been renamed or picked by mistake: upload the original recording instead.'
  );
}
