// One agreement in full: the graduate (from the roster) and the employer side by side, the
// job, attachments, the PDF, and the history; plus the buttons for the steps the signed-in
// account may take now. Used by staff, graduates and employers alike.
import { api } from '../api.js';
import { h, message, field, input, openDialog, table, saveBlob, showError } from '../ui.js';
import { time, yuan, numberOf } from './format.js';
import { employerFields, jobFields, readEmployer, readJob } from './forms.js';

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

function roleOf(me) {
  if (me.kind === 'graduate') return 'graduate';
  if (me.kind === 'employer') return 'employer';
  return me.role === 'departmentAdmin' || me.role === 'departmentOperator' ? 'department' : 'school';
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value || '—')]));
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
    agreement.invalidatedAt ? message('error', `此记录已失效（${agreement.invalidReason}，${time(agreement.invalidatedAt)}），不能再办理。`) : null,
    agreement.lastReason ? message('info', `原因：${agreement.lastReason}`) : null,
    h('div', { class: 'side-by-side' },
      h('section', {}, h('h4', {}, '乙方 毕业生（以学生名单为准）'), facts([
        ['姓名', g.name], ['性别', g.gender], ['身份证号', g.idNumber], ['学校', g.schoolName], ['院系', g.department],
        ['专业', g.major], ['学历', g.educationLevelName], ['毕业时间', g.graduationDate], ['培养方式', g.trainingMode],
        ['生源地', g.originRegion], ['联系电话', g.mobile],
      ])),
      h('section', {}, h('h4', {}, '甲方 用人单位'), facts([
        ['单位名称', e.name], ['统一社会信用代码', e.creditCode], ['单位性质', e.natureName], ['单位行业', e.industryName],
        ['所在地', e.regionCode], ['单位地址', e.address], ['联系人', e.contactName], ['联系电话', e.contactPhone], ['电子邮箱', e.email],
      ]))),
    h('h4', {}, '岗位与约定'),
    facts([
      ['岗位名称', agreement.job.jobTitle], ['工作地点', agreement.job.workLocation], ['月薪', yuan(agreement.job.monthlySalaryYuan)],
      ['试用期', `${agreement.job.probationMonths} 个月`], ['合同期限', agreement.job.contractTerm], ['其他约定', agreement.job.otherTerms],
    ]),
    agreement.attachments.length ? [h('h4', {}, '附件'), h('ul', {}, agreement.attachments.map((file) =>
      h('li', {}, h('button', { type: 'button', class: 'link', onclick: async () => saveBlob(await api('GET',
        `/agreements/${encodeURIComponent(id)}/attachments/${file.sha256}`, { blob: true })) },
      `${file.kind === 'paperAgreement' ? '纸质协议' : '已签协议'}（${file.contentType}，${Math.ceil(file.size / 1024)} KB，${time(file.uploadedAt)}）`))))] : null,
    canPrint ? h('p', {}, h('button', { type: 'button', id: 'download-pdf', onclick: async () =>
      saveBlob(await api('GET', `/agreements/${encodeURIComponent(id)}/pdf`, { blob: true })) }, '下载就业协议书（PDF）')) : null,
    h('h4', {}, '办理记录'),
    table([
      { title: '时间', value: (x) => time(x.at) },
      { title: '办理人', value: (x) => x.actorName || { system: '系统' }[x.actorKind] || x.actorKind },
      { title: '操作', value: (x) => x.actionName },
      { title: '结果', value: (x) => x.toStatusName },
      { title: '原因', value: (x) => x.reason },
    ], agreement.history));

  const buttons = (agreement.invalidatedAt ? [] : steps[roleOf(me)][agreement.status] || []).map(([action, label, style]) => ({
    label, primary: style === 'primary', danger: style === 'danger',
    action: async (close) => {
      const done = await takeStep(agreement, action, label, me);
      if (done) { close(); await onChange?.(); }
    },
  }));
  openDialog(`签约详情：${g.name} — ${e.name}`, body, buttons);
}

/// One step; asks for a reason, a scan or corrected data first where the step needs them.
async function takeStep(agreement, action, label, me) {
  const path = `/agreements/${encodeURIComponent(agreement.id)}/${action}`;
  if (action === 'accept' || action === 'school-approve' || action === 'department-approve') {
    await api('POST', path, { body: {} });
    return true;
  }
  return new Promise((resolve) => {
    const form = h('form', { class: 'stack', novalidate: true });
    if (action === 'upload-signed') {
      form.append(field('已签字盖章的就业协议书扫描件（PDF、JPG或PNG，不超过10MB）', input('file', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png' })));
    } else if (action === 'resubmit' || action === 'amend') {
      form.classList.replace('stack', 'grid');
      form.append(...employerFields(agreement.employer, { lockIdentity: action === 'amend' }), ...jobFields(agreement.job));
      if (agreement.flow === 'backRegistration') form.append(field('新的纸质协议扫描件（可选）', input('file', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png' }), { wide: true }));
    } else {
      form.append(field(needsReason.has(action) ? '原因（必填）' : '说明（可选）', h('textarea', { name: 'reason', rows: 3 })));
    }
    const { dialog } = openDialog(label, form, [{
      label: '确定', primary: true,
      action: async (close) => {
        const body = {};
        const reason = form.querySelector('[name="reason"]');
        if (reason) body.reason = reason.value.trim();
        const file = form.querySelector('[name="file"]')?.files?.[0];
        if (file) body.attachmentSha256 = (await uploadScan(file)).sha256;
        if (action === 'upload-signed' && !file) throw Object.assign(new Error('请选择扫描件'), { field: 'file' });
        if (action === 'resubmit' || action === 'amend') {
          body.employer = readEmployer(form);
          body.job = readJob(form);
        }
        await api('POST', path, { body });
        close();
        resolve(true);
      },
    }]);
    // Cancelled: the step was not taken.
    dialog.addEventListener('close', () => resolve(false));
  });
}

/// Uploads a scan; answers {sha256, contentType, size}.
export async function uploadScan(file) {
  const data = new FormData();
  data.append('file', file);
  return api('POST', '/attachments', { raw: data });
}
