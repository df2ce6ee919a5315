// 毕业生首页: the graduate's roster data (read-only here: it comes from the school) and
// their signing: offers received, records with status and history, 解约, 毕业去向登记, e-agreement and 补登;
// and their 档案/户口信息 (its card, linked from the top).
import { h, mount } from '../ui.js';
import { graduateSigningSection } from '../signing/graduate.js';
import { terminationsSection } from '../signing/party-terminations.js';
import { graduateDestinationSection } from '../signing/graduate-destination.js';
import { graduateArchiveSection } from '../archive/graduate.js';

export async function graduateHomePage(root, { me }) {
  // 我的签约 first, then 解约 and 毕业去向登记, then the forms that start a signing.
  const [signing, ...signingForms] = await graduateSigningSection(me);
  mount(root,
    h('div', { class: 'card' }, h('h2', {}, `${me.displayName}，您好`),
      h('dl', { class: 'facts' },
        h('dt', {}, '学校'), h('dd', {}, `${me.schoolName}（${me.schoolCode}）`),
        h('dt', {}, '院系'), h('dd', {}, me.departmentName || ''),
        h('dt', {}, '身份证号'), h('dd', {}, me.login)),
      h('p', { class: 'quick-links' }, h('a', { href: '#archive-section', id: 'archive-link', onclick: (event) => {
        // The hash is the router's: scroll to the card instead of navigating.
        event.preventDefault();
        document.getElementById('archive-section')?.scrollIntoView();
      } }, '档案/户口信息登记 »'))),
    signing, await terminationsSection(me), await graduateDestinationSection(me), await graduateArchiveSection(), ...signingForms);
}
