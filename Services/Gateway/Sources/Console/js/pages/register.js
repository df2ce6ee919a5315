// 用人单位注册 (DOMAIN.md §1): 统一社会信用代码, 单位信息, contact and the business-licence scan;
// the platform operator reviews it (待审核 → 已通过 / 未通过). The same form, without the
// password, corrects a refused registration.
import { api } from '../api.js';
import { homeOf, startSession } from '../account.js';
import { codeLists, choices } from '../codes.js';
import { h, mount, field, input, select, showError, checkForm, message } from '../ui.js';
import { regionPicker } from '../region-picker.js';

// What the client checks before sending (the server checks again): the formats of
// GB 32100 credit codes, phones and passwords (所在地 is picked from the 行政区划 list).
const CREDIT_CODE = '[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}';
const PHONE = '[0-9+\\- ]{7,20}';

/// The registration form; `employer` pre-fills it for a resubmission.
export async function employerForm(employer, { withPassword }) {
  const codes = await codeLists();
  const value = (key) => (employer ? employer[key] || '' : '');
  const required = { required: true };
  return h('form', { class: 'grid', novalidate: true, id: 'employer-form' },
    field('统一社会信用代码', input('creditCode', { value: value('creditCode'), maxlength: 18, readonly: Boolean(employer), pattern: CREDIT_CODE,
      'data-pattern-message': '统一社会信用代码应为18位数字或大写字母' }), required),
    field('单位名称', input('name', { value: value('name'), maxlength: 100 }), required),
    field('单位性质', select('nature', [['', '请选择'], ...choices(codes.employerNatures || [])], value('nature')), required),
    field('单位行业', select('industry', [['', '请选择'], ...choices(codes.industries || [])], value('industry')), { ...required, name: '行业' }),
    field('所在地', regionPicker('regionCode', value('regionCode')), required),
    field('单位地址', input('address', { value: value('address'), maxlength: 200 }), required),
    field('联系人', input('contactName', { value: value('contactName'), maxlength: 50 }), required),
    field('联系电话', input('contactPhone', { value: value('contactPhone'), inputmode: 'tel', pattern: PHONE,
      'data-pattern-message': '联系电话应为手机号或带区号的固定电话' }), required),
    field('电子邮箱', input('email', { value: value('email'), type: 'email' }), required),
    withPassword ? field('登录密码（至少8位，含字母和数字）', input('password', { type: 'password', autocomplete: 'new-password', minlength: 8,
      pattern: '(?=.*[A-Za-z])(?=.*[0-9]).{8,}', 'data-pattern-message': '密码至少8位，须含字母和数字' }), { ...required, name: '登录密码' }) : null,
    withPassword ? field('确认密码', input('passwordAgain', { type: 'password', autocomplete: 'new-password' }), required) : null,
    field(employer ? '营业执照扫描件（如需更换；PDF、JPG或PNG，不超过10MB）' : '营业执照扫描件（PDF、JPG或PNG，不超过10MB）',
      input('licence', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' }),
      { wide: true, required: !employer, name: '营业执照扫描件' }),
    h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, employer ? '重新提交' : '提交注册')));
}

/// The client's checks of the form beyond required/pattern: the two passwords agree, the
/// licence is small enough.
export const employerChecks = [
  ['passwordAgain', (values) => (values.password !== undefined && values.password !== values.passwordAgain ? '两次输入的密码不一致' : null)],
  ['licence', (_, form) => ((form?.elements.licence.files[0]?.size || 0) > 10 * 1024 * 1024 ? '营业执照扫描件不能超过10MB' : null)],
];

/// The form as multipart/form-data, without the confirmation field or an empty file.
export function employerFormData(form) {
  const data = new FormData(form);
  data.delete('passwordAgain');
  const licence = data.get('licence');
  if (licence instanceof File && licence.size === 0 && licence.name === '') data.delete('licence');
  for (const [key, entry] of [...data.entries()]) {
    if (typeof entry === 'string') data.set(key, entry.trim());
  }
  return data;
}

export async function registerEmployerPage(root, { navigate }) {
  const errorBox = h('div');
  const form = await employerForm(null, { withPassword: true });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Every field is checked first and every problem shown at once; a refusal by the
    // server names one field, shown beside it. The chosen licence stays chosen for the retry.
    if (!checkForm(form, errorBox, employerChecks)) return;
    try {
      const employer = await api('POST', '/employers', { raw: employerFormData(form) });
      // Registered: sign in at once, so the employer sees the review status.
      const newSession = await api('POST', '/sessions', {
        body: { kind: 'employer', identifier: employer.creditCode, password: form.elements.password.value },
      });
      navigate(homeOf(await startSession(newSession)));
    } catch (error) {
      showError(errorBox, error, form);
    }
  });
  mount(root, h('div', { class: 'card register' },
    h('h2', {}, '用人单位注册'),
    message('info', '每个统一社会信用代码只能注册一个账号。提交后由平台审核，审核通过后方可向毕业生发起网签。'),
    errorBox, form, h('p', {}, h('a', { href: '#/signin' }, '已有账号？返回登录'))));
}
