// The staff lists of the signing module (签约, 补登, 解约, 去向登记, 失效信息): the filters every
// list has (DOMAIN.md §4: 届别, 院系, 专业, 学历, 状态, name/ID fragment, dates), paging, Excel
// export (the same query with format=xlsx), and the presets 数据统计 opens a list with.
import { api, query } from '../api.js';
import { codeLists, choices } from '../codes.js';
import { h, mount, input, select, formValues, table, Pager, saveBlob, showError, filter } from '../ui.js';
import { currentCohort } from './format.js';

const PAGE_SIZE = 20;

// 数据统计 opens a list filtered like the number clicked: {path → {values, label}}.
const presets = new Map();

/// Opens the module page `path` with these filter values (a status may be a comma list,
/// shown under `label`).
export function openListWith(navigate, module, path, values, label) {
  presets.set(path, { values, label });
  navigate(`#/m/${module}/${path}`);
}

/// Applies a preset to the filter form: values of selects that lack them become an option
/// named `label`, values with no control ride along as hidden inputs until 清除. Answers the
/// note that says so.
function applyPreset(form, preset, reload) {
  const hidden = [];
  for (const [name, value] of Object.entries(preset.values)) {
    if (value === undefined || value === null || value === '') continue;
    let control = form.elements[name];
    if (!control) {
      control = h('input', { type: 'hidden', name });
      hidden.push(control);
      form.append(control);
    }
    if (control.tagName === 'SELECT' && ![...control.options].some((option) => option.value === value)) {
      control.append(h('option', { value }, preset.label || value));
    }
    control.value = value;
  }
  if (!hidden.length) return null;
  const note = h('div', { class: 'message info' }, `按数据统计“${preset.label}”筛选。`,
    h('button', { type: 'button', class: 'link', onclick: () => { hidden.forEach((control) => control.remove()); note.remove(); reload(); } }, '清除'));
  return note;
}

