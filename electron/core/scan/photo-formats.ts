import sharp from 'sharp';
import { RAW_EXTENSIONS } from './raw-formats.js';

/**
 * Extensions worth trying as photos: what the installed sharp/libvips says it can read, less the
 * formats that are documents or vector art rather than photographs. Decoding sniffs the content,
 * so a JPEG named .png still works; the extension only decides what the walk picks up.
 */
const NOT_PHOTOS = new Set(['.svg', '.svgz', '.pdf', '.fits', '.fit', '.fts', '.v', '.vips', '.mat', '.csv', '.matrix', '.ppm', '.pgm', '.pbm', '.pfm', '.pnm', '.exr', '.img', '.hdr', '.dz', '.szi', '.nii', '.nii.gz', '.svs', '.ndpi', '.scn', '.mrxs', '.bif', '.vms', '.vmu', '.raw']);

/** Formats a camera or phone commonly writes that the prebuilt sharp may lack a decoder for (HEIC goes to libheif). */
const ALWAYS = ['.jpg', '.jpeg', '.jpe', '.png', '.webp', '.tif', '.tiff', '.heic', '.heif', '.hif', '.avif', '.gif', '.jxl'];

function installedSuffixes(): string[] {
  const out: string[] = [];
  for (const info of Object.values(sharp.format) as { input?: { file?: boolean; fileSuffix?: string[] } }[]) {
    if (info.input?.file && info.input.fileSuffix) out.push(...info.input.fileSuffix);
  }
  return out;
}

export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set(
  [...ALWAYS, ...RAW_EXTENSIONS, ...installedSuffixes()].map((s) => s.toLowerCase()).filter((s) => !NOT_PHOTOS.has(s)),
);

export function isPhotoName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && PHOTO_EXTENSIONS.has(name.slice(dot).toLowerCase());
}
