// 忘记密码 (毕业生): the roster's 身份证号 + 姓名 + 考生号, as at activation, and a new password;
// the captcha is asked every time. The server signs the graduate in at once and ends every
// other session; the console signs that new session out again and returns to 登录, where the
// graduate signs in with the new password.
import { api } from '../api.js';
import { h, mount, message, notify } from '../ui.js';
import { rosterClaimForm } from './roster-claim.js';

export async function forgotPasswordPage(root, { navigate }) {
  const errorBox = h('div');
  const form = rosterClaimForm({
    errorBox, passwordLabel: '新密码', submitLabel: '重新设置密码', captchaAlways: true, id: 'password-reset-form',
    submit: async (body) => {
      const started = await api('POST', '/graduate-password-resets', { body });
      if (started && started.refreshToken) {
        try { await api('POST', '/sessions/sign-out', { body: { refreshToken: started.refreshToken } }); } catch { /* it expires on its own */ }
      }
      // The result bar is emptied when the page changes: shown once 登录 is on its way.
      window.addEventListener('hashchange', () => notify('密码已重新设置，原密码已失效，请使用新密码登录。'), { once: true });
      navigate('#/signin');
    },
  });
  mount(root, h('div', { class: 'card sign-in' }, h('h2', {}, '忘记密码'),
    message('info', '已激活的毕业生可凭与学生名单一致的身份证号、姓名和考生号重新设置密码；重新设置后原密码失效，已登录的设备需重新登录。'),
    errorBox, form));
}
