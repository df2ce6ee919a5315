// 模块选择 and the module shell (side navigation + page). Every module of DOMAIN.md §1 lists
// its pages here; the school-wide pages (学生名单, 账号管理) appear in each module, as the
// guide has them. Later modules add their pages to `catalog`.
import { h, mount, message } from './ui.js';
import { moduleHomePage } from './pages/module-home.js';
import { rosterPage } from './pages/roster.js';
import { trainingModeChangesPage } from './pages/training-mode-changes.js';
import { accountsPage } from './pages/accounts.js';
import { signingSettingsPage } from './signing/settings.js';
import { signingListPage } from './signing/staff-list.js';
import { terminationsPage } from './signing/terminations.js';
import { registrationsPage } from './signing/registrations.js';
import { invalidRecordsPage } from './signing/invalid-records.js';
import { warningEmployersPage } from './signing/warning-employers.js';
import { statisticsPage } from './signing/statistics.js';
import { archiveSettingsPage } from './archive/settings.js';
import { archiveRecordsPage, archiveInvalidPage } from './archive/records.js';
import { archiveApplicationsPage } from './archive/applications.js';
import { archiveStatisticsPage } from './archive/statistics.js';

const schoolAdminOnly = (me) => me.role === 'schoolAdmin';
const everyone = () => true;

const sharedPages = [
  { path: 'roster', title: '学生名单管理', page: rosterPage, visible: everyone },
  { path: 'training-mode-changes', title: '培养方式修改记录', page: trainingModeChangesPage, visible: everyone },
  { path: 'accounts', title: '账号管理', page: accountsPage, visible: schoolAdminOnly },
];

export const catalog = {
  esigning: {
    name: '毕业去向登记与网签',
    pages: [
      { path: 'settings', title: '签约设置', page: signingSettingsPage, visible: schoolAdminOnly },
      { path: 'agreements', title: '在线签约管理', page: signingListPage(), visible: everyone },
      { path: 'back-registrations', title: '补登管理', page: signingListPage({ backRegistrations: true }), visible: everyone },
      { path: 'terminations', title: '解约管理', page: terminationsPage, visible: everyone },
      { path: 'registrations', title: '去向登记管理', page: registrationsPage, visible: everyone },
      { path: 'invalid-records', title: '失效信息管理', page: invalidRecordsPage, visible: everyone },
      { path: 'warning-employers', title: '预警单位管理', page: warningEmployersPage, visible: everyone },
      { path: 'statistics', title: '数据统计', page: statisticsPage, visible: everyone },
    ],
  },
  archive: {
    name: '档案/户口信息管理',
    pages: [
      { path: 'settings', title: '登记设置', page: archiveSettingsPage, visible: schoolAdminOnly },
      { path: 'records', title: '档案/户口信息', page: archiveRecordsPage, visible: everyone },
      { path: 'applications', title: '申请记录', page: archiveApplicationsPage, visible: everyone },
      { path: 'invalid-records', title: '失效信息管理', page: archiveInvalidPage, visible: everyone },
      { path: 'statistics', title: '数据统计', page: archiveStatisticsPage, visible: everyone },
    ],
  },
  confirmation: { name: '登记确认信息', pages: [] },
  transferVerification: { name: '户档转递核验信息', pages: [] },
};

function pagesOf(moduleCode, me) {
  const home = { path: '', title: '首页', page: moduleHomePage, visible: everyone };
  return [home, ...catalog[moduleCode].pages, ...sharedPages].filter((page) => page.visible(me));
}

/// 模块选择: only the modules granted to the account.
export async function modulesPage(root, { me }) {
  const granted = me.modules.filter((module) => catalog[module.code]);
  mount(root,
    h('div', { class: 'card' }, h('h2', {}, '模块选择'),
      granted.length === 0
        ? message('info', '您的账号尚未开通任何模块，请联系学校管理员。')
        : h('div', { class: 'modules' }, granted.map((module) =>
          h('a', { href: `#/m/${module.code}`, dataset: { module: module.code } }, module.name)))));
}

/// A page inside a module: side navigation on the left, the page on the right.
export async function modulePage(root, context) {
  const [moduleCode, path = ''] = context.params;
  const { me } = context;
  if (!catalog[moduleCode] || !me.modules.some((module) => module.code === moduleCode)) {
    context.navigate('#/modules');
    return;
  }
  const pages = pagesOf(moduleCode, me);
  const current = pages.find((page) => page.path === path);
  if (!current) { context.navigate(`#/m/${moduleCode}`); return; }
  const content = h('section', { class: 'module-content' });
  mount(root, h('div', { class: 'layout' },
    h('nav', { class: 'side', 'aria-label': '功能菜单' },
      h('div', { class: 'module-name' }, catalog[moduleCode].name),
      pages.map((page) => h('a', {
        href: page.path ? `#/m/${moduleCode}/${page.path}` : `#/m/${moduleCode}`,
        class: page === current ? 'active' : null,
      }, page.title)),
      h('a', { href: '#/modules' }, '« 返回模块选择')),
    content));
  document.title = `${current.title} - ${catalog[moduleCode].name}`;
  await current.page(content, { ...context, module: moduleCode, moduleName: catalog[moduleCode].name });
}
