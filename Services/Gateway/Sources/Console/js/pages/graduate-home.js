// 毕业生首页: the graduate's roster data (read-only here: it comes from the school) and
// their signing: offers received, records with status and history, e-agreement and 补登.
import { api } from '../api.js';
import { h, mount } from '../ui.js';
import { graduateSigningSection } from '../signing/graduate.js';

export async function graduateHomePage(root, { me }) {
  mount(root,
    h('div', { class: 'card' }, h('h2', {}, `${me.displayName}，您好`),
      h('dl', { class: 'facts' },
        h('dt', {}, '学校'), h('dd', {}, `${me.schoolName}（${me.schoolCode}）`),
        h('dt', {}, '院系'), h('dd', {}, me.departmentName || ''),
        h('dt', {}, '身份证号'), h('dd', {}, me.login))),
    ...(await graduateSigningSection(me)));
}
