// 用人单位首页: the employer's registration and its review status (待审核/已通过/未通过);
// a refused registration can be corrected and submitted again.
import { api } from '../api.js';
import { h, mount, message, showError, checkForm, notify } from '../ui.js';
import { employerForm, employerFormData, employerChecks } from './register.js';
import { employerSigningSection } from '../signing/employer.js';

const statusClass = { pending: 'pending', approved: 'on', rejected: 'rejected' };

export async function employerHomePage(root, { me }) {
  const employer = await api('GET', '/employer');
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, '单位名称'), h('dd', {}, employer.name),
    h('dt', {}, '统一社会信用代码'), h('dd', {}, employer.creditCode),
    h('dt', {}, '单位性质'), h('dd', {}, employer.natureName),
    h('dt', {}, '单位行业'), h('dd', {}, employer.industryName),
    h('dt', {}, '所在地'), h('dd', {}, employer.regionName || employer.regionCode),
    h('dt', {}, '单位地址'), h('dd', {}, employer.address),
    h('dt', {}, '联系人'), h('dd', {}, `${employer.contactName}　${employer.contactPhone}　${employer.email}`),
    h('dt', {}, '审核状态'), h('dd', {}, h('span', { class: `status ${statusClass[employer.status] || ''}`, id: 'employer-status' }, employer.statusName)),
    employer.reason ? [h('dt', {}, '审核意见'), h('dd', { id: 'employer-reason' }, employer.reason)] : null);
  const notes = {
    pending: message('info', '注册信息已提交，等待平台审核。审核通过后可向毕业生发起网签。'),
    approved: message('ok', '单位已通过审核，可以向毕业生发起网上签约。'),
    rejected: message('error', '注册信息未通过审核，请按审核意见修改后重新提交。'),
  };
  const sections = [h('div', { class: 'card' }, h('h2', {}, '单位信息'), notes[employer.status], facts)];
  if (employer.status === 'rejected') {
    const errorBox = h('div');
    const form = await employerForm(employer, { withPassword: false });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkForm(form, errorBox, employerChecks)) return;
      try {
        await api('POST', '/employer/resubmission', { raw: employerFormData(form) });
        await employerHomePage(root, { me });
        notify('已重新提交，等待平台审核。');
      } catch (error) {
        showError(errorBox, error, form);
      }
    });
    sections.push(h('div', { class: 'card' }, h('h2', {}, '修改并重新提交'), errorBox, form));
  }
  if (employer.status === 'approved') sections.push(...(await employerSigningSection(me)));
  mount(root, ...sections);
}
