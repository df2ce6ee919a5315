// What the signing details (签约, 解约, 去向登记) share: who the account is in a workflow, the
// facts and history tables, attachment links, the 预警单位 banner, and the dialog of one step
// (a reason, a file, form parts) that uploads the file and posts the step.
import { api } from '../api.js';
import { h, message, field, input, openDialog, table, saveBlob, confirmAction, notify, checkForm } from '../ui.js';
import { time } from './format.js';

/// graduate, employer, department (院系 accounts) or school.
export function roleOf(me) {
  if (me.kind === 'graduate') return 'graduate';
  if (me.kind === 'employer') return 'employer';
  return me.role === 'departmentAdmin' || me.role === 'departmentOperator' ? 'department' : 'school';
}

export function facts(pairs, attributes = {}) {
  return h('dl', { class: 'facts', ...attributes }, pairs.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value || '—')]));
}

/// The graduate as the roster has them (every record shows the roster's data).
export function graduateFacts(g) {
  return facts([
    ['姓名', g.name], ['身份证号', g.idNumber], ['学号', g.studentNumber], ['院系', g.department], ['专业', g.major],
    ['学历', g.educationLevelName], ['毕业时间', g.graduationDate], ['联系电话', g.mobile],
  ]);
}

/// 办理记录: every step with who, when, the result and the reason.
export function historyTable(history = []) {
  return [h('h4', {}, '办理记录'), table([
    { title: '时间', value: (x) => time(x.at) },
    { title: '办理人', value: (x) => x.actorName || { system: '系统' }[x.actorKind] || x.actorKind },
    { title: '操作', value: (x) => x.actionName },
    { title: '结果', value: (x) => x.toStatusName },
    { title: '原因', value: (x) => x.reason },
  ], history, '暂无办理记录')];
}

const attachmentNames = {
  paperAgreement: '纸质协议', signedAgreement: '已签协议', terminationProof: '解约证明材料', destinationProof: '毕业去向证明材料',
};

/// The attachments of a record, each a download from `${basePath}/attachments/{sha256}`.
export function attachmentList(basePath, attachments = [], title = '附件') {
  if (!attachments.length) return null;
  return [h('h4', {}, title), h('ul', { class: 'attachments' }, attachments.map((file) =>
    h('li', {}, h('button', { type: 'button', class: 'link', onclick: async () =>
      saveBlob(await api('GET', `${basePath}/attachments/${file.sha256}`, { blob: true })) },
    `${attachmentNames[file.kind] || '附件'}（${file.contentType}，${Math.ceil(file.size / 1024)} KB，${time(file.uploadedAt)}）`))))];
}

/// The 预警单位 banner (§4.8) for an agreement's `warning`, or null.
export function warningBanner(warning) {
  if (!warning || !(warning.listedBySchool || warning.national)) return null;
  const parts = [];
  if (warning.listedBySchool) parts.push(`本校已将该单位列为预警单位（原因：${warning.reason || '未说明'}）`);
  if (warning.national) parts.push(`全国预警单位（已有${warning.schoolCount}所学校列为预警单位）`);
  return h('div', { class: 'message warning', role: 'alert', id: 'warning-banner' },
    h('strong', {}, '预警单位提醒：'), parts.join('；'), '。请谨慎核实单位信息。');
}

/// A list's tag beside a warning employer's name.
export function warningTag(warning) {
  if (!warning || !(warning.listedBySchool || warning.national)) return null;
  return h('span', { class: 'status rejected warning-tag', title: warning.reason || '' }, warning.national ? ' 全国预警' : ' 预警单位');
}

/// The 失效 note of a record that left with its graduate's roster entry.
export function invalidNote(record) {
  return record.invalidatedAt
    ? message('error', `此记录已失效（${record.invalidReason || '毕业生已移出学生名单'}，${time(record.invalidatedAt)}），不能再办理。`)
    : null;
}

/// A list's status cell: the status, and a 失效 tag.
export function statusCell(record) {
  return [record.statusName, record.invalidatedAt ? h('span', { class: 'status off', title: record.invalidReason || '' }, ' 失效') : null];
}

/// Uploads a scan or proof (POST /attachments); answers {sha256, contentType, size}.
export async function uploadScan(file) {
  const data = new FormData();
  data.append('file', file);
  return api('POST', '/attachments', { raw: data });
}

