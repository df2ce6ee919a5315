// A module's 首页: who is signed in and the roster in numbers, and for 毕业去向登记与网签 the
// pending counters (DOMAIN.md §13) of this 届. Each counter is the count of the list it opens:
// e-signing names the list and the statuses that give the number, and the tile opens that
// list with exactly that filter (so 在线签约管理待审核总数 opens the three kinds it adds up).
// For 档案/户口信息管理 the counters of GET /archive-counters each open 申请记录 with their status.
import { api, query } from '../api.js';
import { h, mount } from '../ui.js';
import { openListWith } from '../signing/list-page.js';
import { currentCohort } from '../signing/format.js';

function counterTile(item, cohort, { module, navigate }) {
  const open = (event) => {
    event.preventDefault();
    openListWith(navigate, module, item.list, { cohort: String(cohort), status: item.statuses.join(',') }, item.label);
  };
  return h('a', { class: 'counter', href: `#/m/${module}/${item.list}`, onclick: open, dataset: { list: item.list } },
    h('div', { class: 'count' }, String(item.count)), h('div', {}, item.label));
}

function archiveTile(item, cohort, { module, navigate }) {
  const open = (event) => {
    event.preventDefault();
    openListWith(navigate, module, 'applications', { cohort: String(cohort), status: item.status }, item.label);
  };
  return h('a', { class: 'counter', href: `#/m/${module}/applications`, onclick: open, dataset: { list: 'applications', key: item.key } },
    h('div', { class: 'count' }, String(item.count)), h('div', {}, item.label));
}

export async function moduleHomePage(root, { me, module, moduleName, navigate }) {
  const cohort = currentCohort();
  const [roster, counters, archive] = await Promise.all([
    api('GET', '/graduates?pageSize=1'),
    module === 'esigning' ? api('GET', '/signing-counters' + query({ cohort })) : null,
    module === 'archive' ? api('GET', '/archive-counters' + query({ cohort })) : null,
  ]);
  mount(root,
    counters ? h('div', { class: 'card' }, h('h2', {}, `待办（${cohort}届）`),
      h('div', { class: 'counters', id: 'home-counters' },
        counters.labelled.map((item) => counterTile(item, cohort, { module, navigate })))) : null,
    archive ? h('div', { class: 'card' }, h('h2', {}, `待办（${cohort}届）`),
      h('div', { class: 'counters', id: 'home-counters' },
        archive.counters.map((item) => archiveTile(item, cohort, { module, navigate })))) : null,
    h('div', { class: 'card' }, h('h2', {}, moduleName),
      h('dl', { class: 'facts' },
        h('dt', {}, '学校'), h('dd', {}, `${me.schoolName}（${me.schoolCode}）`),
        h('dt', {}, '账号'), h('dd', {}, `${me.displayName}（${me.login}）`),
        h('dt', {}, '角色'), h('dd', {}, me.roleName + (me.departmentName ? ` · ${me.departmentName}` : '')),
        h('dt', {}, '学生名单'), h('dd', { id: 'roster-total' }, `${roster.total} 人`))));
}
