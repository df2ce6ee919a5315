// 预警单位管理 (DOMAIN.md §4.8): this school's warning list and every national warning employer
// (listed by 5 or more schools, tagged 全国预警 with the number of schools). School accounts
// add an employer (统一社会信用代码, 单位名称, 原因) and take it off; 院系 accounts only look.
import { api, query } from '../api.js';
import { h, mount, input, field, formValues, openDialog, table, Pager, showError, showOk, filter } from '../ui.js';
import { time } from './format.js';
import { roleOf } from './parts.js';

const PAGE_SIZE = 20;
const COMMON_REASONS = ['虚假宣传', '违规招聘', '恶意解约'];

export async function warningEmployersPage(root, { me }) {
  const canWrite = roleOf(me) === 'school';
  const results = h('div', { id: 'warning-employers' });
  const notice = h('div', { id: 'warning-notice' });
  const pager = new Pager(() => load());
  const filters = h('form', { class: 'toolbar', id: 'warning-filters' },
    filter('单位', input('q', { placeholder: '单位名称/统一社会信用代码', size: 26 })),
    h('label', {}, h('input', { type: 'checkbox', name: 'nationalOnly', value: 'true' }), ' 只看全国预警单位'),
    h('button', { type: 'submit', class: 'primary' }, '查询'));
  filters.addEventListener('submit', (event) => { event.preventDefault(); pager.reset(); load(); });

  async function load() {
    const values = formValues(filters);
    try {
      const page = await api('GET', '/warning-employers' + query({
        q: values.q, nationalOnly: values.nationalOnly.length ? 'true' : '', pageSize: PAGE_SIZE, pageToken: pager.token,
      }));
      results.replaceChildren(table([
        { title: '统一社会信用代码', value: (w) => w.creditCode },
        { title: '单位名称', value: (w) => w.employerName },
        { title: '预警标记', value: (w) => [
          w.listedBySchool ? h('span', { class: 'status rejected' }, '本校预警') : null, ' ',
          w.national ? h('span', { class: 'status pending' }, '全国预警') : null,
          w.national || w.schoolCount > 1 ? ` ${w.schoolCount}所学校` : '',
        ] },
        { title: '预警原因', value: (w) => w.reason },
        { title: '添加人', value: (w) => w.addedByName },
        { title: '添加时间', value: (w) => time(w.addedAt) },
        ...(canWrite ? [{ title: '操作', class: 'actions', value: (w) => (w.listedBySchool
          ? h('button', { type: 'button', class: 'link', onclick: () => remove(w) }, '移除') : '') }] : []),
      ], page.items, '暂无预警单位'), pager.render(page.total, PAGE_SIZE, page.nextPageToken));
    } catch (error) {
      showError(results, error, filters);
    }
  }

  function add() {
    const form = h('form', { class: 'stack', novalidate: true, id: 'warning-form' },
      field('统一社会信用代码', input('creditCode', { maxlength: 18 })),
      field('单位名称', input('employerName')),
      field('预警原因', input('reason', { list: 'warning-reasons', placeholder: '如：虚假宣传、违规招聘、恶意解约' })),
      h('datalist', { id: 'warning-reasons' }, COMMON_REASONS.map((reason) => h('option', { value: reason }))),
      h('div', { class: 'reason-chips' }, '常见原因：', COMMON_REASONS.map((reason) =>
        h('button', { type: 'button', class: 'link', onclick: () => { form.elements.reason.value = reason; } }, reason))));
    openDialog('添加预警单位', form, [{
      label: '添加', primary: true,
      action: async (close) => {
        const added = await api('POST', '/warning-employers', { body: formValues(form) });
        close();
        showOk(notice, `已将${added.employerName}列为预警单位。`);
        pager.reset();
        await load();
      },
    }]);
  }

  function remove(w) {
    openDialog('移除预警单位', h('p', {}, `确定将“${w.employerName}”（${w.creditCode}）移出本校预警单位名单吗？`), [{
      label: '确认移除', danger: true,
      action: async (close) => {
        await api('DELETE', `/warning-employers/${encodeURIComponent(w.creditCode)}`);
        close();
        showOk(notice, `已将${w.employerName}移出预警单位名单。`);
        await load();
      },
    }]);
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '预警单位管理'),
    h('p', {}, '被5所及以上学校列为预警单位的，对所有学校显示为全国预警单位。毕业生收到预警单位的签约、审核人员审核时均会看到提醒。'),
    canWrite ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'add-warning-employer', onclick: add }, '添加预警单位')) : null,
    notice, filters, results));
  await load();
}
