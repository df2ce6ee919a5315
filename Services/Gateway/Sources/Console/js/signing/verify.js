// 协议核验: anyone holding an agreement checks it, by the QR code's link or by its PDF file.
import { api } from '../api.js';
import { h, mount, message, field, input, showError } from '../ui.js';
import { time } from './format.js';

function result(verification) {
  if (!verification.found) return message('error', '未找到该协议：此文件不是本系统出具的就业协议书，或已被修改。');
  return h('div', {},
    verification.issuedBySystem
      ? message(verification.superseded ? 'info' : 'ok', verification.superseded
        ? `该文件由本系统于 ${time(verification.issuedAt)} 出具，但协议此后已有变更，请以当前状态为准。`
        : `该文件由本系统于 ${time(verification.issuedAt)} 出具，内容未被修改。`)
      : null,
    h('dl', { class: 'facts', id: 'verification' },
      h('dt', {}, '协议编号'), h('dd', {}, verification.number || '签约信息生效后生成'),
      h('dt', {}, '当前状态'), h('dd', {}, verification.statusName),
      h('dt', {}, '学校'), h('dd', {}, verification.schoolName),
      h('dt', {}, '毕业生'), h('dd', {}, verification.graduateName),
      h('dt', {}, '用人单位'), h('dd', {}, verification.employerName)));
}

export async function verifyPage(root, { params }) {
  const [id] = params;
  const box = h('div');
  const form = h('form', { class: 'stack', novalidate: true },
    field('上传就业协议书PDF进行核验', input('file', { type: 'file', accept: '.pdf,application/pdf' })),
    h('button', { type: 'submit', class: 'primary' }, '核验'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) { showError(box, { message: '请选择协议书PDF文件', field: 'file' }, form); return; }
    const data = new FormData();
    data.append('file', file);
    try { box.replaceChildren(result(await api('POST', '/agreement-verifications', { raw: data }))); } catch (error) { showError(box, error, form); }
  });
  mount(root, h('div', { class: 'card sign-in verify' }, h('h2', {}, '就业协议书核验'), box, form));
  if (id) {
    try { box.replaceChildren(result(await api('GET', `/agreement-verifications/${encodeURIComponent(id)}`))); } catch (error) { showError(box, error); }
  }
}
