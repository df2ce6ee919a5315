// 解约 (DOMAIN.md §4.4 online, §4.5 offline, 强制解约): one termination in full with the steps
// the account may take now, and the 申请解约 / 强制解约 buttons of an effective agreement's detail.
import { api } from '../api.js';
import { h, message, openDialog } from '../ui.js';
import { time } from './format.js';
import { roleOf, facts, graduateFacts, historyTable, attachmentList, invalidNote, stepButtons, stepDialog, recordsChanged, confirmedStep, stepDone } from './parts.js';

const review = (stage, label) => [[`${stage}-approve`, `${label}审核通过`, 'primary'], [`${stage}-reject`, `${label}审核不通过`, 'danger']];
const answer = [['agree', '同意解约', 'primary'], ['disagree', '不同意解约', 'danger']];
const force = ['force', '强制解约', 'danger'];

/// Which steps a status offers to whom (the server decides; this only picks the buttons).
const steps = {
  graduate: { employerRequested: answer },
  employer: { graduateRequested: answer },
  department: { awaitingDepartment: review('department', '院系'), offlineAwaitingDepartment: review('department', '院系') },
  school: {
    awaitingSchool: review('school', '学校'),
    offlineAwaitingSchool: review('school', '学校'),
    // The other party does not answer: the school ends the agreement (§4.4).
    employerRequested: [force],
    graduateRequested: [force],
  },
};

function stepsFor(termination, me) {
  if (termination.invalidatedAt) return [];
  const role = roleOf(me);
  // A refused offline termination: the graduate corrects it (a new 解约函) and submits it again (§4.5).
  if (role === 'graduate' && termination.status === 'rejected' && termination.kind === 'offline') {
    return [['resubmit', '修改后重新提交', 'primary']];
  }
  return steps[role][termination.status] || [];
}

const effectiveStatuses = new Set(['effective', 'backRegistrationEffective']);
const isOffline = (agreement) => agreement.flow !== 'employerOffer';

export async function openTermination(id, me, onChange) {
  const termination = await api('GET', `/terminations/${encodeURIComponent(id)}`);
  const path = `/terminations/${encodeURIComponent(id)}`;
  const body = h('div', { class: 'termination-detail', id: 'termination-detail' },
    h('p', {}, h('strong', {}, termination.statusName), `　${termination.kindName}　发起方：${termination.initiatorName}`,
      `　协议编号：${termination.agreementNumber || '—'}`),
    invalidNote(termination),
    termination.lastReason ? message('info', `原因：${termination.lastReason}`) : null,
    h('div', { class: 'side-by-side' },
      h('section', {}, h('h4', {}, '毕业生（以学生名单为准）'), graduateFacts(termination.graduate)),
      h('section', {}, h('h4', {}, '签约单位'), facts([
        ['单位名称', termination.employerName], ['统一社会信用代码', termination.employerCreditCode],
      ]), h('h4', {}, '解约申请'), facts([
        ['解约原因', termination.reason], ['申请时间', time(termination.createdAt)], ['更新时间', time(termination.updatedAt)],
      ]))),
    attachmentList(path, termination.attachments, '解约函及证明材料'),
    historyTable(termination.history));
  const buttons = stepButtons(stepsFor(termination, me), (action, label) => takeStep(termination, action, label), onChange);
  openDialog(`解约详情：${termination.graduate.name} — ${termination.employerName}`, body, buttons);
}

function takeStep(termination, action, label) {
  const post = (body) => api('POST', `/terminations/${encodeURIComponent(termination.id)}/${action}`, { body });
  if (action === 'agree' || action.endsWith('-approve')) return confirmedStep(label, confirmText(termination, action), post);
  if (action === 'resubmit') {
    return stepDialog(label, { reason: 'optional', reasonLabel: '解约原因（可修改）', file: '新的解约函', fileRequired: false },
      ({ reason, attachmentSha256 }) => post({ reason: reason || undefined, attachmentSha256 }));
  }
  if (action === 'force') {
    return stepDialog(label, { file: '解约证明材料', fileRequired: true, reasonLabel: '强制解约原因（必填）',
      intro: '强制解约后协议即解除（学校已强制解约），毕业生可重新签约。' }, ({ reason, attachmentSha256 }) => post({ reason, attachmentSha256 }));
  }
  const intro = action.endsWith('-reject') ? '审核不通过后解约申请退回，协议保持有效。' : '不同意解约后本次解约申请结束，协议保持有效。';
  return stepDialog(label, { reasonLabel: '原因（必填）', intro }, ({ reason }) => post({ reason }));
}

/// What a one-click step of a termination will do, asked before it is taken.
function confirmText(termination, action) {
  const who = `${termination.graduate.name} 与 ${termination.employerName}`;
  if (action === 'agree') return `确认同意解除 ${who} 的协议？同意后提交学校审核，审核通过后协议解除。`;
  if (action === 'department-approve') return `确认院系审核通过 ${who} 的解约申请？通过后提交学校审核。`;
  return `确认学校审核通过 ${who} 的解约申请？通过后协议解除，毕业生可重新签约。`;
}

/// The 解约 buttons of an agreement's detail: 查看解约 while one is open; otherwise 申请解约 for
/// the parties of an effective agreement (an employer only for online ones: offline agreements
/// end with the graduate's 解约函) and 强制解约 for the school.
export function terminationButtons(agreement, me, onChange) {
  if (agreement.invalidatedAt) return [];
  const role = roleOf(me);
  const done = async (close, label, result) => { close(); stepDone(label, result); await onChange?.(); recordsChanged(); };
  if (agreement.openTerminationId) {
    return [{ label: '查看解约', action: async (close) => { close(); await openTermination(agreement.openTerminationId, me, onChange); } }];
  }
  if (!effectiveStatuses.has(agreement.status)) return [];
  const path = `/agreements/${encodeURIComponent(agreement.id)}`;
  if (role === 'graduate' || (role === 'employer' && !isOffline(agreement))) {
    return [{
      label: '申请解约', danger: true,
      action: async (close) => {
        const offline = isOffline(agreement);
        const applied = await stepDialog('申请解约', {
          reasonLabel: '解约原因（必填）',
          file: offline ? '解约函（单位同意解约的书面证明）' : null, fileRequired: offline,
          intro: offline ? '线下签订的协议须上传解约函，由学校审核。' : '解约须经对方同意，再由学校审核；审核通过后协议解除。',
        }, ({ reason, attachmentSha256 }) => api('POST', `${path}/terminations`, { body: { reason, attachmentSha256 } }));
        if (applied) await done(close, '申请解约', applied);
      },
    }];
  }
  if (role === 'school') {
    return [{
      label: '强制解约', danger: true,
      action: async (close) => {
        const forced = await stepDialog('强制解约', {
          file: '解约证明材料', fileRequired: true, reasonLabel: '强制解约原因（必填）',
          intro: '单位不回应等情况下，学校可上传解约证明材料强制解约；协议状态将变为已解约。',
        }, ({ reason, attachmentSha256 }) => api('POST', `${path}/forced-termination`, { body: { reason, attachmentSha256 } }));
        if (forced) await done(close, '强制解约', forced);
      },
    }];
  }
  return [];
}
