'use strict';
/**
 * Renders assets/icon.svg to the PNG sizes the manifest declares, with headless Chromium, so the
 * icons are reproducible from one drawn source. The PNGs are committed; run this only after
 * editing the SVG:  node scripts/manifest/make-icons.js [--preview out.png]
 *
 * --preview also writes a contact sheet (each size on light and dark, and enlarged without
 * smoothing) for checking the 16 px icon by eye.
 */
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const ASSETS = path.resolve(__dirname, '../../assets');
/** 16/32/80 for the ribbon button, 64 IconUrl, 128 HighResolutionIconUrl. */
const SIZES = [16, 32, 64, 80, 128];
/** At or below this the glint is dropped: it turns into a grey smudge at 16 px. */
const SMALL_MAX = 16;
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function pageFor(svg, size) {
  const sized = svg.replace(/<svg\b/, `<svg class="${size <= SMALL_MAX ? 'small' : 'large'}"`).replace(/\swidth="\d+"\s+height="\d+"/, ` width="${size}" height="${size}"`);
  return `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>${sized}</body></html>`;
}

async function main() {
  const svg = fs.readFileSync(path.join(ASSETS, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1, viewport: { width: 256, height: 256 } });
    for (const size of SIZES) {
      await page.setContent(pageFor(svg, size));
      const out = path.join(ASSETS, `icon-${size}.png`);
      await page.screenshot({ path: out, clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true });
      console.log(`wrote ${path.relative(process.cwd(), out)}`);
    }
    const previewAt = process.argv.indexOf('--preview');
    if (previewAt !== -1 && process.argv[previewAt + 1]) {
      const img = (s, zoom) =>
        `<img src="data:image/png;base64,${fs.readFileSync(path.join(ASSETS, `icon-${s}.png`)).toString('base64')}" width="${s * zoom}" height="${s * zoom}">`;
      const row = (bg) =>
        `<div style="background:${bg};padding:12px;display:flex;gap:16px;align-items:end">${SIZES.map((s) => img(s, 1)).join('')}${img(16, 8)}${img(32, 4)}</div>`;
      await page.setViewportSize({ width: 900, height: 420 });
      await page.setContent(`<body style="margin:0;image-rendering:pixelated">${row('#ffffff')}${row('#f3f2f1')}${row('#1f1f1f')}${row('#292929')}</body>`);
      await page.screenshot({ path: process.argv[previewAt + 1], fullPage: true });
      console.log(`wrote ${process.argv[previewAt + 1]}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
