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

/// A line over time: points {label (the date), value, detail}, oldest first, drawn in a
/// 1000×200 box stretched to the chart's width (the stroke keeps its width through CSS's
/// vector-effect), with the axis texts in HTML so they are not stretched. Each point has a
/// hover/focus target that names its day and numbers.
export function lineChart({ title, points, id }) {
  const width = 1000;
  const height = 200;
  const top = Math.max(1, ...points.map((point) => point.value));
  const x = (index) => (points.length === 1 ? width / 2 : (index / (points.length - 1)) * width);
  const y = (value) => height - (value / top) * (height - 8);
  const line = points.map((point, index) => `${x(index).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
  const slot = width / points.length;
  const targets = points.map((point, index) => svg('rect', {
    class: 'point', x: Math.max(0, x(index) - slot / 2), y: 0, width: slot, height, tabindex: 0,
    'aria-label': `${point.label}：${point.detail}`, 'data-label': point.label,
  }, svg('title', {}, `${point.label}：${point.detail}`)));
  const last = points[points.length - 1];
  return h('figure', { class: 'chart line-chart', id },
    h('figcaption', {}, title, h('span', { class: 'chart-hint' }, `（至${last.label}共 ${last.value} 人）`)),
    h('div', { class: 'line-box' },
      h('span', { class: 'axis-top' }, String(top)),
      svg('svg', { class: 'line', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${title}，至${last.label}共 ${last.value} 人` },
        svg('line', { class: 'baseline', x1: 0, y1: height, x2: width, y2: height }),
        svg('polyline', { class: 'cumulative', points: points.length === 1 ? `0,${height} ${line}` : line }),
        targets)),
    h('div', { class: 'axis-dates' }, h('span', {}, points[0].label), h('span', {}, last.label)));
}
