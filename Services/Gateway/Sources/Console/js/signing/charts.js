// 数据统计's charts, drawn as SVG by hand (no library; no style attributes, which the CSP
// refuses: the look is console.css's classes). Each bar's geometry is in percentages of the
// chart's width and its text in CSS pixels, so the same chart is readable on a 390 px phone
// and on a desktop without scaling its letters.
import { h } from '../ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW_HEIGHT = 44;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child)))));
  return element;
}

/// Horizontal bars, one per item: {label, value (0–1), text (the printed percentage), detail
/// (the tooltip and spoken label), total (the 总计 bar)}; `open(item)` runs when a bar is
/// clicked (or Enter/Space on it). Answers a figure with its caption.
export function barChart({ title, items, open, id, hint }) {
  const height = items.length * ROW_HEIGHT + 4;
  const bars = items.map((item, index) => {
    const top = index * ROW_HEIGHT;
    const share = Math.max(0, Math.min(1, item.value || 0));
    const activate = () => open(item);
    return svg('g', {
      class: `bar${item.total ? ' total' : ''}`, role: 'button', tabindex: 0, 'aria-label': `${item.label}：${item.text}，${item.detail}`,
      'data-label': item.label,
      onclick: activate,
      onkeydown: (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); activate(); } },
    },
    svg('title', {}, `${item.label}：${item.text}（${item.detail}），${hint}`),
    svg('rect', { class: 'hit', x: 0, y: top, width: '100%', height: ROW_HEIGHT }),
    svg('text', { class: 'bar-label', x: 0, y: top + 15 }, item.label, svg('tspan', { class: 'bar-value', dx: 8 }, item.text)),
    svg('rect', { class: 'track', x: 0, y: top + 22, width: '100%', height: 14, rx: 2 }),
    share > 0 ? svg('rect', { class: 'fill', x: 0, y: top + 22, width: `${(share * 100).toFixed(2)}%`, height: 14, rx: 2 }) : null);
  });
  return h('figure', { class: 'chart', id },
    h('figcaption', {}, title, h('span', { class: 'chart-hint' }, `（${hint}）`)),
    svg('svg', { class: 'bars', width: '100%', height, role: 'group', 'aria-label': title }, bars));
}
