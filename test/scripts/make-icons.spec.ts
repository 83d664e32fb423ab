import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as UPNG from 'png2icons/lib/UPNG.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ICON_SIZES, TRAY_SIZE, TRAY_VARIANTS, makeIcons } from '../../scripts/make-icons.js';

const buildDir = fileURLToPath(new URL('../../build/', import.meta.url));

function decode(bytes: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const img = UPNG.decode(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const [frame] = UPNG.toRGBA8(img);
  if (!frame) throw new Error('no frame');
  return { width: img.width, height: img.height, rgba: new Uint8Array(frame) };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), `${prefix}${e.name}/`)));
    else out.push(`${prefix}${e.name}`);
  }
  return out.sort();
}

// One fresh generation into a temp dir, compared with what is committed in build/.
let outDir = '';
let written: string[] = [];
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'lfr-icons-'));
  written = await makeIcons(buildDir, outDir);
}, 120_000);
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('scripts/make-icons.ts', () => {
  it('reproduces the committed icons byte for byte', async () => {
    const generated = await listFiles(outDir);
    expect(generated.length).toBe(written.length);
    for (const rel of generated) {
      const fresh = await readFile(path.join(outDir, rel));
      const committed = await readFile(path.join(buildDir, rel)).catch(() => undefined);
      expect(committed, `build/${rel} is missing: run npm run icons`).toBeDefined();
      expect(fresh.equals(committed!), `build/${rel} is stale: run npm run icons`).toBe(true);
    }
  });

  it('renders the Linux icon set at every size, square, non-empty', async () => {
    for (const size of APP_ICON_SIZES) {
      const png = decode(await readFile(path.join(outDir, `icons/${size}x${size}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
      // an opaque centre: the monitor, not a blank canvas
      const c = (Math.floor(size / 2) * size + Math.floor(size / 2)) * 4;
      expect(png.rgba[c + 3]).toBe(255);
    }
    const big = decode(await readFile(path.join(outDir, 'icon.png')));
    expect([big.width, big.height]).toEqual([1024, 1024]);
  });

  it('writes a real icns and a Windows ico with a 256 px entry', async () => {
    const icns = await readFile(path.join(outDir, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    // ic10 is the 1024 px (512@2x) entry Retina Finder views use
    expect(icns.includes(Buffer.from('ic10', 'latin1'))).toBe(true);

    const ico = await readFile(path.join(outDir, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('renders tray images at 1x and 2x, and macOS template images in black and alpha only', async () => {
    for (const name of Object.keys(TRAY_VARIANTS)) {
      const one = decode(await readFile(path.join(outDir, `tray/${name}.png`)));
      const two = decode(await readFile(path.join(outDir, `tray/${name}@2x.png`)));
      expect([one.width, one.height, two.width, two.height]).toEqual([
        TRAY_SIZE,
        TRAY_SIZE,
        TRAY_SIZE * 2,
        TRAY_SIZE * 2,
      ]);
    }
    for (const file of ['trayTemplate.png', 'trayTemplate@2x.png']) {
      const { rgba } = decode(await readFile(path.join(outDir, 'tray', file)));
      let visible = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] === 0) continue;
        visible += 1;
        expect([rgba[i], rgba[i + 1], rgba[i + 2]], `${file} pixel ${i / 4}`).toEqual([0, 0, 0]);
      }
      expect(visible).toBeGreaterThan(20);
    }
  });

  it('draws a dark glyph for light menu bars and a light glyph for dark ones', async () => {
    const meanOfVisible = async (file: string): Promise<number> => {
      const { rgba } = decode(await readFile(path.join(outDir, 'tray', file)));
      let sum = 0;
      let n = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3]! < 128) continue;
        sum += (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
        n += 1;
      }
      return sum / n;
    };
    expect(await meanOfVisible('tray-light@2x.png')).toBeLessThan(64);
    expect(await meanOfVisible('tray-dark@2x.png')).toBeGreaterThan(192);
  });
});
