// 毕业生账号激活: 身份证号 + 姓名 + 考生号 must match the roster (DOMAIN.md §1). Like sign-in,
// a captcha appears when the server asks for one (after repeated failures for a 身份证号).
import { api } from '../api.js';
import { homeOf, startSession } from '../account.js';
import { h, mount } from '../ui.js';
import { rosterClaimForm } from './roster-claim.js';

export async function activatePage(root, { navigate }) {
  const errorBox = h('div');
  const form = rosterClaimForm({
    errorBox, passwordLabel: '设置密码', submitLabel: '激活并登录',
    submit: async (body) => {
      const me = await startSession(await api('POST', '/graduate-activations', { body }));
      navigate(homeOf(me));
    },
  });
  mount(root, h('div', { class: 'card sign-in' }, h('h2', {}, '毕业生账号激活'),
    h('p', {}, '请填写与学生名单一致的身份证号、姓名和考生号，并设置登录密码。'), errorBox, form));
}