/// `spec`: title, id (of the results; filters are `${id}-filters`, export `export-${id}`),
/// endpoint, path (the module page, for presets), statuses(codes) → [[code, name]],
/// extraFilters(codes) → nodes, placeholder, columns(context) → table columns, emptyText,
/// before(context) → a node above the filters, actions(context) → toolbar nodes,
/// onLoad(context, values) → runs with each load (counters), params(values) → the query values,
/// selection (批量操作): {selectable(context, record) → bool, actions(context, selected() →
/// records) → buttons}; the rows that may be selected get a checkbox, with 全选本页.
/// `dates: false` leaves out the 从/到 filters, `exportable: false` the 导出Excel button.
export function recordListPage(spec) {
  return async function page(root, context) {
    const { me } = context;
    const [codes, departments] = await Promise.all([codeLists(), api('GET', '/departments')]);
    const results = h('div', { id: spec.id });
    const pager = new Pager(() => load());
    const statuses = spec.statuses ? spec.statuses(codes) : [];
    const filters = h('form', { class: 'toolbar', id: `${spec.id}-filters` },
      // Every filter has a visible label (a placeholder is gone once typed in).
      filter('届别', input('cohort', { value: String(currentCohort()), size: 6, inputmode: 'numeric' })),
      me.departmentName ? h('span', {}, `院系：${me.departmentName}`)
        : filter('院系', select('department', [['', '全部院系'], ...departments.items.map((d) => [d.name, d.name])])),
      filter('专业', input('major', { size: 10 })),
      filter('学历', select('educationLevel', choices(codes.educationLevels, '全部学历'))),
      statuses.length ? filter('状态', select('status', [['', '全部状态'], ...statuses])) : null,
      spec.extraFilters ? spec.extraFilters(codes) : null,
      filter('查找', input('q', { placeholder: spec.placeholder || '姓名/身份证号/学号', size: 22 })),
      spec.dates === false ? null : [filter('从', input('from', { type: 'date' })), filter('到', input('to', { type: 'date' }))],
      h('button', { type: 'submit', class: 'primary' }, '查询'),
      spec.exportable === false ? null : h('button', { type: 'button', id: `export-${spec.id}`, onclick: exportList }, '导出Excel'));
    filters.addEventListener('submit', (event) => { event.preventDefault(); pager.reset(); load(); });
    const preset = presets.get(spec.path);
    presets.delete(spec.path);
    const presetNote = preset ? applyPreset(filters, preset, () => { pager.reset(); load(); }) : null;

    // The per-record results of a 批量操作 stay above the list after it reloads.
    const bulkResults = spec.selection ? h('div', { id: `${spec.id}-bulk-results` }) : null;
    const ctx = { me, codes, departments, filters, results, bulkResults, reload: () => load(), navigate: context.navigate, module: context.module };
    const params = () => (spec.params ? spec.params(formValues(filters)) : formValues(filters));

    async function load() {
      try {
        if (spec.onLoad) await spec.onLoad(ctx, formValues(filters));
        const data = await api('GET', spec.endpoint + query({ ...params(), pageSize: PAGE_SIZE, pageToken: pager.token }));
        const selectable = spec.selection ? data.items.filter((record) => spec.selection.selectable(ctx, record)) : [];
        const selection = selectable.length ? selectionOf(ctx, spec, selectable) : null;
        const columns = spec.columns(ctx);
        mount(results, selection ? selection.bar : null,
          table(selection ? [{ title: '选择', label: '选择', class: 'select', value: selection.cell }, ...columns] : columns,
            data.items, spec.emptyText || '没有符合条件的记录'),
          pager.render(data.total, PAGE_SIZE, data.nextPageToken));
      } catch (error) {
        showError(results, error, filters);
      }
    }

    async function exportList() {
      try { saveBlob(await api('GET', spec.endpoint + query({ ...params(), format: 'xlsx' }), { blob: true })); } catch (error) { showError(results, error, filters); }
    }

    mount(root, h('div', { class: 'card' }, h('h2', {}, spec.title),
      spec.before ? spec.before(ctx) : null,
      spec.actions ? h('div', { class: 'toolbar' }, spec.actions(ctx)) : null,
      presetNote, filters, bulkResults, results));
    await load();
  };
}

/// The checkboxes of the selectable `records` of one page, and the bar above the list: 全选本页,
/// the count chosen, and the selection's actions (disabled while nothing is chosen).
function selectionOf(ctx, spec, records) {
  const boxes = new Map(records.map((record) => [record, h('input', {
    type: 'checkbox', class: 'row-select', value: record.id, 'aria-label': `选择${record.graduate?.name || '此记录'}`,
  })]));
  const all = h('input', { type: 'checkbox', id: `${spec.id}-select-all` });
  const count = h('span', { class: 'selected-count' });
  const selected = () => records.filter((record) => boxes.get(record).checked);
  const actions = spec.selection.actions(ctx, selected);
  function update() {
    const chosen = selected().length;
    count.textContent = `已选 ${chosen} 条`;
    all.checked = chosen === records.length;
    all.indeterminate = chosen > 0 && chosen < records.length;
    for (const button of actions) button.disabled = chosen === 0;
  }
  all.addEventListener('change', () => { boxes.forEach((box) => { box.checked = all.checked; }); update(); });
  boxes.forEach((box) => box.addEventListener('change', update));
  update();
  return {
    bar: h('div', { class: 'toolbar bulk-bar', id: `${spec.id}-bulk` }, h('label', { class: 'select-all' }, all, '全选本页'), count, actions),
    cell: (record) => boxes.get(record) || null,
  };
}

/// The 详细 link of a row: opens the record's detail, reloading the list after a step.
export function detailLink(ctx, open, label = '详细') {
  return (record) => h('button', { type: 'button', class: 'link', onclick: () =>
    open(record.id, ctx.me, ctx.reload).catch((error) => showError(ctx.results, error)) }, label);
}
