// What 毕业生账号激活 and 忘记密码 share (DOMAIN.md §1): 院校代码, 身份证号, 姓名 and 考生号 as the
// roster has them, a password typed twice, and the captcha (from the start where every attempt
// needs one, otherwise once the server asks); a refusal shows a fresh captcha.
import { h, field, input, showError, checkForm } from '../ui.js';
import { captchaField } from '../captcha.js';

/// The form. `submit(body)` sends {schoolCode, idNumber, name, candidateNumber, password,
/// captchaId?, captchaAnswer?}; what it throws is shown beside the field it names.
export function rosterClaimForm({ errorBox, passwordLabel, submitLabel, captchaAlways = false, submit, id }) {
  const captcha = captchaField(errorBox);
  const form = h('form', { class: 'stack', novalidate: true, id: id || null },
    field('院校代码', input('schoolCode', { inputmode: 'numeric', maxlength: 5, pattern: '[0-9]{5}', 'data-pattern-message': '院校代码应为5位数字' }), { required: true }),
    field('身份证号', input('idNumber', { maxlength: 18, autocomplete: 'off' }), { required: true }),
    field('姓名', input('name'), { required: true }),
    field('考生号', input('candidateNumber'), { required: true }),
    field(`${passwordLabel}（至少8位，含字母和数字）`, input('password', { type: 'password', autocomplete: 'new-password' }), { required: true, name: passwordLabel }),
    field('确认密码', input('passwordAgain', { type: 'password', autocomplete: 'new-password' }), { required: true }),
    captcha.box,
    h('button', { type: 'submit', class: 'primary' }, submitLabel),
    h('p', {}, h('a', { href: '#/signin' }, '返回登录')));
  if (captchaAlways) captcha.show().catch((error) => showError(errorBox, error));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, errorBox, [['passwordAgain', (v) => (v.password !== v.passwordAgain ? '两次输入的密码不一致' : null)]])) return;
    const values = Object.fromEntries(new FormData(form));
    delete values.passwordAgain;
    delete values.captchaAnswer;
    const body = { ...values };
    for (const key of ['schoolCode', 'idNumber', 'name', 'candidateNumber']) body[key] = (body[key] || '').trim();
    captcha.addTo(body, form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await submit(body);
    } catch (error) {
      showError(errorBox, error, form);
      // A captcha answers one attempt: after a refusal a fresh one is shown.
      await captcha.renew(error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
