// The 档案/户口信息 form (DOMAIN.md §5) shared by the graduate's application and the school's
// direct edit: the code lists, which fields each 档案转递类型 and 是否迁移户口 need (as
// Services/Archive/Domain/ArchiveValidation.swift checks them), the values read back, and the
// values shown as people read them. Controls are named `values.<field>`, as the server's 400
// names them (`error.field`), so a refusal is shown beside its field.
import { h, field, input, select } from '../ui.js';
import { regionPicker } from '../region-picker.js';

export const TRANSFER_TYPES = [['01', '单位接收'], ['02', '托管单位接收'], ['03', '转回生源地'], ['04', '升学外校接收'], ['05', '保留原校'], ['99', '其他']];
export const TRANSFER_METHODS = [['01', '机要通信'], ['02', 'EMS']];
export const HUKOU_CHOICES = [['1', '是'], ['0', '否']];
export const MIGRATION_TYPES = [['01', '迁回生源地'], ['02', '迁至就业单位所在地'], ['03', '迁至升学学校'], ['99', '其他']];
export const RECORD_STATUSES = [['unregistered', '未登记'], ['underReview', '审核中'], ['registered', '已登记']];
export const APPLICATION_STATUSES = [['awaitingDepartment', '等待院系审核'], ['awaitingSchool', '等待学校审核'], ['approved', '审核通过'],
  ['rejected', '审核不通过'], ['withdrawn', '毕业生已撤回']];

const RECEIVING_UNIT = ['receivingUnitName', 'receivingUnitRegion', 'receivingUnitAddress', 'receivingUnitPostcode', 'receivingUnitContact', 'receivingUnitPhone'];
const HUKOU_DESTINATION = ['hukouMigrationType', 'hukouRegion', 'hukouAddress', 'policeStation'];

/// Every field in the form's order, with its label and, for codes, its list.
export const FIELDS = [
  { key: 'transferType', label: '档案转递类型', codes: TRANSFER_TYPES },
  { key: 'receivingUnitName', label: '档案接收单位名称', max: 100 },
  { key: 'receivingUnitRegion', label: '接收单位所在地', region: true },
  { key: 'receivingUnitAddress', label: '接收单位地址', max: 200 },
  { key: 'receivingUnitPostcode', label: '邮编', max: 6, pattern: '[0-9]{6}', patternMessage: '邮编应为6位数字' },
  { key: 'receivingUnitContact', label: '联系人', max: 50 },
  { key: 'receivingUnitPhone', label: '联系电话', max: 20 },
  { key: 'transferMethod', label: '转递方式', codes: TRANSFER_METHODS },
  { key: 'trackingNumber', label: '转递单号', max: 30, pattern: '[A-Za-z0-9]*', patternMessage: '转递单号只能包含字母和数字' },
  { key: 'retentionDeadline', label: '保留期限', date: true },
  { key: 'transferNote', label: '档案转递说明', max: 200, wide: true },
  { key: 'migratesHukou', label: '是否迁移户口', codes: HUKOU_CHOICES },
  { key: 'hukouMigrationType', label: '户口迁移类型', codes: MIGRATION_TYPES },
  { key: 'hukouRegion', label: '户口迁入地区', region: true },
  { key: 'hukouAddress', label: '户口迁入详细地址', max: 200 },
  { key: 'policeStation', label: '接收派出所', max: 100 },
];
const byKey = new Map(FIELDS.map((spec) => [spec.key, spec]));

/// Which fields apply and which are required for these 档案转递类型 and 是否迁移户口.
export function rulesFor(type, migrates) {
  const applies = new Set(['transferType', 'migratesHukou', 'transferNote']);
  const required = new Set(['transferType', 'migratesHukou']);
  if (type !== '05') {
    for (const key of [...RECEIVING_UNIT, 'transferMethod', 'trackingNumber']) applies.add(key);
  } else {
    applies.add('retentionDeadline');
    required.add('retentionDeadline');
  }
  if (['01', '02', '03', '04'].includes(type)) RECEIVING_UNIT.forEach((key) => required.add(key));
  if (type === '99') required.add('transferNote');
  if (migrates === '1') HUKOU_DESTINATION.forEach((key) => { applies.add(key); required.add(key); });
  return { applies, required };
}

/// The name people read of a field's stored value (a code's name, a place's full name).
export function shownValue(key, values = {}) {
  const value = values[key];
  if (value === undefined || value === null || value === '') return '';
  const spec = byKey.get(key);
  if (spec?.codes) return spec.codes.find(([code]) => code === value)?.[1] || value;
  if (spec?.region) return values[key + 'Name'] || value;
  return String(value);
}

