// 数据统计 (DOMAIN.md §8, guide 图30): per 院系 of a 届别, 总数, the twelve columns the service
// names (each the total of a list with a filter), and 落实率, with a 总计 row; exported to
// Excel. A number opens its list, filtered the same way. Above the table, 落实率 by 院系 as bars.
import { api, query } from '../api.js';
import { h, mount, input, formValues, saveBlob, showError, filter } from '../ui.js';
import { currentCohort } from './format.js';
import { openListWith } from './list-page.js';
import { barChart } from './charts.js';

/// The module page that lists a column's records.
function pageOf(column) {
  if (column.source === 'terminations') return 'terminations';
  if (column.source === 'registrations') return 'registrations';
  return column.flows.length === 1 && column.flows[0] === 'backRegistration' ? 'back-registrations' : 'agreements';
}

export async function statisticsPage(root, { me, navigate, module }) {
  const box = h('div', { id: 'statistics' });
  const form = h('form', { class: 'toolbar', id: 'statistics-filters' },
    filter('届别', input('cohort', { value: String(currentCohort()), size: 6, inputmode: 'numeric' })),
    h('button', { type: 'submit', class: 'primary' }, '统计'),
    h('button', { type: 'button', id: 'export-statistics', onclick: exportTable }, '导出Excel'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });

  // `department` is empty on the 总计 row.
  function cell(data, department, column, count) {
    if (!count) return String(count);
    return h('button', { type: 'button', class: 'link', title: `查看${column.name}`, onclick: () => openListWith(navigate, module, pageOf(column), {
      cohort: String(data.cohort), department: me.departmentName ? '' : department,
      status: column.statuses.join(','), flows: column.source === 'agreements' ? column.flows.join(',') : '',
    }, column.name) }, String(count));
  }

  function tableOf(data) {
    const line = (row, total) => h('tr', { class: total ? 'total' : null },
      h('td', {}, row.department), h('td', {}, String(row.total)),
      data.columns.map((column, index) => h('td', { class: 'number' }, cell(data, total ? '' : row.department, column, row.counts[index] ?? 0))),
      h('td', {}, row.placementRate));
    return h('table', { class: 'list statistics' },
      h('thead', {}, h('tr', {}, h('th', {}, '院系'), h('th', {}, '总数'), data.columns.map((column) => h('th', {}, column.name)), h('th', {}, '落实率'))),
      h('tbody', {}, data.rows.map((row) => line(row, false)), data.total ? line({ ...data.total, department: '总计' }, true) : null));
  }

  // 落实率 by 院系 (the statistics API groups by 院系 only): a bar opens the department's list of
  // the records that place its graduates by agreement (the 已签约 column's list, as its number
  // in the table does).
  function placementChart(data) {
    const signed = data.columns.find((column) => column.key === 'signed') || data.columns[0];
    const item = (row, total) => ({
      label: total ? '总计' : row.department, total,
      value: row.total ? row.placed / row.total : 0, text: row.placementRate,
      detail: `已落实 ${row.placed} 人，共 ${row.total} 人`, row,
    });
    return barChart({
      title: `${data.cohort}届各院系落实率`, id: 'placement-chart', hint: `点击查看${signed ? signed.name : ''}名单`,
      items: [...data.rows.map((row) => item(row, false)), ...(data.total && data.rows.length > 1 ? [item(data.total, true)] : [])],
      open: (chosen) => signed && openListWith(navigate, module, pageOf(signed), {
        cohort: String(data.cohort), department: (me.departmentName || chosen.total) ? '' : chosen.row.department,
        status: signed.statuses.join(','), flows: signed.source === 'agreements' ? signed.flows.join(',') : '',
      }, signed.name),
    });
  }

  async function load() {
    try {
      const data = await api('GET', '/signing-statistics' + query({ cohort: formValues(form).cohort }));
      mount(box, h('p', {}, `${data.cohort}届毕业生签约及毕业去向统计（落实率 = 已落实就业或升学的毕业生 / 总数）`),
        data.rows.length ? h('div', { class: 'charts' }, placementChart(data)) : null, tableOf(data));
    } catch (error) {
      showError(box, error, form);
    }
  }

  async function exportTable() {
    try { saveBlob(await api('GET', '/signing-statistics' + query({ cohort: formValues(form).cohort, format: 'xlsx' }), { blob: true })); } catch (error) { showError(box, error, form); }
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '数据统计'), form, box));
  await load();
}
