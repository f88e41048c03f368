import type { Page } from 'playwright-core';

/**
 * Colour contrast of the text on a page, by the WCAG 2.x formula (axe-core is not installed here): for every
 * visible element with text of its own, the contrast ratio of its colour against the background behind it
 * (its own and its ancestors' background colours composited, over white), which must be at least 4.5:1, or
 * 3:1 for large text (24px, or 18.66px bold). Text over a background image or gradient is not measured (listed
 * apart as `unmeasured`). Returns the failures, each with the text, its colours and the ratio.
 */
export interface ContrastFailure {
  text: string;
  color: string;
  background: string;
  ratio: number;
  required: number;
}

// Runs in the page: plain JavaScript, so that the test's TypeScript (no DOM types) needs no casts.
const SCRIPT = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const ch = (v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const rgb = (c) => 'rgb(' + [c.r, c.g, c.b].map(Math.round).join(', ') + ')';
  const failures = [];
  let unmeasured = 0;
  let measured = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
    if (el.closest('[aria-hidden="true"]') || el.closest('svg') || el.closest('canvas')) continue;
    // The backgrounds behind the element, from the root down.
    const chain = [];
    let image = false;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') image = true;
      opacity *= Number(s.opacity);
      chain.push(parse(s.backgroundColor) || { r: 0, g: 0, b: 0, a: 0 });
    }
    if (image) { unmeasured++; continue; }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (const c of chain.reverse()) if (c.a > 0) bg = over(c, bg);
    const fg0 = parse(style.color);
    if (!fg0) { unmeasured++; continue; }
    const fg = over({ ...fg0, a: fg0.a * opacity }, bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    measured++;
    if (ratio < required)
      failures.push({
        text: el.textContent.trim().slice(0, 60),
        color: rgb(fg),
        background: rgb(bg),
        ratio: Math.round(ratio * 100) / 100,
        required,
      });
  }
  return { failures, measured, unmeasured };
})()`;

export async function contrastFailures(
  page: Page,
): Promise<{ failures: ContrastFailure[]; measured: number; unmeasured: number }> {
  return page.evaluate(SCRIPT);
}
