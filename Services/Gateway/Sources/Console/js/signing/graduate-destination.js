// 毕业去向登记 for the graduate (DOMAIN.md §4.6, §7): destinations that are not an employment
// agreement (升学, 出国出境, 自主创业, …), each category with its own fields and proof, reviewed by
// the school. The detail holds 撤回, 修改后重新提交 and 申请作废.
import { api } from '../api.js';
import { codeLists } from '../codes.js';
import { h, mount, table, showError, showOk, checkForm } from '../ui.js';
import { time } from './format.js';
import { reloadOnChange, uploadChosen, controlNameOf } from './parts.js';
import { destinationParts } from './destination-form.js';
import { openRegistration, registeredByName } from './registration-detail.js';

export async function graduateDestinationSection(me) {
  const codes = await codeLists();
  const list = h('div', { id: 'my-registrations' });
  const notice = h('div', { id: 'registration-notice' });

  async function load() {
    try {
      const page = await api('GET', '/destination-registrations?pageSize=100');
      mount(list, table([
        { title: '毕业去向', value: (r) => r.categoryName },
        { title: '单位/学校', value: (r) => r.summary },
        { title: '登记方式', value: (r) => registeredByName[r.registeredBy] || '' },
        { title: '登记状态', value: (r) => r.statusName },
        { title: '更新时间', value: (r) => time(r.updatedAt) },
        { title: '操作', class: 'actions', value: (r) => h('button', { type: 'button', class: 'link', onclick: () =>
          openRegistration(r.id, me, load).catch((error) => showError(notice, error)) }, '详细') },
      ], page.items, '暂无毕业去向登记'));
    } catch (error) {
      showError(list, error);
    }
  }

  const errorBox = h('div');
  const parts = destinationParts(codes);
  const form = h('form', { class: 'grid', novalidate: true, id: 'destination-form' }, ...parts.nodes,
    h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, '提交登记')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, errorBox)) return;
    try {
      const attachmentSha256 = await uploadChosen(form, parts.proofName());
      const created = await api('POST', '/destination-registrations', { body: { ...parts.read(form), attachmentSha256 } });
      form.reset();
      form.elements.category.dispatchEvent(new Event('change'));
      showOk(notice, `已提交${created.categoryName}登记：${created.statusName}`);
      await load();
    } catch (error) {
      showError(errorBox, controlNameOf(error), form);
    }
  });

  reloadOnChange(list, load);
  await load();
  return h('div', { class: 'card', id: 'destination-section' }, h('h2', {}, '毕业去向登记'),
    h('p', {}, '签就业协议以外的毕业去向（升学、出国出境、自主创业、灵活就业等）在此登记，上传证明材料，由学校审核。'
      + '同一时间只能有一个生效的毕业去向；每年8月31日后毕业去向只能由学校变更。'),
    notice, list, h('h4', {}, '登记毕业去向'), errorBox, form);
}
