// 数据统计 of 档案/户口信息管理 (DOMAIN.md §5): per 院系 of a 届别, 总数, 已登记, 审核中, 未登记 and
// 已登记 by 档案转递类型, with the 总计 row; each number opens the records list filtered the same
// way. Above the table, each 院系's 已登记 share as SVG bars (signing's charts), each opening
// that 院系's 已登记 list.
import { api, query } from '../api.js';
import { h, mount, input, formValues, showError, filter } from '../ui.js';
import { currentCohort } from '../signing/format.js';
import { openListWith } from '../signing/list-page.js';
import { barChart } from '../signing/charts.js';
import { TRANSFER_TYPES } from './fields.js';

function percent(part, whole) {
  return whole ? `${((part / whole) * 100).toFixed(2)}%` : '0.00%';
}

export async function archiveStatisticsPage(root, { me, navigate, module }) {
  const box = h('div', { id: 'archive-statistics' });
  const form = h('form', { class: 'toolbar', id: 'archive-statistics-filters' },
    filter('届别', input('cohort', { value: String(currentCohort()), size: 6, inputmode: 'numeric' })),
    h('button', { type: 'submit', class: 'primary' }, '统计'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });

  // `row` is the 总计 row when it has no department; a 院系 account's lists are its 院系 already.
  function open(data, row, filters, label) {
    openListWith(navigate, module, 'records', {
      cohort: String(data.cohort), department: me.departmentName ? '' : (row.department || ''), ...filters,
    }, `${row.label} ${label}`);
  }

  function cell(data, row, count, filters, label) {
    if (!count) return String(count);
    return h('button', { type: 'button', class: 'link', title: `查看${row.label}${label}名单`, onclick: () => open(data, row, filters, label) }, String(count));
  }

  function tableOf(data) {
    const line = (row) => h('tr', { class: row.department ? null : 'total' },
      h('td', {}, row.label),
      h('td', { class: 'number' }, cell(data, row, row.total, {}, '总数')),
      h('td', { class: 'number' }, cell(data, row, row.registered, { status: 'registered' }, '已登记')),
      h('td', { class: 'number' }, cell(data, row, row.underReview, { status: 'underReview' }, '审核中')),
      h('td', { class: 'number' }, cell(data, row, row.unregistered, { status: 'unregistered' }, '未登记')),
      TRANSFER_TYPES.map(([code, name]) => {
        const count = row.byTransferType.find((entry) => entry.transferType === code)?.count ?? 0;
        return h('td', { class: 'number' }, cell(data, row, count, { status: 'registered', transferType: code }, name));
      }),
      h('td', { class: 'number' }, percent(row.registered, row.total)));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'list statistics', id: 'archive-statistics-table' },
      h('thead', {}, h('tr', {}, h('th', {}, '院系'), h('th', {}, '总数'), h('th', {}, '已登记'), h('th', {}, '审核中'), h('th', {}, '未登记'),
        TRANSFER_TYPES.map(([, name]) => h('th', {}, name)), h('th', {}, '登记率'))),
      // 总计 last, as in signing's table (the service sends it first).
      h('tbody', {}, data.rows.filter((row) => row.department).map(line), data.rows.filter((row) => !row.department).map(line))));
  }

  function chartOf(data) {
    const departments = data.rows.filter((row) => row.department);
    const total = data.rows.find((row) => !row.department);
    const item = (row) => ({
      label: row.label, total: !row.department, value: row.total ? row.registered / row.total : 0,
      text: percent(row.registered, row.total), detail: `已登记 ${row.registered} 人，共 ${row.total} 人`, row,
    });
    return barChart({
      title: `${data.cohort}届各院系档案/户口信息已登记比例`, id: 'archive-registered-chart', hint: '点击查看已登记名单',
      items: [...departments.map(item), ...(total && departments.length > 1 ? [item(total)] : [])],
      open: (chosen) => open(data, chosen.row, { status: 'registered' }, '已登记'),
    });
  }

  async function load() {
    try {
      const data = await api('GET', '/archive-statistics' + query({ cohort: formValues(form).cohort }));
      mount(box, h('p', {}, `${data.cohort}届毕业生档案/户口信息登记统计（登记率 = 已登记 / 总数）`),
        data.rows.some((row) => row.department) ? h('div', { class: 'charts' }, chartOf(data)) : h('p', { class: 'hint' }, '本届学生名单中还没有毕业生。'),
        tableOf(data));
    } catch (error) {
      showError(box, error, form);
    }
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '数据统计'), form, box));
  await load();
}
