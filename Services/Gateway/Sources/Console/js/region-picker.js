// 行政区划 picker: province → city → county selects over GET /api/v1/regions (GB/T 2260), one
// level at a time, instead of typing a six-digit code. The chosen code (the deepest level
// picked) sits in a hidden input named like the field it replaces, so forms read it as before
// and a server error naming that field is shown beside the picker.
import { api, query } from './api.js';
import { h } from './ui.js';

const levels = ['省/自治区/直辖市', '市/州', '区/县'];
const cache = new Map();

/// The divisions under `parent` ('' for the provinces), asked once per page load.
function children(parent) {
  if (!cache.has(parent)) {
    const request = api('GET', '/regions' + query({ parent: parent || null })).then((answer) => answer.items);
    request.catch(() => cache.delete(parent));
    cache.set(parent, request);
  }
  return cache.get(parent);
}

/// A picker for field `name`, starting at `value` (a code; '' for none).
export function regionPicker(name, value = '') {
  const hidden = h('input', { type: 'hidden', name, value });
  const selects = levels.map((label, depth) => h('select', { 'aria-label': label, class: 'region-level', hidden: depth > 0 },
    h('option', { value: '' }, `请选择${label}`)));
  const wrapper = h('span', { class: 'region-picker', id: 'f-' + name }, selects, hidden);
  // field() (ui.js) puts the label and `required` on the value; checkForm checks it there.
  wrapper.valueControl = hidden;

  async function fill(depth, parent, chosen) {
    for (const deeper of selects.slice(depth)) {
      deeper.replaceChildren(deeper.firstChild ?? h('option', { value: '' }, ''));
      deeper.hidden = deeper !== selects[0];
    }
    if (depth >= selects.length) return;
    const items = await children(parent);
    const select = selects[depth];
    select.append(...items.map((region) => h('option', { value: region.code, dataset: { more: region.hasChildren ? '1' : '' } }, region.name)));
    select.hidden = items.length === 0;
    if (chosen && items.some((region) => region.code === chosen)) select.value = chosen;
  }

  async function choose(depth) {
    const select = selects[depth];
    const code = select.value;
    // The deepest level picked is the answer; clearing a level falls back to the one above.
    hidden.value = code || (depth > 0 ? selects[depth - 1].value : '');
    // A refusal shown beside the picker no longer applies once another place is picked.
    if (hidden.classList.contains('invalid')) {
      hidden.classList.remove('invalid');
      hidden.removeAttribute('aria-invalid');
      wrapper.closest('label')?.querySelector('.field-error')?.remove();
    }
    const more = select.selectedOptions[0]?.dataset.more === '1';
    if (code && more) {
      await fill(depth + 1, code, null);
    } else {
      for (const deeper of selects.slice(depth + 1)) { deeper.replaceChildren(deeper.firstChild); deeper.hidden = true; }
    }
  }
  selects.forEach((select, depth) => select.addEventListener('change', () => choose(depth)));

  // Start at the given code: its province, then its prefecture (if it has one), then itself.
  (async () => {
    await fill(0, '', value ? value.slice(0, 2) + '0000' : null);
    if (!value || !selects[0].value) return;
    const province = selects[0].value;
    const prefecture = value.slice(0, 4) + '00';
    const underProvince = await children(province);
    const second = underProvince.some((region) => region.code === value) ? value : prefecture;
    if (value === province) { await fill(1, province, null); return; }
    await fill(1, province, second);
    if (second !== value) await fill(2, second, value);
    else if (underProvince.find((region) => region.code === value)?.hasChildren) await fill(2, value, null);
  })().catch(() => { /* the selects stay as they are; the hidden value is kept */ });
  return wrapper;
}
