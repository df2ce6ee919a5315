// One agreement in full: the graduate (from the roster) and the employer side by side, the
// job, attachments, the PDF, and the history; plus the buttons for the steps the signed-in
// account may take now. Used by staff, graduates and employers alike.
import { api } from '../api.js';
import { h, message, openDialog, saveBlob } from '../ui.js';
import { time, yuan, numberOf } from './format.js';
import { employerFields, jobFields, readEmployer, readJob } from './forms.js';
import { roleOf, facts, historyTable, attachmentList, warningBanner, invalidNote, uploadScan, stepButtons, stepDialog, confirmedStep } from './parts.js';
import { terminationButtons } from './termination-detail.js';

export { uploadScan };

/// Which steps a status offers to whom (the server decides; this only picks the buttons).
const steps = {
  graduate: {
    offered: [['accept', '同意签约', 'primary'], ['refuse', '拒绝签约', 'danger']],
    applicationDepartmentRejected: [['resubmit', '修改后重新提交', 'primary'], ['withdraw', '撤回', 'danger']],
    applicationSchoolRejected: [['resubmit', '修改后重新提交', 'primary'], ['withdraw', '撤回', 'danger']],
    applicationApproved: [['upload-signed', '上传已签协议', 'primary'], ['withdraw', '撤回', 'danger']],
    departmentRejected: [['upload-signed', '重新上传已签协议', 'primary'], ['withdraw', '撤回', 'danger']],
    schoolRejected: [['upload-signed', '重新上传已签协议', 'primary'], ['withdraw', '撤回', 'danger']],
    applicationAwaitingDepartment: [['withdraw', '撤回', 'danger']],
    applicationAwaitingSchool: [['withdraw', '撤回', 'danger']],
    signedAwaitingDepartment: [['withdraw', '撤回', 'danger']],
    signedAwaitingSchool: [['withdraw', '撤回', 'danger']],
    backRegistrationRejected: [['resubmit', '修改后重新提交', 'primary']],
  },
  employer: { offered: [['withdraw', '撤回签约', 'danger']] },
  department: {
    acceptedAwaitingDepartment: [['department-approve', '院系审核通过', 'primary'], ['department-reject', '院系审核不通过', 'danger']],
    applicationAwaitingDepartment: [['department-approve', '院系审核通过', 'primary'], ['department-reject', '院系审核不通过', 'danger']],
    signedAwaitingDepartment: [['department-approve', '院系审核通过', 'primary'], ['department-reject', '院系审核不通过', 'danger']],
    backRegistrationAwaitingDepartment: [['department-approve', '院系审核通过', 'primary'], ['department-reject', '院系审核不通过', 'danger']],
  },
  school: {
    acceptedAwaitingSchool: [['school-approve', '学校审核通过', 'primary'], ['school-reject', '学校审核不通过', 'danger']],
    applicationAwaitingSchool: [['school-approve', '学校审核通过', 'primary'], ['school-reject', '学校审核不通过', 'danger']],
    signedAwaitingSchool: [['school-approve', '学校审核通过', 'primary'], ['school-reject', '学校审核不通过', 'danger']],
    backRegistrationAwaitingSchool: [['school-approve', '学校审核通过', 'primary'], ['school-reject', '学校审核不通过', 'danger']],
    effective: [['amend', '修改', null], ['void', '作废', 'danger']],
    backRegistrationEffective: [['amend', '修改', null], ['void', '作废', 'danger']],
  },
};
const needsReason = new Set(['department-reject', 'school-reject', 'void']);
const printable = new Set(['effective', 'backRegistrationEffective', 'voided', 'applicationApproved', 'signedAwaitingDepartment',
  'signedAwaitingSchool', 'departmentRejected', 'schoolRejected']);

/// The review steps `me` may take on `record` now: {approve, reject} (院系 or 学校审核), or null.
/// The lists' 批量审核 offers the same steps as the detail.
export function reviewStepsOf(me, record) {
  if (record.invalidatedAt) return null;
  const own = steps[roleOf(me)][record.status] || [];
  const approve = own.find(([action]) => action.endsWith('-approve'));
  const reject = own.find(([action]) => action.endsWith('-reject'));
  return approve && reject ? { approve: approve[0], reject: reject[0] } : null;
}

