// 登记设置 of 档案/户口信息管理 (DOMAIN.md §5), per 届别 (school admin): 开启登记 and 审核方式
// (仅学校审核 / 院系审核+学校审核); a change does not affect the applications under review.
import { api, query } from '../api.js';
import { h, mount, field, input, select, formValues, showError, clearErrors, notify, confirmAction, filter } from '../ui.js';
import { currentCohort, time } from '../signing/format.js';

const MODES = [['schoolOnly', '仅学校审核'], ['departmentThenSchool', '院系审核+学校审核']];

export async function archiveSettingsPage(root) {
  const box = h('div', { id: 'archive-settings' });
  const cohortPicker = h('form', { class: 'toolbar' }, filter('届别', input('cohort', { value: String(currentCohort()), size: 6, inputmode: 'numeric' })),
    h('button', { type: 'submit' }, '切换'));
  cohortPicker.addEventListener('submit', (event) => { event.preventDefault(); load(); });

  async function load() {
    const cohort = Number(formValues(cohortPicker).cohort);
    let settings;
    try {
      settings = await api('GET', '/archive-settings' + query({ cohort }));
    } catch (error) {
      showError(box, error, cohortPicker);
      return;
    }
    const notice = h('div');
    const form = h('form', { class: 'grid', novalidate: true, id: 'archive-settings-form' },
      field('开启登记', select('registrationOpen', [['true', '开启（毕业生可以提交档案/户口信息）'], ['false', '关闭']], String(settings.registrationOpen)), { required: true }),
      field('审核方式', select('reviewMode', MODES, settings.reviewMode), { required: true }),
      h('p', { class: 'wide hint' }, settings.updatedAt ? `最近保存：${time(settings.updatedAt)}` : '尚未保存过，当前为默认设置（开启登记、仅学校审核）。',
        '修改审核方式不影响已在审核中的申请；关闭登记后毕业生不能再提交申请。'),
      h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, '保存设置')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const values = formValues(form);
      const open = values.registrationOpen === 'true';
      const mode = MODES.find(([code]) => code === values.reviewMode)?.[1];
      const text = `确认保存${cohort}届档案/户口信息登记设置：${open ? '开启登记' : '关闭登记（毕业生不能再提交申请）'}，审核方式为“${mode}”？`;
      if (!(await confirmAction('确认保存登记设置', text, { confirmLabel: '保存设置' }))) return;
      try {
        const saved = await api('PUT', '/archive-settings', { body: { cohort, registrationOpen: open, reviewMode: values.reviewMode } });
        notify(`${cohort}届档案/户口信息登记设置已保存：${saved.registrationOpen ? '已开启登记' : '已关闭登记'}，${saved.reviewModeName}。`);
        await load();
      } catch (error) {
        showError(notice, error, form);
      }
    });
    mount(box, notice, form);
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '登记设置'), cohortPicker, box));
  await load();
}
