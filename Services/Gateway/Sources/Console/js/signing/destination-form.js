// The form part of a 毕业去向登记 (DOMAIN.md §4.6, §7): the category, then that category's own
// fields (labels and required ones from the code lists' destinationCategories) and its proof.
// Used by the graduate (登记, 修改后重新提交) and the school (修改, 代为登记).
import { field, input, select, h } from '../ui.js';
import { fileField } from './parts.js';
import { regionPicker } from '../region-picker.js';

function control(spec, value, codes) {
  if (spec.key === 'studyLevel') {
    return select(spec.key, [['', '请选择'], ...(codes.studyLevels || []).map((level) => [level.code, level.name])], value);
  }
  if (spec.key === 'remark') return h('textarea', { name: spec.key, rows: 2, maxlength: 200 }, value);
  // 单位所在地, 入伍地: picked from the 行政区划 list (the six-digit code is what is stored).
  if (spec.key === 'unitRegion' || spec.key === 'enlistmentRegion') return regionPicker(spec.key, value);
  return input(spec.key, { value, maxlength: spec.key === 'creditCode' ? 18 : 100 });
}

/// `initial`: {category, fields}; `proof`: 'required', 'optional' (the school registering), or
/// 'replace' (a correction keeps the proof already given unless a new one is chosen).
/// Answers {nodes, read(form) → {category, fields}, proofName() → the proof's name or null}.
export function destinationParts(codes, initial = {}, { proof = 'required' } = {}) {
  const categories = codes.destinationCategories || [];
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const box = h('div', { class: 'destination-fields' });
  const chooser = select('category', [['', '请选择毕业去向'], ...categories.map((category) => [category.code, category.name])], initial.category || '');
  function renderFields() {
    const category = byCode.get(chooser.value);
    const values = chooser.value === initial.category ? initial.fields || {} : {};
    box.replaceChildren(...(category ? [
      ...category.fields.map((spec) => field(spec.required ? spec.label : `${spec.label}（可选）`, control(spec, values[spec.key] ?? '', codes),
        { wide: spec.key === 'remark', required: spec.required, name: spec.label })),
      category.proofName ? fileField(proof === 'replace' ? `重新上传${category.proofName}` : category.proofName, { optional: proof !== 'required' }) : null,
    ] : []));
  }
  chooser.addEventListener('change', renderFields);
  renderFields();
  return {
    nodes: [field('毕业去向', chooser, { required: true }), h('div'), box],
    read(form) {
      const category = byCode.get(chooser.value);
      const fields = {};
      for (const spec of category ? category.fields : []) fields[spec.key] = form.elements[spec.key]?.value.trim() ?? '';
      return { category: chooser.value, fields };
    },
    proofName: () => byCode.get(chooser.value)?.proofName || null,
  };
}

/// The label of a field key in a category (details show fields with their labels).
export function fieldLabels(codes, categoryCode) {
  const category = (codes.destinationCategories || []).find((entry) => entry.code === categoryCode);
  return new Map((category ? category.fields : []).map((spec) => [spec.key, spec.label]));
}

/// A field's value as people read it (学历层次 is stored as its code).
export function fieldText(codes, key, value) {
  if (key === 'studyLevel') return (codes.studyLevels || []).find((level) => level.code === value)?.name || value;
  return value;
}
