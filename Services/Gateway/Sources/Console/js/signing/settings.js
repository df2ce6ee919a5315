// 签约设置 (DOMAIN.md §3), per 届别: 协议类型 (locked once any signing exists), 开启网签,
// 审核方式, 应约有效期, and the 学校信息 printed on agreements.
import { api, query } from '../api.js';
import { h, mount, message, field, input, select, formValues, showError, clearErrors, saveBlob, showOk, filter } from '../ui.js';
import { currentCohort } from './format.js';

export async function signingSettingsPage(root) {
  const box = h('div', { id: 'signing-settings' });
  const cohortPicker = h('form', { class: 'toolbar' }, filter('届别', input('cohort', { value: String(currentCohort()), size: 6 })),
    h('button', { type: 'submit' }, '切换'));
  cohortPicker.addEventListener('submit', (event) => { event.preventDefault(); load(); });

  async function load() {
    const cohort = Number(formValues(cohortPicker).cohort);
    let settings;
    try {
      settings = await api('GET', '/signing-settings' + query({ cohort }));
    } catch (error) {
      showError(box, error, cohortPicker);
      return;
    }
    const info = settings.schoolInfo || {};
    const notice = h('div');
    const form = h('form', { class: 'grid', novalidate: true, id: 'settings-form' },
      field('协议类型', select('agreementType', [['threeParty', '三方协议（甲方用人单位、乙方毕业生、丙方学校）'], ['twoParty', '两方协议（学校审核）']],
        settings.agreementType, { disabled: settings.agreementTypeLocked })),
      field('开启网签', select('signingOpen', [['true', '开启'], ['false', '关闭']], String(settings.signingOpen))),
      field('审核方式', select('reviewMode', [['schoolOnly', '仅学校审核'], ['departmentThenSchool', '院系审核+学校审核']], settings.reviewMode)),
      field('应约有效期上限（天）', input('maxResponseDays', { value: String(settings.maxResponseDays), inputmode: 'numeric' })),
      h('h4', { class: 'wide' }, '学校信息（打印在就业协议书上）'),
      field('学校名称', input('schoolInfo.schoolName', { value: info.schoolName || '' })),
      field('就业部门', input('schoolInfo.employmentOffice', { value: info.employmentOffice || '' })),
      field('联系人', input('schoolInfo.contactName', { value: info.contactName || '' })),
      field('联系电话', input('schoolInfo.contactPhone', { value: info.contactPhone || '' })),
      field('通讯地址', input('schoolInfo.address', { value: info.address || '' })),
      field('邮编', input('schoolInfo.postcode', { value: info.postcode || '', maxlength: 6 })),
      field('学校意见', h('textarea', { name: 'schoolInfo.opinion', rows: 2 }, info.opinion || ''), { wide: true }),
      h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, '保存设置'), ' ',
        h('button', { type: 'button', id: 'download-template', onclick: async () => {
          try { saveBlob(await api('GET', '/signing-templates/agreement' + query({ cohort }), { blob: true })); } catch (error) { showError(notice, error); }
        } }, '下载就业协议书模板')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const values = formValues(form);
      const schoolInfo = {};
      for (const [key, value] of Object.entries(values)) if (key.startsWith('schoolInfo.')) schoolInfo[key.slice(11)] = value;
      try {
        await api('PUT', '/signing-settings', { body: {
          cohort, agreementType: values.agreementType || settings.agreementType, signingOpen: values.signingOpen === 'true',
          reviewMode: values.reviewMode, maxResponseDays: Number(values.maxResponseDays) || 0, schoolInfo,
        } });
        showOk(notice, `${cohort}届签约设置已保存。`);
      } catch (error) {
        showError(notice, error, form);
      }
    });
    mount(box,
      settings.agreementTypeLocked ? message('info', '已有毕业生办理网签业务，协议类型不可修改。') : null,
      notice, form);
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '签约设置'), cohortPicker, box));
  await load();
}
