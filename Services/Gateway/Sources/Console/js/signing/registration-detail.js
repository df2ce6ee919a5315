// 其他毕业去向登记 (DOMAIN.md §4.6): one registration in full (the category's fields with their
// labels, the proof, the history) with the steps the account may take now.
import { api } from '../api.js';
import { codeLists } from '../codes.js';
import { h, message, openDialog } from '../ui.js';
import { time } from './format.js';
import { roleOf, facts, graduateFacts, historyTable, attachmentList, invalidNote, stepButtons, stepDialog, uploadChosen, confirmedStep } from './parts.js';
import { destinationParts, fieldLabels, fieldText } from './destination-form.js';

const review = (stage, label) => [[`${stage}-approve`, `${label}审核通过`, 'primary'], [`${stage}-reject`, `${label}审核不通过`, 'danger']];
const withdraw = ['withdraw', '撤回', 'danger'];

/// Which steps a status offers to whom (the server decides; this only picks the buttons).
const steps = {
  graduate: {
    awaitingDepartment: [withdraw],
    awaitingSchool: [withdraw],
    rejected: [['resubmit', '修改后重新提交', 'primary'], withdraw],
    approved: [['request-void', '申请作废', 'danger']],
  },
  employer: {},
  department: { awaitingDepartment: review('department', '院系'), voidRequestAwaitingDepartment: review('department', '院系') },
  school: {
    awaitingSchool: review('school', '学校'),
    voidRequestAwaitingSchool: review('school', '学校'),
    approved: [['amend', '修改', null], ['void', '作废', 'danger']],
  },
};

export const registeredByName = { graduate: '毕业生登记', school: '学校代为登记' };

/// The category and its fields, labelled as the form labels them.
export function destinationFacts(codes, registration, more = []) {
  const labels = fieldLabels(codes, registration.category);
  const keys = [...labels.keys(), ...Object.keys(registration.fields || {}).filter((key) => !labels.has(key))];
  return facts([
    ['毕业去向', registration.categoryName],
    ...keys.filter((key) => registration.fields?.[key]).map((key) => [labels.get(key) || key, fieldText(codes, key, registration.fields[key])]),
    ...more,
  ], { id: 'destination-facts' });
}

export async function openRegistration(id, me, onChange) {
  const [registration, codes] = await Promise.all([api('GET', `/destination-registrations/${encodeURIComponent(id)}`), codeLists()]);
  const path = `/destination-registrations/${encodeURIComponent(id)}`;
  const body = h('div', { class: 'registration-detail', id: 'registration-detail' },
    h('p', {}, h('strong', {}, registration.statusName), `　${registration.categoryName}　${registeredByName[registration.registeredBy] || ''}`,
      registration.boundUnit ? '　定向/委培去向补充登记' : ''),
    invalidNote(registration),
    registration.lastReason ? message('info', `原因：${registration.lastReason}`) : null,
    h('div', { class: 'side-by-side' },
      h('section', {}, h('h4', {}, '毕业生（以学生名单为准）'), graduateFacts(registration.graduate)),
      h('section', {}, h('h4', {}, '毕业去向'), destinationFacts(codes, registration, [
        ['登记时间', time(registration.createdAt)], ['生效时间', time(registration.effectiveAt)],
      ]))),
    attachmentList(path, registration.attachments, '证明材料'),
    historyTable(registration.history));
  const own = registration.invalidatedAt ? [] : steps[roleOf(me)][registration.status] || [];
  const buttons = stepButtons(own, (action, label) => takeStep(registration, codes, action, label), onChange);
  openDialog(`毕业去向登记详情：${registration.graduate.name} — ${registration.categoryName}`, body, buttons);
}

function takeStep(registration, codes, action, label) {
  const post = (body) => api('POST', `/destination-registrations/${encodeURIComponent(registration.id)}/${action}`, { body });
  if (action.endsWith('-approve')) return confirmedStep(label, approveText(registration, action), post);
  if (action === 'withdraw') {
    return stepDialog(label, { reason: 'optional', intro: '撤回后本次登记结束，可以重新登记。', confirmLabel: '确认撤回' }, ({ reason }) => post({ reason }));
  }
  if (action === 'resubmit' || action === 'amend') {
    const parts = destinationParts(codes, registration, { proof: 'replace' });
    return stepDialog(label, { reason: action === 'amend' ? 'optional' : null, reasonLabel: '修改说明（可选）', formClass: 'grid', parts: parts.nodes },
      async ({ reason, form }) => post({ ...parts.read(form), reason, attachmentSha256: await uploadChosen(form, null) }));
  }
  const intro = { 'request-void': '作废申请经学校审核通过后，原毕业去向作废，可重新登记或签约。', void: '作废后该毕业生可重新登记或签约。' }[action];
  return stepDialog(label, { reasonLabel: '原因（必填）', intro: intro || '审核不通过后退回毕业生，原因将告知毕业生。' }, ({ reason }) => post({ reason }));
}

/// What an approval will do, asked before it is taken.
function approveText(registration, action) {
  const what = `${registration.graduate.name} 的${registration.status.startsWith('voidRequest') ? '作废申请' : `毕业去向登记（${registration.categoryName}）`}`;
  if (action === 'department-approve') return `确认院系审核通过 ${what}？通过后提交学校审核。`;
  return registration.status.startsWith('voidRequest')
    ? `确认学校审核通过 ${what}？通过后原毕业去向作废。`
    : `确认学校审核通过 ${what}？通过后毕业去向登记生效。`;
}
