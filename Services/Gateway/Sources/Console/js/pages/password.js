// 修改密码: required at the first sign-in of an account with an initial password.
import { api, refreshSession, session } from '../api.js';
import { currentAccount, homeOf } from '../account.js';
import { h, mount, field, input, showError, checkForm, message } from '../ui.js';

export async function passwordPage(root, { me, navigate }) {
  const errorBox = h('div');
  const form = h('form', { class: 'stack', novalidate: true },
    field('原密码', input('oldPassword', { type: 'password', autocomplete: 'current-password' }), { required: true }),
    field('新密码（至少8位，含字母和数字）', input('newPassword', { type: 'password', autocomplete: 'new-password' }), { required: true }),
    field('确认新密码', input('newPasswordAgain', { type: 'password', autocomplete: 'new-password' }), { required: true }),
    h('button', { type: 'submit', class: 'primary' }, '修改密码'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, errorBox, [['newPasswordAgain', (v) => (v.newPassword !== v.newPasswordAgain ? '两次输入的新密码不一致' : null)]])) return;
    const values = Object.fromEntries(new FormData(form));
    try {
      await api('POST', '/account/password', { body: { oldPassword: values.oldPassword, newPassword: values.newPassword } });
      // The access token still says the password must be changed (every service refuses it
      // for anything else); a refreshed one no longer does.
      if (!(await refreshSession())) {
        session.clear();
        navigate('#/signin');
        return;
      }
      const updated = await currentAccount(true);
      navigate(homeOf(updated));
    } catch (error) {
      showError(errorBox, error, form);
    }
  });
  mount(root, h('div', { class: 'card sign-in' }, h('h2', {}, '修改密码'),
    me.mustChangePassword ? message('info', '首次登录请先修改初始密码。') : null, errorBox, form));
}
