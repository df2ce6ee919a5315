// 毕业生账号激活: 身份证号 + 姓名 + 考生号 must match the roster (DOMAIN.md §1). Like sign-in,
// a captcha appears when the server asks for one (after repeated failures for a 身份证号).
import { api } from '../api.js';
import { homeOf, startSession } from '../account.js';
import { h, mount, field, input, showError, checkForm } from '../ui.js';
import { captchaField } from '../captcha.js';

export async function activatePage(root, { navigate }) {
  const errorBox = h('div');
  const captcha = captchaField(errorBox);

  const form = h('form', { class: 'stack', novalidate: true },
    field('院校代码', input('schoolCode', { inputmode: 'numeric', maxlength: 5 }), { required: true }),
    field('身份证号', input('idNumber', { maxlength: 18, autocomplete: 'off' }), { required: true }),
    field('姓名', input('name'), { required: true }),
    field('考生号', input('candidateNumber'), { required: true }),
    field('设置密码（至少8位，含字母和数字）', input('password', { type: 'password', autocomplete: 'new-password' }), { required: true }),
    field('确认密码', input('passwordAgain', { type: 'password', autocomplete: 'new-password' }), { required: true }),
    captcha.box,
    h('button', { type: 'submit', class: 'primary' }, '激活并登录'),
    h('p', {}, h('a', { href: '#/signin' }, '返回登录')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, errorBox, [['passwordAgain', (v) => (v.password !== v.passwordAgain ? '两次输入的密码不一致' : null)]])) return;
    const values = Object.fromEntries(new FormData(form));
    delete values.passwordAgain;
    delete values.captchaAnswer;
    const body = { ...values };
    captcha.addTo(body, form);
    try {
      const me = await startSession(await api('POST', '/graduate-activations', { body }));
      navigate(homeOf(me));
    } catch (error) {
      showError(errorBox, error, form);
      // A captcha answers one attempt: after a refusal a fresh one is shown.
      await captcha.renew(error);
    }
  });
  mount(root, h('div', { class: 'card sign-in' }, h('h2', {}, '毕业生账号激活'),
    h('p', {}, '请填写与学生名单一致的身份证号、姓名和考生号，并设置登录密码。'), errorBox, form));
}
