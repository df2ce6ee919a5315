// A module's 首页: who is signed in and the roster in numbers. Later issues add the module's
// own counters (待审核 and so on, DOMAIN.md §13) here.
import { api } from '../api.js';
import { h, mount } from '../ui.js';

export async function moduleHomePage(root, { me, module, moduleName }) {
  const [roster, counters] = await Promise.all([
    api('GET', '/graduates?pageSize=1'),
    module === 'esigning' ? api('GET', '/signing-counters') : null,
  ]);
  mount(root,
    counters ? h('div', { class: 'card' }, h('h2', {}, '待办'),
      h('div', { class: 'counters', id: 'home-counters' }, counters.labelled.map((item) =>
        h('a', { class: 'counter', href: `#/m/${module}/agreements` }, h('div', { class: 'count' }, String(item.count)), h('div', {}, item.label))))) : null,
    h('div', { class: 'card' }, h('h2', {}, moduleName),
      h('dl', { class: 'facts' },
        h('dt', {}, '学校'), h('dd', {}, `${me.schoolName}（${me.schoolCode}）`),
        h('dt', {}, '账号'), h('dd', {}, `${me.displayName}（${me.login}）`),
        h('dt', {}, '角色'), h('dd', {}, me.roleName + (me.departmentName ? ` · ${me.departmentName}` : '')),
        h('dt', {}, '学生名单'), h('dd', { id: 'roster-total' }, `${roster.total} 人`))));
}
