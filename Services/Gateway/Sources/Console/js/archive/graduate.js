// The graduate's 档案/户口信息 (DOMAIN.md §5): their status and the values in force, the open
// application and its review (status, the refusal's reason, 撤回 while under review), and the
// form to fill in — the 同步 suggestion offered with a button to use it, never applied by
// itself — submitted (or, after 审核不通过, edited and resubmitted) after confirmation.
import { api, query } from '../api.js';
import { h, mount, message, checkForm, showError, confirmAction, notify } from '../ui.js';
import { time } from '../signing/format.js';
import { archiveFields, readArchiveValues, applySuggestion, suggestionText } from './fields.js';
import { shownFacts } from './records.js';
import { comparisonTable, applicationHistory, refusalOf, takeStep } from './application-detail.js';

export async function graduateArchiveSection() {
  const content = h('div', { id: 'archive-mine' });
  const card = h('div', { class: 'card', id: 'archive-section' }, h('h2', {}, '档案/户口信息'), content);

  async function load() {
    let record;
    let settings = null;
    try {
      record = await api('GET', '/archive-record');
      settings = await api('GET', '/archive-settings' + query({ cohort: record.graduate.cohort }));
    } catch (error) {
      if (!record) { mount(content, message(error.status === 404 ? 'info' : 'error', error.status === 404 ? '暂无档案/户口信息（学生名单信息同步中，请稍后刷新）。' : error.message)); return; }
    }
    const open = record.openApplication;
    const underReview = open && open.status !== 'rejected';
    const refusal = refusalOf(open);
    const notice = h('div', { id: 'archive-notice' });

    const statusLine = h('p', {}, '登记状态：', h('strong', { id: 'archive-status' }, record.statusName),
      record.registeredAt ? `　首次登记：${time(record.registeredAt)}` : '');
    const applicationPart = open ? h('div', { id: 'archive-application' },
      h('h4', {}, '我的申请'),
      h('p', {}, '申请状态：', h('strong', { id: 'archive-application-status' }, open.statusName), `　提交时间：${time(open.submittedAt)}`),
      refusal !== null ? message('error', `审核不通过的原因：${refusal || '未说明'}。请修改后重新提交。`) : null,
      comparisonTable(open),
      applicationHistory(open.history),
      underReview ? h('p', {}, h('button', { type: 'button', class: 'danger', id: 'archive-withdraw', onclick: async () => {
        try {
          const result = await takeStep(open, 'withdraw', '撤回申请');
          if (!result) return;
          notify(`已撤回档案/户口信息申请，当前申请状态：${result.statusName}。`);
          await load();
        } catch (error) {
          showError(notice, error);
        }
      } }, '撤回申请')) : null) : null;

    let formPart = null;
    if (record.invalid) {
      formPart = message('info', `您的信息已失效（${record.invalidReason || '已移出学生名单'}），不能提交申请。`);
    } else if (underReview) {
      formPart = message('info', '申请审核中，审核结束前不能再次提交；需要修改时可先撤回申请。');
    } else if (settings && !settings.registrationOpen) {
      formPart = message('info', '学校尚未开启档案/户口信息登记，暂不能提交。');
    } else {
      formPart = applicationForm(record, open, refusal !== null, settings);
    }
    mount(content, statusLine, notice,
      h('h4', {}, '已登记的档案/户口信息'), shownFacts(record, 'archive-my-values'),
      applicationPart, formPart);
  }

  function applicationForm(record, open, resubmit, settings) {
    const start = resubmit ? open.values : (record.values || {});
    const { nodes, parts } = archiveFields(start);
    const errorBox = h('div');
    const label = resubmit ? '修改后重新提交' : (record.values ? '提交变更申请' : '提交申请');
    const form = h('form', { class: 'grid archive-form', novalidate: true, id: 'archive-form' },
      nodes, h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, label)));
    const suggestion = record.suggestion ? h('div', { class: 'message info', id: 'archive-suggestion' },
      h('span', {}, `同步建议（毕业去向生效后系统建议的档案接收单位，仅供参考）：${suggestionText(record.suggestion)}`), ' ',
      h('button', { type: 'button', id: 'use-suggestion', onclick: () => {
        applySuggestion(form, record.suggestion, parts);
        notify('已按同步建议填入档案转递类型和接收单位，请核对并补全其余信息后提交。');
      } }, '使用建议')) : null;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkForm(form, errorBox)) return;
      const review = settings?.reviewMode === 'departmentThenSchool'
        ? '提交后先由院系审核、再由学校审核，审核通过后信息生效。' : '提交后由学校审核，审核通过后信息生效。';
      const what = resubmit ? '修改后重新提交档案/户口信息申请' : (record.values ? '提交档案/户口信息变更申请' : '提交档案/户口信息申请');
      if (!(await confirmAction(`确认${label}`, `确认${what}？${review}`, { confirmLabel: label }))) return;
      try {
        const created = await api('POST', '/archive-applications', { body: { values: readArchiveValues(form) } });
        notify(`${label}：已提交，当前申请状态：${created.statusName}。`);
        await load();
      } catch (error) {
        showError(errorBox, error, form);
      }
    });
    return h('div', { id: 'archive-form-part' },
      h('h4', {}, resubmit ? '修改申请' : (record.values ? '申请变更档案/户口信息' : '填写档案/户口信息')),
      suggestion, errorBox, form);
  }

  await load();
  return card;
}