/// Opens the detail of agreement `id`; `onChange` runs after a step succeeded.
export async function openAgreement(id, me, onChange) {
  const agreement = await api('GET', `/agreements/${encodeURIComponent(id)}`);
  const g = agreement.graduate;
  const e = agreement.employer;
  const canPrint = printable.has(agreement.status) && !(agreement.flow === 'employerOffer' && !['effective', 'voided'].includes(agreement.status));
  const body = h('div', { class: 'agreement-detail', id: 'agreement-detail' },
    h('p', {}, h('strong', {}, agreement.statusName), `　协议编号：${numberOf(agreement)}　${agreement.flowName}`,
      agreement.respondBy && agreement.status === 'offered' ? `　应约截止：${time(agreement.respondBy)}` : ''),
    invalidNote(agreement),
    // 预警单位: the graduate answering the offer and the reviewers see it (§4.8).
    me.kind === 'employer' ? null : warningBanner(agreement.warning),
    agreement.lastReason ? message('info', `原因：${agreement.lastReason}`) : null,
    h('div', { class: 'side-by-side' },
      h('section', {}, h('h4', {}, '乙方 毕业生（以学生名单为准）'), facts([
        ['姓名', g.name], ['性别', g.gender], ['身份证号', g.idNumber], ['学校', g.schoolName], ['院系', g.department],
        ['专业', g.major], ['学历', g.educationLevelName], ['毕业时间', g.graduationDate], ['培养方式', g.trainingMode],
        ['生源地', g.originRegionName || g.originRegion], ['联系电话', g.mobile],
      ])),
      h('section', {}, h('h4', {}, '甲方 用人单位'), facts([
        ['单位名称', e.name], ['统一社会信用代码', e.creditCode], ['单位性质', e.natureName], ['单位行业', e.industryName],
        ['所在地', e.regionName || e.regionCode], ['单位地址', e.address], ['联系人', e.contactName], ['联系电话', e.contactPhone], ['电子邮箱', e.email],
      ]))),
    h('h4', {}, '岗位与约定'),
    facts([
      ['岗位名称', agreement.job.jobTitle], ['工作地点', agreement.job.workLocation], ['月薪', yuan(agreement.job.monthlySalaryYuan)],
      ['试用期', `${agreement.job.probationMonths} 个月`], ['合同期限', agreement.job.contractTerm], ['其他约定', agreement.job.otherTerms],
    ]),
    attachmentList(`/agreements/${encodeURIComponent(id)}`, agreement.attachments),
    canPrint ? h('p', {}, h('button', { type: 'button', id: 'download-pdf', onclick: async () =>
      saveBlob(await api('GET', `/agreements/${encodeURIComponent(id)}/pdf`, { blob: true })) }, '下载就业协议书（PDF）')) : null,
    historyTable(agreement.history));

  const own = agreement.invalidatedAt ? [] : steps[roleOf(me)][agreement.status] || [];
  const buttons = [
    ...stepButtons(own, (action, label) => takeStep(agreement, action, label), onChange),
    // 解约 (§4.4, §4.5): apply, 强制解约, or the open termination.
    ...terminationButtons(agreement, me, onChange),
  ];
  openDialog(`签约详情：${g.name} — ${e.name}`, body, buttons);
}

/// One step; asks for a reason, a scan or corrected data first where the step needs them.
async function takeStep(agreement, action, label) {
  const post = (body) => api('POST', `/agreements/${encodeURIComponent(agreement.id)}/${action}`, { body });
  if (action === 'accept' || action === 'school-approve' || action === 'department-approve') {
    return confirmedStep(label, confirmText(agreement, action), post);
  }
  if (action === 'upload-signed') {
    return stepDialog(label, { reason: null, file: '已签字盖章的就业协议书扫描件', fileRequired: true },
      ({ attachmentSha256 }) => post({ attachmentSha256 }));
  }
  if (action === 'resubmit' || action === 'amend') {
    return stepDialog(label, {
      reason: null, formClass: 'grid',
      parts: [...employerFields(agreement.employer, { lockIdentity: action === 'amend' }), ...jobFields(agreement.job)],
      file: agreement.flow === 'backRegistration' ? '新的纸质协议扫描件' : null,
    }, ({ attachmentSha256, form }) => post({ employer: readEmployer(form), job: readJob(form), attachmentSha256 }));
  }
  return stepDialog(label, { reason: needsReason.has(action) ? 'required' : 'optional', intro: stepIntro[action] || null },
    ({ reason }) => post({ reason }));
}

/// What a one-click step will do, asked before it is taken.
function confirmText(agreement, action) {
  const who = `${agreement.graduate.name} 与 ${agreement.employer.name}`;
  const application = agreement.status.startsWith('application');
  if (action === 'accept') return `确认同意与 ${agreement.employer.name} 签约？同意后协议提交学校审核。`;
  if (action === 'department-approve') return `确认院系审核通过 ${who} 的${application ? '电子协议书申请' : '协议'}？通过后提交学校审核。`;
  return application
    ? `确认学校审核通过 ${who} 的电子协议书申请？通过后毕业生可下载协议书签字盖章。`
    : `确认学校审核通过 ${who} 的协议？通过后协议生效。`;
}

/// What the steps with a reason will do, above their reason.
const stepIntro = {
  refuse: '拒绝后本次签约结束，单位可重新发起。',
  withdraw: '撤回后本次签约结束，不能恢复。',
  'department-reject': '审核不通过后退回，原因将告知毕业生和单位。',
  'school-reject': '审核不通过后退回，原因将告知毕业生和单位。',
  void: '作废后协议失效，毕业生可重新签约；此操作不能撤销。',
};
