// The captcha of sign-in, activation and 忘记密码: shown once the server asks for one (after
// repeated failures) or from the start (show()), one answer per attempt, a fresh image after every refusal.
import { api } from './api.js';
import { h, field, input, showError } from './ui.js';

export function captchaField(errorBox) {
  const box = h('div');
  let captcha = null;

  async function load() {
    captcha = await api('POST', '/captchas');
    const image = h('img', { src: captcha.image, alt: '验证码', title: '看不清？点击换一张', id: 'captcha-image' });
    image.addEventListener('click', () => load().catch((error) => showError(errorBox, error)));
    box.replaceChildren(field('验证码', h('div', { class: 'captcha' },
      input('captchaAnswer', { autocomplete: 'off', maxlength: 8, required: true, 'aria-required': 'true', 'data-label': '验证码' }), image)));
  }

  return {
    box,
    /// Shows a captcha now (where every attempt needs one).
    show: load,
    /// Adds the shown captcha's id and the typed answer to a request body.
    addTo(body, form) {
      if (!captcha) return;
      body.captchaId = captcha.captchaId;
      body.captchaAnswer = (new FormData(form).get('captchaAnswer') || '').trim();
    },
    /// After a refusal: a fresh captcha when the server wants one or one was in use.
    async renew(error) {
      if (error.code !== 'captcha_required' && !captcha) return;
      try { await load(); } catch (captchaError) { showError(errorBox, captchaError); }
    },
  };
}
