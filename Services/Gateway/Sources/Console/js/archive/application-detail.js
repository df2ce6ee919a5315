// One 档案/户口信息 application (DOMAIN.md §5 申请记录): the values applied for beside the values
// in force when it was submitted, the changed fields highlighted, the history, and the steps
// the signed-in account may take now (the reviewer whose turn it is; the graduate's 撤回).
import { api } from '../api.js';
import { h, message, openDialog, table } from '../ui.js';
import { time } from '../signing/format.js';
import { facts, roleOf, stepButtons, stepDialog, confirmedStep } from '../signing/parts.js';
import { FIELDS, shownValue } from './fields.js';

/// The comparison: every field either side has, 变更前 beside 申请的信息, changed rows marked.
export function comparisonTable(application) {
  const changes = new Map((application.changes || []).map((change) => [change.field, change]));
  const previous = application.previous || {};
  const values = application.values || {};
  const rows = FIELDS.filter((spec) => changes.has(spec.key) || shownValue(spec.key, values) || shownValue(spec.key, previous))
    .map((spec) => {
      const change = changes.get(spec.key);
      return {
        key: spec.key, label: change?.label || spec.label, changed: Boolean(change),
        before: change ? change.oldValue : shownValue(spec.key, previous),
        after: change ? change.newValue : shownValue(spec.key, values),
      };
    });
  const cell = (text, row) => (row.changed ? h('mark', { class: 'changed-value' }, text || '（空）') : (text || '—'));
  const wrap = table([
    { title: '字段', value: (row) => [row.label, row.changed ? h('span', { class: 'status pending changed-tag' }, ' 已变更') : null] },
    { title: application.previous ? '变更前（已登记的信息）' : '变更前（未登记）', label: '变更前', value: (row) => cell(row.before, row) },
    { title: '申请的信息', value: (row) => cell(row.after, row) },
  ], rows, '没有填写信息');
  wrap.id = 'archive-comparison';
  wrap.querySelectorAll('tbody tr').forEach((tr, index) => {
    if (rows[index]?.changed) { tr.classList.add('changed'); tr.dataset.field = rows[index].key; }
    else if (rows[index]) tr.dataset.field = rows[index].key;
  });
  return wrap;
}

/// 办理记录 of an application.
export function applicationHistory(history = []) {
  return [h('h4', {}, '办理记录'), table([
    { title: '时间', value: (step) => time(step.at) },
    { title: '办理人', value: (step) => step.actorName },
    { title: '操作', value: (step) => step.actionName },
    { title: '结果', value: (step) => step.statusAfterName },
    { title: '原因', value: (step) => step.reason },
  ], history, '暂无办理记录')];
}

/// The reason of the last refusal, when the application is 审核不通过.
export function refusalOf(application) {
  if (!application || application.status !== 'rejected') return null;
  const step = [...(application.history || [])].reverse().find((entry) => entry.action.endsWith('Reject'));
  return step ? step.reason : '';
}

const REVIEW = {
  department: { awaitingDepartment: [['department-approve', '院系审核通过', 'primary'], ['department-reject', '院系审核不通过', 'danger']] },
  school: { awaitingSchool: [['school-approve', '学校审核通过', 'primary'], ['school-reject', '学校审核不通过', 'danger']] },
  graduate: { awaitingDepartment: [['withdraw', '撤回申请', 'danger']], awaitingSchool: [['withdraw', '撤回申请', 'danger']] },
};

/// The steps `me` may take on `application` now (the server decides; this picks the buttons).
export function stepsOf(me, application, invalid = false) {
  if (invalid) return [];
  return REVIEW[roleOf(me)]?.[application.status] || [];
}

/// Takes one step: approvals and 撤回 ask for confirmation, refusals for their reason.
export async function takeStep(application, action, label) {
  const post = (body) => api('POST', `/archive-applications/${encodeURIComponent(application.id)}/${action}`, { body });
  const who = application.graduate.name;
  if (action === 'department-approve') {
    return confirmedStep(label, `确认院系审核通过 ${who} 的档案/户口信息申请？通过后提交学校审核。`, post);
  }
  if (action === 'school-approve') {
    return confirmedStep(label, `确认学校审核通过 ${who} 的档案/户口信息申请？通过后申请的信息即生效，状态为“已登记”。`, post);
  }
  if (action === 'withdraw') {
    return confirmedStep(label, '确认撤回本次档案/户口信息申请？撤回后审核结束，需要时可重新填写提交。', post);
  }
  return stepDialog(label, {
    reason: 'required', reasonLabel: '不通过的原因（必填，将告知毕业生）', confirmLabel: `确认${label}`,
    intro: `${who} 的申请将退回为“审核不通过”，原因告知毕业生，毕业生可修改后重新提交。`,
  }, ({ reason }) => post({ reason }));
}

/// Opens application `id`; `onChange` runs after a step.
export async function openArchiveApplication(id, me, onChange) {
  const application = await api('GET', `/archive-applications/${encodeURIComponent(id)}`);
  const g = application.graduate;
  const refusal = refusalOf(application);
  const body = h('div', { class: 'archive-detail', id: 'archive-application-detail' },
    h('p', {}, h('strong', { class: 'application-status' }, application.statusName),
      `　提交时间：${time(application.submittedAt)}　审核方式：${application.reviewMode === 'departmentThenSchool' ? '院系审核+学校审核' : '仅学校审核'}`),
    refusal !== null ? message('error', `审核不通过的原因：${refusal || '未说明'}`) : null,
    facts([['姓名', g.name], ['身份证号', g.idNumber], ['学号', g.studentNumber], ['院系', g.department], ['专业', g.major],
      ['学历', g.educationLevelName], ['届别', String(g.cohort)]]),
    h('h4', {}, `变更对比（${application.changes.length} 项变更，已高亮）`),
    comparisonTable(application),
    applicationHistory(application.history));
  const buttons = stepButtons(stepsOf(me, application), (action, label) => takeStep(application, action, label), onChange);
  openDialog(`档案/户口信息申请：${g.name}`, body, buttons, { class: 'wide-dialog' });
}