export function fileField(label, { optional = false } = {}) {
  return field(`${label}（PDF、JPG或PNG，不超过10MB${optional ? '，可选' : ''}）`,
    input('file', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png' }), { wide: true, required: !optional, name: label });
}

/// A refusal shown at a control: `field` names the control (the server's attachment field is the file input).
export function fieldError(text, fieldName) {
  return Object.assign(new Error(text), { field: fieldName });
}

// The files already uploaded, by the File chosen: a step refused after its upload keeps
// the chosen file and its attachment, and the retry does not upload it again.
const uploaded = new WeakMap();

/// Uploads the form's chosen file, if any; `required` names what is missing otherwise.
export async function uploadChosen(form, required) {
  const file = form.querySelector('[name="file"]')?.files?.[0];
  if (!file) {
    if (required) throw fieldError(`请上传${required}`, 'file');
    return undefined;
  }
  if (!uploaded.has(file)) uploaded.set(file, (await uploadScan(file)).sha256);
  return uploaded.get(file);
}

/// The server names the attachment and the destination fields as it stores them; the form's
/// controls are `file` and the field keys.
export function controlNameOf(error) {
  if (error && error.field === 'attachmentSha256') error.field = 'file';
  if (error && typeof error.field === 'string' && error.field.startsWith('fields.')) error.field = error.field.slice(7);
  return error;
}

/// One step that needs input first. `options`: reason ('required' | 'optional' | null),
/// reasonLabel, file (its label, or null), fileRequired, parts (more form nodes), intro (text
/// above). `submit({reason, attachmentSha256, form})` posts it. Resolves true when done,
/// false when cancelled.
export function stepDialog(title, options, submit) {
  const { reason = 'required', reasonLabel, file = null, fileRequired = false, parts = [], intro = null, confirmLabel = '确定', formClass = 'stack' } = options;
  return new Promise((resolve) => {
    const form = h('form', { class: formClass, novalidate: true },
      intro ? h('p', { class: 'wide' }, intro) : null,
      parts,
      file ? fileField(file, { optional: !fileRequired }) : null,
      reason ? field(reasonLabel || (reason === 'required' ? '原因（必填）' : '说明（可选）'), h('textarea', { name: 'reason', rows: 3 }),
        { wide: true, required: reason === 'required', name: '原因' }) : null);
    let done = false;
    const { dialog } = openDialog(title, form, [{
      label: confirmLabel, primary: true,
      action: async (close, errorBox) => {
        // Every missing or malformed field at once, before anything is uploaded or sent.
        if (!checkForm(form, errorBox)) return;
        try {
          const attachmentSha256 = file ? await uploadChosen(form, fileRequired ? file : null) : undefined;
          const reasonControl = form.querySelector('[name="reason"]');
          done = (await submit({ reason: reasonControl ? reasonControl.value.trim() : undefined, attachmentSha256, form })) || true;
        } catch (error) {
          throw controlNameOf(error);
        }
        close();
        resolve(done);
      },
    }]);
    dialog.addEventListener('close', () => { if (!done) resolve(false); });
  });
}

/// Sections listening for changes made in a detail elsewhere on the page (a termination
/// applied from the agreement's detail reloads the terminations list).
export function reloadOnChange(node, reload) {
  const listener = () => {
    if (!node.isConnected) { window.removeEventListener('records-changed', listener); return; }
    reload();
  };
  window.addEventListener('records-changed', listener);
}

export function recordsChanged() {
  window.dispatchEvent(new Event('records-changed'));
}

/// The buttons of a detail dialog from [[action, label, style]] steps; `take(action, label)`
/// answers the updated record (or true) when the step was taken, which closes the detail,
/// shows the result and runs `onChange`; false when the user cancelled.
export function stepButtons(steps, take, onChange) {
  return steps.map(([action, label, style]) => ({
    label, primary: style === 'primary', danger: style === 'danger',
    action: async (close) => {
      const result = await take(action, label);
      if (result) {
        close();
        stepDone(label, result);
        await onChange?.();
        recordsChanged();
      }
    },
  }));
}

/// The result message of a step: what was done and the record's status now.
export function stepDone(label, result) {
  notify(result?.statusName ? `${label}：已完成，当前状态：${result.statusName}。` : `${label}：已完成。`);
}

/// A one-click step (no reason, no file): asks first with `text`, then posts. Answers the
/// updated record, or false when the user cancelled.
export async function confirmedStep(label, text, post) {
  if (!(await confirmAction(`确认${label}`, text, { confirmLabel: label }))) return false;
  return (await post({})) || true;
}
