import { describe, expect, it } from 'vitest';
import { makePng } from '../../../test/images';
import { inspectLogo, LOGO_MAX_BYTES } from './raster-image';

/** A JPEG header with a baseline start-of-frame (SOF0) after an APP0 segment. */
function jpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Array.from({ length: 14 }, () => 0)];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof0, ...Array.from({ length: 20 }, () => 0)]);
}

describe('dialogue logos: small raster images only', () => {
  it('recognises a PNG by its bytes and reads its size', () => {
    expect(inspectLogo(makePng(64, 32))).toEqual({
      ok: true,
      image: { contentType: 'image/png', width: 64, height: 32 },
    });
  });

  it('reads a JPEG frame header', () => {
    expect(inspectLogo(jpegHeader(120, 80))).toEqual({
      ok: true,
      image: { contentType: 'image/jpeg', width: 120, height: 80 },
    });
  });

  it('refuses SVG, even with a harmless look, and other files', () => {
    const svg = new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>');
    const r = inspectLogo(svg);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/SVG .* not accepted/);
    expect(inspectLogo(new TextEncoder().encode('GIF89a…')).ok).toBe(false);
    expect(inspectLogo(new Uint8Array()).ok).toBe(false);
  });

  it('refuses files that are too large or too big in pixels', () => {
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(makePng(32, 32));
    expect(inspectLogo(big)).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 256 KB/) });
    expect(inspectLogo(makePng(4000, 20))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/4000×20/),
    });
    expect(inspectLogo(makePng(8, 8)).ok).toBe(false);
  });
});
