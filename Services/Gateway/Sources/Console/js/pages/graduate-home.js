// 毕业生首页: the graduate's roster data (read-only here: it comes from the school).
// The signing pages of the next issues are reached from here.
import { api } from '../api.js';
import { h, mount, message } from '../ui.js';

export async function graduateHomePage(root, { me }) {
  mount(root,
    h('div', { class: 'card' }, h('h2', {}, `${me.displayName}，您好`),
      h('dl', { class: 'facts' },
        h('dt', {}, '学校'), h('dd', {}, `${me.schoolName}（${me.schoolCode}）`),
        h('dt', {}, '院系'), h('dd', {}, me.departmentName || ''),
        h('dt', {}, '身份证号'), h('dd', {}, me.login))),
    h('div', { class: 'card' }, h('h2', {}, '毕业去向登记与网签'),
      message('info', '学校开放网签后，您可在此查看用人单位发来的签约、申请电子协议、登记毕业去向。个人信息以学校上报的学生名单为准，如有错误请联系学校。')));
}
