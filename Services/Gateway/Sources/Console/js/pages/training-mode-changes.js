// 培养方式修改记录: who changed whose 培养方式, when, from what to what, and why.
import { api, query } from '../api.js';
import { h, mount, input, formValues, table, Pager, showError } from '../ui.js';

const PAGE_SIZE = 20;

export async function trainingModeChangesPage(root) {
  const results = h('div', { id: 'training-mode-changes' });
  const pager = new Pager(() => load());
  const filters = h('form', { class: 'toolbar' },
    input('q', { placeholder: '姓名/身份证号', size: 22 }),
    h('button', { type: 'submit', class: 'primary' }, '查询'));
  filters.addEventListener('submit', (event) => { event.preventDefault(); pager.reset(); load(); });

  async function load() {
    try {
      const page = await api('GET', '/training-mode-changes' + query({ ...formValues(filters), pageSize: PAGE_SIZE, pageToken: pager.token }));
      results.replaceChildren(table([
        { title: '姓名', value: (c) => c.graduateName },
        { title: '身份证号', value: (c) => c.idNumber },
        { title: '院系', value: (c) => c.department },
        { title: '原培养方式', value: (c) => c.oldTrainingModeName + (c.oldBoundUnit ? `（${c.oldBoundUnit}）` : '') },
        { title: '新培养方式', value: (c) => c.newTrainingModeName + (c.newBoundUnit ? `（${c.newBoundUnit}）` : '') },
        { title: '修改原因', value: (c) => c.reason },
        { title: '修改人', value: (c) => c.changedBy },
        { title: '修改时间', value: (c) => c.changedAt.replace('T', ' ').slice(0, 19) },
      ], page.items, '暂无修改记录'), pager.render(page.total, PAGE_SIZE, page.nextPageToken));
    } catch (error) {
      showError(results, error);
    }
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '培养方式修改记录'), filters, results));
  await load();
}
