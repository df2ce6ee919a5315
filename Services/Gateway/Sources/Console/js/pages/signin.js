// 登录: one form for the four kinds of account; a captcha appears when the server asks for
// one (after repeated failures) and stays until a sign-in succeeds.
import { api } from '../api.js';
import { homeOf, startSession } from '../account.js';
import { h, mount, field, input, showError, clearErrors, checkForm } from '../ui.js';
import { captchaField } from '../captcha.js';

const kinds = [
  { kind: 'staff', label: '学校/院系用户', identifier: '用户名', school: true },
  { kind: 'graduate', label: '毕业生', identifier: '身份证号' },
  { kind: 'employer', label: '用人单位', identifier: '统一社会信用代码' },
  { kind: 'platformOperator', label: '平台运维', identifier: '用户名' },
];

export async function signInPage(root, { navigate }) {
  let chosen = kinds[0];
  const errorBox = h('div');
  const form = h('form', { class: 'stack', novalidate: true });
  const captcha = captchaField(errorBox);
  const tabs = h('div', { class: 'tabs', role: 'tablist' });

  function renderForm() {
    tabs.replaceChildren(...kinds.map((item) => {
      const tab = h('button', { type: 'button', role: 'tab', class: item === chosen ? 'active' : null, 'aria-selected': String(item === chosen), dataset: { kind: item.kind } }, item.label);
      tab.addEventListener('click', () => { chosen = item; clearErrors(form); errorBox.replaceChildren(); renderForm(); });
      return tab;
    }));
    // mount, not replaceChildren: the tabs without 院校代码 pass a null child, which
    // replaceChildren would print as the text "null".
    mount(form,
      chosen.school ? field('院校代码', input('schoolCode', { inputmode: 'numeric', maxlength: 5, pattern: '\\d{5}', placeholder: '5位院校代码', autocomplete: 'organization' }), { required: true }) : null,
      field(chosen.identifier, input('identifier', { autocomplete: 'username' }), { required: true }),
      field('密码', input('password', { type: 'password', autocomplete: 'current-password' }), { required: true }),
      captcha.box,
      h('button', { type: 'submit', class: 'primary', id: 'sign-in-button' }, '登录'),
      h('p', {},
        chosen.kind === 'graduate' ? [h('a', { href: '#/activate' }, '首次使用？激活毕业生账号'), h('a', { href: '#/forgot-password', class: 'forgot-password' }, '忘记密码')] : null,
        chosen.kind === 'employer' ? h('a', { href: '#/register' }, '还没有账号？用人单位注册') : null),
    );
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, errorBox)) return;
    const values = Object.fromEntries(new FormData(form));
    const body = { kind: chosen.kind, identifier: (values.identifier || '').trim(), password: values.password || '' };
    if (chosen.school) body.schoolCode = (values.schoolCode || '').trim();
    captcha.addTo(body, form);
    const button = form.querySelector('#sign-in-button');
    button.disabled = true;
    try {
      const newSession = await api('POST', '/sessions', { body });
      const me = await startSession(newSession);
      navigate(homeOf(me));
    } catch (error) {
      showError(errorBox, error, form);
      // The server wants a captcha now (or the one given was used up): show a fresh one.
      await captcha.renew(error);
    } finally {
      button.disabled = false;
    }
  });

  renderForm();
  mount(root, h('div', { class: 'card sign-in' }, h('h2', {}, '用户登录'), tabs, errorBox, form));
}