export function transferTypeName(code) {
  return TRANSFER_TYPES.find(([value]) => value === code)?.[1] || '';
}

function controlOf(spec, value) {
  const name = 'values.' + spec.key;
  if (spec.codes) return select(name, [['', '请选择'], ...spec.codes], value || '');
  if (spec.region) return regionPicker(name, value || '');
  if (spec.date) return input(name, { type: 'date', value: value || '' });
  if (spec.wide) return h('textarea', { name, id: 'f-' + name, rows: 2, maxlength: spec.max }, value || '');
  return input(name, { value: value || '', maxlength: spec.max, pattern: spec.pattern, 'data-pattern-message': spec.patternMessage,
    inputmode: spec.key === 'receivingUnitPostcode' ? 'numeric' : null });
}

/// The form's fields for `values` (the values to start from), in two groups (档案, 户口). The
/// fields that do not apply are hidden and disabled (not checked, not sent); the required
/// mark (＊) follows the 档案转递类型 and 是否迁移户口 chosen. Answers {nodes, update, fill}.
export function archiveFields(values = {}) {
  const parts = new Map();
  for (const spec of FIELDS) {
    const control = controlOf(spec, values[spec.key]);
    // Every field gets the mark; update() shows it only where the field is required now.
    const node = field(spec.label, control, { required: true, wide: spec.wide });
    parts.set(spec.key, { node, control: control.valueControl || control, picker: control.valueControl ? control : null });
  }
  const transferType = parts.get('transferType').control;
  const migrates = parts.get('migratesHukou').control;

  function update() {
    const { applies, required } = rulesFor(transferType.value, migrates.value);
    for (const [key, part] of parts) {
      const shown = applies.has(key);
      const needed = required.has(key);
      part.node.hidden = !shown;
      part.control.disabled = !shown;
      part.picker?.querySelectorAll('select').forEach((level) => { level.disabled = !shown; });
      part.control.required = needed;
      if (needed) part.control.setAttribute('aria-required', 'true'); else part.control.removeAttribute('aria-required');
      part.node.classList.toggle('required', needed);
      const mark = part.node.querySelector('.required-mark');
      if (mark) mark.hidden = !needed;
    }
  }
  transferType.addEventListener('change', update);
  migrates.addEventListener('change', update);
  update();

  const group = (title, keys) => [h('h4', { class: 'wide' }, title), keys.map((key) => parts.get(key).node)];
  const nodes = [
    ...group('档案信息', FIELDS.slice(0, 11).map((spec) => spec.key)),
    ...group('户口信息', FIELDS.slice(11).map((spec) => spec.key)),
  ];
  return { nodes, update, parts };
}

/// The values to send: every field that applies, empty ones as null.
export function readArchiveValues(form) {
  const values = {};
  for (const spec of FIELDS) {
    const control = form.elements['values.' + spec.key];
    const text = control && !control.disabled ? control.value.trim() : '';
    values[spec.key] = text === '' ? null : text;
  }
  return values;
}

/// The controls a form made with archiveFields shows the 同步 suggestion in: 档案转递类型, the
/// unit's name, place and address (what the suggestion knows); the rest stays as typed.
export function applySuggestion(form, suggestion, parts) {
  const set = (key, value) => {
    if (value === undefined || value === null) return;
    const control = form.elements['values.' + key];
    if (control) control.value = value;
  };
  set('transferType', suggestion.transferType);
  parts.get('transferType').control.dispatchEvent(new Event('change'));
  set('receivingUnitName', suggestion.receivingUnitName);
  set('receivingUnitAddress', suggestion.receivingUnitAddress);
  if (suggestion.receivingUnitRegion) {
    // The 行政区划 picker starts over at the suggested place.
    const old = parts.get('receivingUnitRegion');
    const picker = regionPicker('values.receivingUnitRegion', suggestion.receivingUnitRegion);
    old.picker.replaceWith(picker);
    picker.valueControl.dataset.label = old.control.dataset.label;
    old.picker = picker;
    old.control = picker.valueControl;
    parts.get('transferType').control.dispatchEvent(new Event('change'));
  }
}

/// The 同步 suggestion as people read it.
export function suggestionText(suggestion) {
  const place = suggestion.receivingUnitRegionName ? `，${suggestion.receivingUnitRegionName}` : '';
  const address = suggestion.receivingUnitAddress ? `，${suggestion.receivingUnitAddress}` : '';
  return `${transferTypeName(suggestion.transferType)}：${suggestion.receivingUnitName}${place}${address}（来源：${suggestion.from}）`;
}
