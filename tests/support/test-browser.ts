import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { chromium, type Browser } from 'playwright-core';

/**
 * The browser tests' Chromium comes from npm: `@sparticuz/chromium` ships a brotli-packed Chromium (a
 * chrome-headless-shell build), the NSS libraries it links against (its `al2023` archive, unpacked by the
 * package only on AWS Lambda) and a Latin font; the CJK font is `@fontsource/noto-sans-sc`. They are unpacked
 * once per package version into a cache folder under the temp folder, so no OS library or font is needed.
 * CHROMIUM_PATH (e.g. /usr/bin/chromium) uses another build instead, still with the npm fonts.
 */
export const CHROMIUM_MAJOR = 143;

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface UnpackedChromium {
  executablePath: string;
  /** Folders for LD_LIBRARY_PATH; none for a CHROMIUM_PATH build, which uses the OS's libraries. */
  libraryPath: string[];
  /** A fontconfig file naming only the npm fonts, so pages look the same on every machine. */
  fontconfigFile: string;
  describe: string;
}

/** Launches the tests' Chromium (headless, no sandbox); fails with one line naming the build and the reason. */
export async function launchTestBrowser(): Promise<Browser> {
  const build = await unpackedChromium();
  const env: Record<string, string> = { ...(process.env as Record<string, string>), FONTCONFIG_FILE: build.fontconfigFile };
  if (build.libraryPath.length) env.LD_LIBRARY_PATH = [...build.libraryPath, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  try {
    return await chromium.launch({ executablePath: build.executablePath, args: LAUNCH_ARGS, env });
  } catch (err) {
    throw new Error(`${build.describe} did not start: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** The npm Chromium unpacked (or CHROMIUM_PATH), with the npm fonts; the unpacking happens once per version. */
async function unpackedChromium(): Promise<UnpackedChromium> {
  const fonts = await cached('hotline-fonts', fontsourceVersion(), unpackFonts);
  const fontconfigFile = path.join(fonts, 'fonts.conf');
  if (process.env.CHROMIUM_PATH) {
    return { executablePath: process.env.CHROMIUM_PATH, libraryPath: [], fontconfigFile, describe: `Chromium at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` };
  }
  const pkg = sparticuzPackage();
  const dir = await cached('hotline-chromium', pkg.version, async (target) => {
    await inflate(path.join(pkg.bin, 'chromium.br'), path.join(target, 'chromium'), 0o755);
    // SwiftShader's GL libraries sit next to the binary, where Chromium looks for them.
    untar(zlib.brotliDecompressSync(fs.readFileSync(path.join(pkg.bin, 'swiftshader.tar.br'))), target);
    untar(zlib.brotliDecompressSync(fs.readFileSync(path.join(pkg.bin, 'al2023.tar.br'))), path.join(target, 'al2023'));
  });
  return {
    executablePath: path.join(dir, 'chromium'),
    libraryPath: [path.join(dir, 'al2023', 'lib')],
    fontconfigFile,
    describe: `Chromium from @sparticuz/chromium@${pkg.version} (${dir})`,
  };
}

function sparticuzPackage(): { version: string; bin: string } {
  // Its exports map hides package.json; the CommonJS entry is build/cjs/index.cjs.
  const root = path.resolve(path.dirname(require.resolve('@sparticuz/chromium')), '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { version, bin: path.join(root, 'bin') };
}

function fontsourceRoot(): string {
  return path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
}

function fontsourceVersion(): string {
  return `${(JSON.parse(fs.readFileSync(path.join(fontsourceRoot(), 'package.json'), 'utf8')) as { version: string }).version}-${sparticuzPackage().version}`;
}

/**
 * Open Sans from @sparticuz/chromium for Latin, Noto Sans SC (regular, bold) from @fontsource for Chinese. The
 * CJK font goes to fontconfig rather than into pages: the console's CSP admits no injected style, and canvas
 * charts (Chart.js asks for Helvetica/Arial/sans-serif) only fall back to fonts fontconfig knows.
 */
function unpackFonts(target: string, final: string): void {
  const pack = path.join(target, 'pack');
  untar(zlib.brotliDecompressSync(fs.readFileSync(path.join(sparticuzPackage().bin, 'fonts.tar.br'))), pack);
  const fonts = path.join(target, 'fonts');
  fs.mkdirSync(fonts, { recursive: true });
  for (const file of fs.readdirSync(path.join(pack, 'fonts', 'Open_Sans')))
    fs.copyFileSync(path.join(pack, 'fonts', 'Open_Sans', file), path.join(fonts, file));
  fs.rmSync(pack, { recursive: true, force: true });
  for (const weight of ['400', '700']) {
    const woff = fs.readFileSync(path.join(fontsourceRoot(), 'files', `noto-sans-sc-chinese-simplified-${weight}-normal.woff`));
    fs.writeFileSync(path.join(fonts, `NotoSansSC-${weight}.otf`), sfntFromWoff(woff));
  }
  const prefer = '<prefer><family>Open Sans</family><family>Noto Sans SC</family></prefer>';
  const aliases = ['sans-serif', 'serif', 'monospace', 'system-ui'].map((f) => `  <alias><family>${f}</family>${prefer}</alias>`);
  fs.writeFileSync(
    path.join(target, 'fonts.conf'),
    [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      `  <dir>${path.join(final, 'fonts')}</dir>`,
      `  <cachedir>${path.join(final, 'fontconfig-cache')}</cachedir>`,
      ...aliases,
      '</fontconfig>',
      '',
    ].join('\n'),
  );
}

/**
 * `<tmp>/<name>-<version>-<uid>`, filled by `fill(partial, final)` in a private folder and renamed into place, so
 * parallel test workers never see a half-unpacked one (the loser of a race throws its copy away).
 */
async function cached(name: string, version: string, fill: (dir: string, final: string) => void | Promise<void>): Promise<string> {
  const uid = process.getuid?.() ?? 'user';
  const dir = path.join(os.tmpdir(), `${name}-${version}-${uid}`);
  if (ownDirectory(dir)) return dir;
  const partial = fs.mkdtempSync(`${dir}.partial-`);
  try {
    await fill(partial, dir);
    fs.renameSync(partial, dir);
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (ownDirectory(dir)) return dir;
    throw err;
  }
  return dir;
}

function ownDirectory(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && stat.uid === (process.getuid?.() ?? stat.uid);
  } catch {
    return false;
  }
}

async function inflate(source: string, target: string, mode: number): Promise<void> {
  await pipeline(fs.createReadStream(source), zlib.createBrotliDecompress(), fs.createWriteStream(target, { mode }));
}

/** Extracts the regular files, folders and symlinks of a (ustar or GNU) tar archive into `target`. */
function untar(archive: Buffer, target: string): void {
  const text = (from: number, length: number) => archive.toString('utf8', from, from + length).replace(/\0.*$/s, '');
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = offset;
    if (archive.subarray(header, header + 512).every((b) => b === 0)) break;
    const size = parseInt(text(header + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(archive[header + 156]!);
    const prefix = text(header + 257, 6).startsWith('ustar') ? text(header + 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${text(header, 100)}` : text(header, 100));
    longName = undefined;
    const body = archive.subarray(header + 512, header + 512 + size);
    offset = header + 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x' || type === 'g') continue; // pax attributes: nothing these archives need
    const out = path.resolve(target, name);
    if (out !== path.resolve(target) && !out.startsWith(path.resolve(target) + path.sep)) throw new Error(`tar entry outside its folder: ${name}`);
    const mode = parseInt(text(header + 100, 8).trim() || '644', 8) & 0o777;
    if (type === '5') fs.mkdirSync(out, { recursive: true });
    else if (type === '0' || type === '\0') {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, body, { mode });
    } else if (type === '2') {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.symlinkSync(text(header + 157, 100), out);
    } else throw new Error(`tar entry of unsupported type ${JSON.stringify(type)}: ${name}`);
  }
}

/** A WOFF 1.0 font as the OpenType/TrueType file it wraps (fontconfig's FreeType need not read WOFF). */
function sfntFromWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((d) => woff.readUInt32BE(at + d)) as [number, number, number, number, number];
    const stored = woff.subarray(offset, offset + compLength);
    return { tag, checksum, data: compLength < origLength ? zlib.inflateSync(stored) : stored };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(woff.readUInt32BE(4), 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const chunks: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    head.writeUInt32BE(t.tag, 12 + i * 16);
    head.writeUInt32BE(t.checksum, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = Buffer.alloc(Math.ceil(t.data.length / 4) * 4);
    t.data.copy(padded);
    chunks.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(chunks);
}
