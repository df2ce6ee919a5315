// 在线签约管理 and 补登管理 (staff): the §13 counters, the guide's list with its filters,
// paging and Excel export, each record's detail with the review steps, and 批量审核.
import { api, query } from '../api.js';
import { h, select, filter } from '../ui.js';
import { openAgreement } from './detail.js';
import { numberOf } from './format.js';
import { loadCodes } from './forms.js';
import { statusCell, warningTag } from './parts.js';
import { recordListPage, detailLink } from './list-page.js';
import { bulkReviewSelection } from './bulk-review.js';

// 补登管理 filters on the 补登 statuses only; 在线签约管理 on all of them.
const backRegistrationStatuses = ['backRegistrationAwaitingDepartment', 'backRegistrationAwaitingSchool', 'backRegistrationRejected',
  'backRegistrationEffective', 'voided', 'terminated'];

/// The labelled counters (§13) of GET /signing-counters.
function counterTiles(data) {
  return data.labelled.map((item) => h('div', { class: 'counter' },
    h('div', { class: 'count' }, String(item.count)), h('div', {}, item.label)));
}

/// `backRegistrations`: the 补登管理 page (the same list, only 补登).
export function signingListPage({ backRegistrations = false } = {}) {
  const counters = () => h('div', { class: 'counters', id: 'signing-counters' });
  return recordListPage({
    title: backRegistrations ? '补登管理' : '在线签约管理',
    id: 'agreements',
    path: backRegistrations ? 'back-registrations' : 'agreements',
    endpoint: '/agreements',
    statuses: (codes) => {
      const name = Object.fromEntries(codes.signingStatuses.map((entry) => [entry.code, entry.name]));
      return (backRegistrations ? backRegistrationStatuses : codes.signingStatuses.map((entry) => entry.code)).map((s) => [s, name[s]]);
    },
    extraFilters: () => (backRegistrations ? null
      : filter('发起方', select('flow', [['', '全部发起方'], ['employerOffer', '用人单位发起'], ['graduateApplication', '毕业生申请电子协议'], ['backRegistration', '补登']]))),
    placeholder: '姓名/身份证号/学号/单位/协议编号',
    params: (values) => (backRegistrations ? { ...values, flow: 'backRegistration' } : values),
    before: (ctx) => { ctx.counters = counters(); return ctx.counters; },
    onLoad: async (ctx, values) => {
      await loadCodes();
      const data = await api('GET', '/signing-counters' + query({ cohort: values.cohort }));
      ctx.counters.replaceChildren(...counterTiles(data));
    },
    emptyText: '没有符合条件的签约记录',
    // 批量审核: the records this account may review now.
    selection: bulkReviewSelection(),
    columns: (ctx) => [
      { title: '签约发起方', value: (a) => a.initiator },
      { title: '姓名', value: (a) => a.graduate.name },
      { title: '院系', value: (a) => a.graduate.department },
      { title: '专业', value: (a) => a.graduate.major },
      { title: '学历', value: (a) => a.graduate.educationLevelName },
      { title: '身份证号', value: (a) => a.graduate.idNumber },
      { title: '当前协议编号', value: (a) => numberOf(a) },
      { title: '签约单位', value: (a) => [a.employer.name, warningTag(a.warning)] },
      { title: '学号', value: (a) => a.graduate.studentNumber },
      { title: '签约状态', value: statusCell },
      { title: '操作', class: 'actions', value: detailLink(ctx, openAgreement) },
    ],
  });
}
