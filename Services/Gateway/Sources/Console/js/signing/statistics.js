// 数据统计 (DOMAIN.md §8, guide 图30): per 院系 of a 届别 (or per 学历, or per 专业 within its
// 院系), 总数, the twelve columns the service names (each the total of a list with a filter),
// and 落实率, with a 总计 row; exported to Excel. A number opens its list, filtered the same way.
// Above the table, 落实率 of the same rows as bars and the season's line of placed graduates.
import { api, query } from '../api.js';
import { h, mount, input, select, formValues, saveBlob, showError, filter } from '../ui.js';
import { currentCohort } from './format.js';
import { openListWith } from './list-page.js';
import { barChart, lineChart } from './charts.js';

const GROUPINGS = [['department', '按院系'], ['educationLevel', '按学历'], ['major', '按专业']];
const HEADINGS = { department: '院系', educationLevel: '学历', major: '专业' };

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
    filter('统计方式', select('groupBy', GROUPINGS, 'department')),
    h('button', { type: 'submit', class: 'primary' }, '统计'),
    h('button', { type: 'button', id: 'export-statistics', onclick: exportTable }, '导出Excel'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  form.elements.groupBy.addEventListener('change', () => load());

  /// The list filters that select a row's graduates (none on the 总计 row; a 院系 account's
  /// lists are its 院系 already).
  function scopeOf(row) {
    if (!row) return {};
    return {
      department: me.departmentName ? '' : (row.department || ''),
      major: row.major || '', educationLevel: row.educationLevel || '',
    };
  }

  function openColumn(data, row, column) {
    openListWith(navigate, module, pageOf(column), {
      cohort: String(data.cohort), ...scopeOf(row),
      status: column.statuses.join(','), flows: column.source === 'agreements' ? column.flows.join(',') : '',
    }, row ? `${row.label} ${column.name}` : column.name);
  }

  // `row` is null on the 总计 row.
  function cell(data, row, column, count) {
    if (!count) return String(count);
    return h('button', { type: 'button', class: 'link', title: `查看${column.name}`, onclick: () => openColumn(data, row, column) }, String(count));
  }

  function tableOf(data) {
    const line = (row, total) => h('tr', { class: total ? 'total' : null },
      h('td', {}, row.label), h('td', {}, String(row.total)),
      data.columns.map((column, index) => h('td', { class: 'number' }, cell(data, total ? null : row, column, row.counts[index] ?? 0))),
      h('td', {}, row.placementRate));
    return h('table', { class: 'list statistics' },
      h('thead', {}, h('tr', {}, h('th', {}, HEADINGS[data.groupBy] || '院系'), h('th', {}, '总数'),
        data.columns.map((column) => h('th', {}, column.name)), h('th', {}, '落实率'))),
      h('tbody', {}, data.rows.map((row) => line(row, false)), data.total ? line(data.total, true) : null));
  }

  // 落实率 of each row: a bar opens that row's list of the records that place its graduates
  // by agreement (the 已签约 column's list, as its number in the table does).
  function placementChart(data) {
    const signed = data.columns.find((column) => column.key === 'signed') || data.columns[0];
    const item = (row, total) => ({
      label: row.label, total,
      value: row.total ? row.placed / row.total : 0, text: row.placementRate,
      detail: `已落实 ${row.placed} 人，共 ${row.total} 人`, row,
    });
    return barChart({
      title: `${data.cohort}届各${HEADINGS[data.groupBy] || '院系'}落实率`, id: 'placement-chart', hint: `点击查看${signed ? signed.name : ''}名单`,
      items: [...data.rows.map((row) => item(row, false)), ...(data.total && data.rows.length > 1 ? [item(data.total, true)] : [])],
      open: (chosen) => signed && openColumn(data, chosen.total ? null : chosen.row, signed),
    });
  }

  function seasonChart(data) {
    const days = data.placedByDay || [];
    if (!days.length) return h('p', { class: 'hint', id: 'season-chart' }, '本届还没有落实的毕业去向，暂无走势。');
    return lineChart({
      title: `${data.cohort}届落实人数走势（累计）`, id: 'season-chart',
      points: days.map((day) => ({ label: day.date, value: day.cumulative, detail: `当日 ${day.placed} 人，累计 ${day.cumulative} 人` })),
    });
  }

  function chosen() {
    const values = formValues(form);
    return { cohort: values.cohort, groupBy: values.groupBy === 'department' ? null : values.groupBy };
  }

  async function load() {
    try {
      const data = await api('GET', '/signing-statistics' + query(chosen()));
      mount(box, h('p', {}, `${data.cohort}届毕业生签约及毕业去向统计（落实率 = 已落实就业或升学的毕业生 / 总数）`),
        data.rows.length ? h('div', { class: 'charts' }, placementChart(data), seasonChart(data)) : null, tableOf(data));
    } catch (error) {
      showError(box, error, form);
    }
  }

  async function exportTable() {
    try { saveBlob(await api('GET', '/signing-statistics' + query({ ...chosen(), format: 'xlsx' }), { blob: true })); } catch (error) { showError(box, error, form); }
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '数据统计'), form, box));
  await load();
}
