// 去向登记管理 (staff, DOMAIN.md §4.6): the destination registrations with the lists' filters
// and 毕业去向, each one's detail (reviews, the school's 修改/作废), and 代为登记: the school
// registers a destination for a graduate (after 31 August the only way, §7).
import { api, query } from '../api.js';
import { choices } from '../codes.js';
import { h, input, select, showError, filter } from '../ui.js';
import { time } from './format.js';
import { roleOf, statusCell, stepDialog, uploadChosen, fieldError, recordsChanged, stepDone } from './parts.js';
import { recordListPage, detailLink } from './list-page.js';
import { openRegistration, registeredByName } from './registration-detail.js';
import { destinationParts } from './destination-form.js';

export const registrationsPage = recordListPage({
  title: '去向登记管理',
  id: 'registrations',
  path: 'registrations',
  endpoint: '/destination-registrations',
  statuses: (codes) => (codes.registrationStatuses || []).map((entry) => [entry.code, entry.name]),
  extraFilters: (codes) => filter('毕业去向', select('category', choices(codes.destinationCategories || [], '全部毕业去向'))),
  placeholder: '姓名/身份证号/学号/单位/学校',
  emptyText: '没有符合条件的毕业去向登记',
  actions: (ctx) => (roleOf(ctx.me) === 'school'
    ? [h('button', { type: 'button', class: 'primary', id: 'register-for-graduate', onclick: () => registerForGraduate(ctx) }, '代为登记'),
      h('span', {}, '学校为毕业生登记毕业去向，登记后直接生效（每年8月31日后毕业去向只能由学校变更）。')]
    : null),
  columns: (ctx) => [
    { title: '毕业去向', value: (r) => r.categoryName },
    { title: '单位/学校', value: (r) => r.summary },
    { title: '姓名', value: (r) => r.graduate.name },
    { title: '院系', value: (r) => r.graduate.department },
    { title: '专业', value: (r) => r.graduate.major },
    { title: '学历', value: (r) => r.graduate.educationLevelName },
    { title: '身份证号', value: (r) => r.graduate.idNumber },
    { title: '登记方式', value: (r) => registeredByName[r.registeredBy] || '' },
    { title: '登记状态', value: statusCell },
    { title: '更新时间', value: (r) => time(r.updatedAt) },
    { title: '操作', class: 'actions', value: detailLink(ctx, openRegistration) },
  ],
});

/// 代为登记: find the graduate on the roster (学生名单) by 身份证号 or 姓名, then the destination.
async function registerForGraduate(ctx) {
  const found = h('div', { class: 'wide', id: 'graduate-matches' });
  const search = h('div', { class: 'wide toolbar' },
    input('graduateQuery', { placeholder: '身份证号或姓名', size: 24 }),
    h('button', { type: 'button', id: 'find-graduate', onclick: (event) => findGraduates(event.target.form, found) }, '查找毕业生'));
  const parts = destinationParts(ctx.codes, {}, { proof: 'optional' });
  const registered = await stepDialog('代为登记毕业去向', {
    reason: null, formClass: 'grid', parts: [search, found, ...parts.nodes],
    intro: '学校代为登记的毕业去向直接生效（去向登记审核通过）。',
  }, async ({ form }) => {
    const chosen = form.querySelector('[name="graduateId"]:checked');
    if (!chosen) throw fieldError('请先查找并选择毕业生', 'graduateQuery');
    return api('POST', '/destination-registrations', { body: {
      graduateId: chosen.value, ...parts.read(form), attachmentSha256: await uploadChosen(form, null),
    } });
  });
  if (registered) {
    stepDone('代为登记', registered);
    await ctx.reload();
    recordsChanged();
  }
}

async function findGraduates(form, box) {
  const text = form.elements.graduateQuery.value.trim();
  if (!text) { box.replaceChildren(h('div', { class: 'field-error' }, '请输入身份证号或姓名')); return; }
  let page;
  try {
    page = await api('GET', '/graduates' + query({ q: text, pageSize: 10 }));
  } catch (error) {
    showError(box, error);
    return;
  }
  box.replaceChildren(page.items.length === 0 ? h('div', { class: 'field-error' }, '学生名单中没有符合条件的毕业生')
    : h('div', { class: 'choices' }, page.items.map((g, index) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'graduateId', value: g.id, checked: index === 0 }),
      ` ${g.name}（${g.idNumber}，${g.department}，${g.major}，${g.cohort}届）`))));
}
