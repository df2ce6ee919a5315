// A module's 首页: who is signed in and the roster in numbers, and for 毕业去向登记与网签 the
// pending counters (DOMAIN.md §13), each leading to the list it counts.
import { api } from '../api.js';
import { h, mount } from '../ui.js';
import { counterTiles } from '../signing/staff-list.js';

/// The page a counter's label is about: 解约, 去向登记 (and its 作废申请), 补登, or 在线签约.
function pageOfCounter(label) {
  if (label.includes('解约')) return 'terminations';
  if (label.includes('去向')) return 'registrations';
  if (label.includes('补登')) return 'back-registrations';
  return 'agreements';
}

export async function moduleHomePage(root, { me, module, moduleName }) {
  const [roster, counters] = await Promise.all([
    api('GET', '/graduates?pageSize=1'),
    module === 'esigning' ? api('GET', '/signing-counters') : null,
  ]);
  mount(root,
    counters ? h('div', { class: 'card' }, h('h2', {}, '待办'),
      h('div', { class: 'counters', id: 'home-counters' }, counterTiles(counters, (label) => `#/m/${module}/${pageOfCounter(label)}`))) : null,
    h('div', { class: 'card' }, h('h2', {}, moduleName),
      h('dl', { class: 'facts' },
        h('dt', {}, '学校'), h('dd', {}, `${me.schoolName}（${me.schoolCode}）`),
        h('dt', {}, '账号'), h('dd', {}, `${me.displayName}（${me.login}）`),
        h('dt', {}, '角色'), h('dd', {}, me.roleName + (me.departmentName ? ` · ${me.departmentName}` : '')),
        h('dt', {}, '学生名单'), h('dd', { id: 'roster-total' }, `${roster.total} 人`))));
}
