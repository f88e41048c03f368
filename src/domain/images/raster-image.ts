/**
 * What a dialogue logo may be: a small raster image (PNG, JPEG or WebP), recognised by its bytes, never by the
 * name or the declared type. SVG is refused because it can carry scripts and links; so is anything else.
 * Pure: reads only the first bytes (the header) for the type and the dimensions.
 */

export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_MAX_SIDE = 2048;
export const LOGO_MIN_SIDE = 16;

export type RasterType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface RasterImage {
  contentType: RasterType;
  width: number;
  height: number;
}

export type InspectResult = { ok: true; image: RasterImage } | { ok: false; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(b: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((x, i) => b[at + i] === x);
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 65536 + u16be(b, i + 2);

function png(b: Uint8Array): RasterImage | null {
  if (b.length < 24 || !startsWith(b, PNG_SIGNATURE) || ascii(b, 12, 16) !== 'IHDR') return null;
  return { contentType: 'image/png', width: u32be(b, 16), height: u32be(b, 20) };
}

/** JPEG: walks the markers to the first start-of-frame, which holds the dimensions. */
function jpeg(b: Uint8Array): RasterImage | null {
  if (!startsWith(b, [0xff, 0xd8, 0xff])) return null;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return { contentType: 'image/jpeg', width: u16be(b, i + 7), height: u16be(b, i + 5) };
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

function webp(b: Uint8Array): RasterImage | null {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 12) !== 'WEBP') return null;
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8X')
    return { contentType: 'image/webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L') {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return { contentType: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ')
    return { contentType: 'image/webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return null;
}

/** Recognises a logo and checks its limits; the reason says what is wrong in words for the uploader. */
export function inspectLogo(bytes: Uint8Array): InspectResult {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (bytes.length > LOGO_MAX_BYTES)
    return {
      ok: false,
      reason: `the file has ${Math.ceil(bytes.length / 1024)} KB; a logo may have at most ${LOGO_MAX_BYTES / 1024} KB`,
    };
  const image = png(bytes) ?? jpeg(bytes) ?? webp(bytes);
  if (!image) {
    const head = ascii(bytes, 0, Math.min(bytes.length, 256)).toLowerCase();
    const isSvg = head.includes('<svg') || head.trimStart().startsWith('<');
    return {
      ok: false,
      reason: isSvg
        ? 'SVG and other text formats are not accepted (they can carry scripts): send a PNG, JPEG or WebP image'
        : 'the file is not a PNG, JPEG or WebP image',
    };
  }
  const { width, height } = image;
  if (width < LOGO_MIN_SIDE || height < LOGO_MIN_SIDE || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE)
    return {
      ok: false,
      reason: `the image is ${width}×${height} pixels; each side must be between ${LOGO_MIN_SIDE} and ${LOGO_MAX_SIDE}`,
    };
  return { ok: true, image };
}
