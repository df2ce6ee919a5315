// 档案/户口信息 (staff, DOMAIN.md §5): every graduate on the roster with their record, filtered by
// 院系/专业/学历/状态/档案转递类型 and a name fragment, paged; a record's detail shows the values in
// force as people read them, the 同步 suggestion and the open application; the school (学校管理员,
// 学校操作员) edits a record directly, with a required reason, after confirming. 失效信息管理 is the
// same list of the graduates removed from the roster.
import { api } from '../api.js';
import { h, message, openDialog, select, filter, showError, confirmAction, notify, checkForm, field, formValues } from '../ui.js';
import { time } from '../signing/format.js';
import { facts, recordsChanged } from '../signing/parts.js';
import { recordListPage } from '../signing/list-page.js';
import { RECORD_STATUSES, TRANSFER_TYPES, archiveFields, readArchiveValues, suggestionText, transferTypeName } from './fields.js';
import { openArchiveApplication } from './application-detail.js';

const canEdit = (me) => me.role === 'schoolAdmin' || me.role === 'schoolOperator';

function graduateFacts(g) {
  return facts([['姓名', g.name], ['身份证号', g.idNumber], ['学号', g.studentNumber], ['院系', g.department], ['专业', g.major],
    ['学历', g.educationLevelName], ['届别', String(g.cohort)]]);
}

/// The values in force as people read them (the server's `shown`).
export function shownFacts(record, id) {
  if (!record.shown || record.shown.length === 0) return h('p', { class: 'hint', id }, '尚未登记档案/户口信息。');
  return facts(record.shown.map((item) => [item.label, item.value]), { id });
}

/// Opens the record of `graduateId`; `onChange` runs after the school's edit.
export async function openArchiveRecord(graduateId, me, onChange) {
  const record = await api('GET', `/archive-records/${encodeURIComponent(graduateId)}`);
  const g = record.graduate;
  const open = record.openApplication;
  const body = h('div', { class: 'archive-detail', id: 'archive-record-detail' },
    h('p', {}, '登记状态：', h('strong', { class: 'record-status' }, record.statusName),
      record.registeredAt ? `　首次登记：${time(record.registeredAt)}` : ''),
    record.invalid ? message('error', `此记录已失效（${record.invalidReason || '毕业生已移出学生名单'}），不能修改。`) : null,
    graduateFacts(g),
    h('h4', {}, '已登记的档案/户口信息'), shownFacts(record, 'archive-record-values'),
    record.suggestion ? [h('h4', {}, '同步建议（毕业去向生效后的接收单位，仅供参考）'),
      h('p', { id: 'archive-suggestion' }, suggestionText(record.suggestion))] : null,
    open ? [h('h4', {}, '当前申请'), h('p', { id: 'archive-open-application' }, `${open.statusName}（提交时间：${time(open.submittedAt)}，${open.changes.length} 项变更）　`,
      h('button', { type: 'button', class: 'link', onclick: () => openArchiveApplication(open.id, me, onChange).catch((error) => showError(body, error)) }, '查看申请'))] : null);
  const underReview = open && open.status !== 'rejected';
  const buttons = canEdit(me) && !record.invalid ? [{
    label: '修改', primary: true,
    action: async (close) => {
      if (underReview) throw new Error('该生有审核中的申请，请先审核该申请再修改。');
      close();
      editRecord(record, onChange);
    },
  }] : [];
  openDialog(`档案/户口信息：${g.name}`, body, buttons, { class: 'wide-dialog' });
}

/// The school's direct edit: the whole form, a required reason, confirmation, then in force at once.
function editRecord(record, onChange) {
  const g = record.graduate;
  const { nodes } = archiveFields(record.values || {});
  const form = h('form', { class: 'grid archive-form', novalidate: true, id: 'archive-edit-form' },
    h('p', { class: 'wide' }, '学校直接修改无需审核，保存后立即生效（已登记），并记入办理记录。'),
    nodes,
    field('修改原因', h('textarea', { name: 'reason', id: 'f-reason', rows: 2, maxlength: 200 }), { wide: true, required: true, name: '修改原因' }));
  openDialog(`修改档案/户口信息：${g.name}`, form, [{
    label: '保存修改', primary: true,
    action: async (close, errorBox) => {
      if (!checkForm(form, errorBox)) return;
      const confirmed = await confirmAction('确认修改档案/户口信息',
        `确认修改 ${g.name} 的档案/户口信息？保存后立即生效，状态为“已登记”，修改原因记入办理记录。`, { confirmLabel: '保存修改' });
      if (!confirmed) return;
      const saved = await api('PUT', `/archive-records/${encodeURIComponent(g.graduateId)}`, {
        body: { values: readArchiveValues(form), reason: formValues(form).reason },
      });
      close();
      notify(`已修改 ${g.name} 的档案/户口信息，当前状态：${saved.statusName}。`);
      await onChange?.();
      recordsChanged();
    },
  }], { class: 'wide-dialog' });
}

function recordColumns(ctx, { invalid = false } = {}) {
  return [
    { title: '姓名', value: (r) => r.graduate.name },
    { title: '院系', value: (r) => r.graduate.department },
    { title: '专业', value: (r) => r.graduate.major },
    { title: '学历', value: (r) => r.graduate.educationLevelName },
    { title: '身份证号', value: (r) => r.graduate.idNumber },
    { title: '学号', value: (r) => r.graduate.studentNumber },
    { title: '登记状态', value: (r) => r.statusName },
    { title: '档案转递类型', value: (r) => transferTypeName(r.values?.transferType) },
    { title: '档案接收单位', value: (r) => r.values?.receivingUnitName || '' },
    invalid ? { title: '失效原因', value: (r) => r.invalidReason || '' } : null,
    { title: '操作', class: 'actions', value: (r) => h('button', { type: 'button', class: 'link', onclick: () =>
      openArchiveRecord(r.graduate.graduateId, ctx.me, ctx.reload).catch((error) => showError(ctx.results, error)) }, '详细') },
  ].filter(Boolean);
}

export const archiveRecordsPage = recordListPage({
  title: '档案/户口信息',
  id: 'archive-records',
  path: 'records',
  endpoint: '/archive-records',
  statuses: () => RECORD_STATUSES,
  extraFilters: () => filter('档案转递类型', select('transferType', [['', '全部类型'], ...TRANSFER_TYPES])),
  placeholder: '姓名/身份证号/学号',
  dates: false,
  exportable: false,
  emptyText: '没有符合条件的毕业生',
  columns: (ctx) => recordColumns(ctx),
});

export const archiveInvalidPage = recordListPage({
  title: '失效信息管理',
  id: 'archive-invalid',
  path: 'invalid-records',
  endpoint: '/archive-records',
  statuses: () => RECORD_STATUSES,
  before: () => h('p', { class: 'hint' }, '已移出学生名单的毕业生的档案/户口信息（失效），毕业生回到名单后恢复。'),
  params: (values) => ({ ...values, invalid: 'true' }),
  placeholder: '姓名/身份证号/学号',
  dates: false,
  exportable: false,
  emptyText: '没有失效的档案/户口信息',
  columns: (ctx) => recordColumns(ctx, { invalid: true }),
});
