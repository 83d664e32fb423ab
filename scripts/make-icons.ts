// Generates every icon the app ships from two SVG sources in build/:
//   icon.svg -> build/icons/<n>x<n>.png (Linux), build/icon.png (1024), build/icon.icns (macOS),
//               build/icon.ico (Windows)
//   tray.svg -> build/tray/tray-light[@2x].png (dark glyph, for light menu bars and taskbars),
//               tray-dark[@2x].png (light glyph, for dark ones), trayTemplate[@2x].png (macOS
//               template image: black + alpha only, macOS tints it for the menu bar)
// Reproducible: same sources -> byte-identical files (no system fonts, no timestamps), so the
// committed files can be checked against a fresh run. Usage: tsx scripts/make-icons.ts [--source DIR] [--out DIR]
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Linux hicolor sizes (electron-builder installs build/icons/<n>x<n>.png as is). */
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Tray glyph colours: `light`/`dark` name the menu bar the image is meant for. */
export const TRAY_VARIANTS = {
  'tray-light': '#202124',
  'tray-dark': '#FFFFFF',
  trayTemplate: '#000000',
} as const;

/** Tray base size in px; an @2x file is rendered at twice that. */
export const TRAY_SIZE = 16;

/** Renders an SVG to a PNG of the given width, deterministically. */
export function renderPng(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    // No system fonts: the sources have no text, and font discovery differs between machines.
    font: { loadSystemFonts: false },
  });
  return Buffer.from(resvg.render().asPng());
}

/** Every output file (path relative to the output dir) with its bytes. */
export async function renderIcons(sourceDir: string): Promise<Map<string, Buffer>> {
  const appSvg = await readFile(path.join(sourceDir, 'icon.svg'), 'utf8');
  const traySvg = await readFile(path.join(sourceDir, 'tray.svg'), 'utf8');
  const files = new Map<string, Buffer>();

  for (const size of APP_ICON_SIZES) files.set(`icons/${size}x${size}.png`, renderPng(appSvg, size));
  const big = renderPng(appSvg, 1024);
  files.set('icon.png', big);

  const icns = png2icons.createICNS(big, png2icons.BICUBIC, 0);
  // Bitmaps below 64 px and PNG above: the variant Windows executables embed reliably.
  const ico = png2icons.createICO(big, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not convert build/icon.svg');
  files.set('icon.icns', icns);
  files.set('icon.ico', ico);

  for (const [name, color] of Object.entries(TRAY_VARIANTS)) {
    const svg = traySvg.replaceAll('currentColor', color);
    files.set(`tray/${name}.png`, renderPng(svg, TRAY_SIZE));
    files.set(`tray/${name}@2x.png`, renderPng(svg, TRAY_SIZE * 2));
  }
  return files;
}

/** Renders all icons from sourceDir into outDir; returns the paths written. */
export async function makeIcons(sourceDir: string, outDir: string): Promise<string[]> {
  const files = await renderIcons(sourceDir);
  const written: string[] = [];
  for (const [rel, bytes] of files) {
    const target = path.join(outDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
    written.push(target);
  }
  return written;
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const sourceDir = path.resolve(opt('--source') ?? path.join(root, 'build'));
  const outDir = path.resolve(opt('--out') ?? path.join(root, 'build'));
  const written = await makeIcons(sourceDir, outDir);
  console.log(
    `make-icons: ${written.length} files written to ${path.relative(process.cwd(), outDir) || '.'}`,
  );
}
