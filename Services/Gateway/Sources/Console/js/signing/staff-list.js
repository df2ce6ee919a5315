// 在线签约管理 and 补登管理 (staff): the §13 counters, the guide's list with its filters,
// paging and Excel export, and each record's detail with the review steps.
import { api, query } from '../api.js';
import { codeLists, choices } from '../codes.js';
import { h, mount, input, select, formValues, table, Pager, saveBlob, showError } from '../ui.js';
import { openAgreement } from './detail.js';
import { numberOf, currentCohort } from './format.js';
import { loadCodes } from './forms.js';

const PAGE_SIZE = 20;

// 补登管理 filters on the 补登 statuses only; 在线签约管理 on all of them.
const backRegistrationStatuses = ['backRegistrationAwaitingDepartment', 'backRegistrationAwaitingSchool', 'backRegistrationRejected',
  'backRegistrationEffective', 'voided'];

/// `backRegistrations`: the 补登管理 page (the same list, only 补登).
export function signingListPage({ backRegistrations = false } = {}) {
  return async function page(root, { me }) {
    const [codes, departments] = await Promise.all([codeLists(), api('GET', '/departments'), loadCodes()]);
    const statusName = Object.fromEntries(codes.signingStatuses.map((entry) => [entry.code, entry.name]));
    const counters = h('div', { class: 'counters', id: 'signing-counters' });
    const results = h('div', { id: 'agreements' });
    const pager = new Pager(() => load());
    const statuses = backRegistrations ? backRegistrationStatuses : codes.signingStatuses.map((entry) => entry.code);
    const filters = h('form', { class: 'toolbar', id: 'agreement-filters' },
      input('cohort', { value: String(currentCohort()), size: 6, inputmode: 'numeric', title: '届别' }),
      me.departmentName ? h('span', {}, `院系：${me.departmentName}`)
        : select('department', [['', '全部院系'], ...departments.items.map((d) => [d.name, d.name])]),
      input('major', { placeholder: '专业', size: 10 }),
      select('educationLevel', choices(codes.educationLevels, '全部学历')),
      select('status', [['', '全部状态'], ...statuses.map((s) => [s, statusName[s]])]),
      backRegistrations ? null : select('flow', [['', '全部发起方'], ['employerOffer', '用人单位发起'], ['graduateApplication', '毕业生申请电子协议'], ['backRegistration', '补登']]),
      input('q', { placeholder: '姓名/身份证号/学号/单位/协议编号', size: 24 }),
      input('from', { type: 'date', title: '更新日期从' }), input('to', { type: 'date', title: '更新日期到' }),
      h('button', { type: 'submit', class: 'primary' }, '查询'),
      h('button', { type: 'button', id: 'export-agreements', onclick: exportList }, '导出Excel'));
    filters.addEventListener('submit', (event) => { event.preventDefault(); pager.reset(); load(); });

    function params() {
      const values = formValues(filters);
      if (backRegistrations) values.flow = 'backRegistration';
      return values;
    }

    async function loadCounters() {
      const data = await api('GET', '/signing-counters' + query({ cohort: formValues(filters).cohort }));
      counters.replaceChildren(...data.labelled.map((item) => h('div', { class: 'counter' }, h('div', { class: 'count' }, String(item.count)), h('div', {}, item.label))));
    }

    async function load() {
      try {
        await loadCounters();
        const page = await api('GET', '/agreements' + query({ ...params(), pageSize: PAGE_SIZE, pageToken: pager.token }));
        results.replaceChildren(table([
          { title: '签约发起方', value: (a) => a.initiator },
          { title: '姓名', value: (a) => a.graduate.name },
          { title: '院系', value: (a) => a.graduate.department },
          { title: '专业', value: (a) => a.graduate.major },
          { title: '学历', value: (a) => a.graduate.educationLevelName },
          { title: '身份证号', value: (a) => a.graduate.idNumber },
          { title: '当前协议编号', value: (a) => numberOf(a) },
          { title: '签约单位', value: (a) => a.employer.name },
          { title: '学号', value: (a) => a.graduate.studentNumber },
          { title: '签约状态', value: (a) => [a.statusName, a.invalidatedAt ? h('span', { class: 'status off', title: a.invalidReason }, ' 失效') : null] },
          { title: '操作', class: 'actions', value: (a) => h('button', { type: 'button', class: 'link', onclick: () => openAgreement(a.id, me, load).catch((error) => showError(results, error)) }, '详细') },
        ], page.items, '没有符合条件的签约记录'), pager.render(page.total, PAGE_SIZE, page.nextPageToken));
      } catch (error) {
        showError(results, error, filters);
      }
    }

    async function exportList() {
      try { saveBlob(await api('GET', '/agreements' + query({ ...params(), format: 'xlsx' }), { blob: true })); } catch (error) { showError(results, error, filters); }
    }

    mount(root, h('div', { class: 'card' }, h('h2', {}, backRegistrations ? '补登管理' : '在线签约管理'), counters, filters, results));
    await load();
  };
}
