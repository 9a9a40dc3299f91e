import type { Browser } from 'playwright-core';
import { CHROMIUM_MAJOR, launchTestBrowser } from './test-browser';

describe("the browser tests' Chromium", () => {
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
  });

  test(`when the pinned Chromium is launched through the pinned playwright-core, then it is Chromium ${CHROMIUM_MAJOR} and renders Chinese with a real font`, async () => {
    browser = await launchTestBrowser();
    expect(Number(browser.version().split('.')[0])).toBe(CHROMIUM_MAJOR);
    const page = await browser.newPage();
    await page.setContent(
      '<p lang="zh-CN" style="font: 40px sans-serif"><span id="zh">通话流程</span> <span id="box">\u{10FFFD}\u{10FFFD}\u{10FFFD}\u{10FFFD}</span></p>',
    );
    // A font with the glyphs draws each ideograph about 1 em wide; without one they are all the same ".notdef" box.
    const widths = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { getBoundingClientRect(): { width: number } } } }).document;
      return { zh: doc.getElementById('zh').getBoundingClientRect().width, box: doc.getElementById('box').getBoundingClientRect().width };
    });
    expect(widths.zh).toBeGreaterThan(150);
    expect(widths.zh).not.toBeCloseTo(widths.box, 0);
  }, 60_000);
});
