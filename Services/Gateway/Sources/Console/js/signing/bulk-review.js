// 批量审核 in the staff lists of 在线签约管理 and 补登管理: the records the account may review now
// (the same steps as each record's detail, reviewStepsOf) get a checkbox; 批量通过 / 批量不通过
// (one reason for all) ask first, then POST /agreements/bulk-actions, whose answer gives each
// record's own result: shown above the list, with a summary in the result bar.
import { api } from '../api.js';
import { h, field, openDialog, table, confirmAction, notify, checkForm } from '../ui.js';
import { reviewStepsOf } from './detail.js';

const verdicts = { approve: { label: '批量通过' }, reject: { label: '批量不通过' } };

/// The `selection` of recordListPage (list-page.js) for agreements.
export function bulkReviewSelection() {
  return {
    selectable: (ctx, record) => Boolean(reviewStepsOf(ctx.me, record)),
    actions: (ctx, selected) => [
      h('button', { type: 'button', class: 'primary', id: 'bulk-approve', onclick: () => approve(ctx, selected()) }, verdicts.approve.label),
      h('button', { type: 'button', class: 'danger', id: 'bulk-reject', onclick: () => reject(ctx, selected()) }, verdicts.reject.label),
    ],
  };
}

/// What the confirmation says: how many records, and what happens to them.
function confirmText(records, verdict) {
  const what = `所选的 ${records.length} 条签约记录`;
  return verdict === 'approve'
    ? `确认对${what}批量审核通过？每条记录与单独审核时一样检查，未通过检查的记录不变。`
    : `确认对${what}批量审核不通过？这些记录将退回，所填原因将告知毕业生和单位。`;
}

async function approve(ctx, records) {
  if (!records.length) return;
  if (!(await confirmAction('确认批量通过', confirmText(records, 'approve'), { confirmLabel: verdicts.approve.label }))) return;
  try {
    await submit(ctx, records, 'approve');
  } catch (error) {
    notify(error.message || String(error), 'error');
  }
}

function reject(ctx, records) {
  if (!records.length) return;
  const form = h('form', { class: 'stack', novalidate: true, id: 'bulk-reject-form' },
    h('p', {}, `对所选的 ${records.length} 条签约记录审核不通过，下面的原因对每条记录相同。`),
    field('不通过原因', h('textarea', { name: 'reason', rows: 3, maxlength: 200 }), { required: true, name: '不通过原因' }));
  openDialog(verdicts.reject.label, form, [{
    label: verdicts.reject.label, danger: true,
    action: async (close, errorBox) => {
      if (!checkForm(form, errorBox)) return;
      if (!(await confirmAction('确认批量不通过', confirmText(records, 'reject'), { confirmLabel: verdicts.reject.label, danger: true }))) return;
      await submit(ctx, records, 'reject', form.elements.reason.value.trim());
      close();
    },
  }]);
}

async function submit(ctx, records, verdict, reason) {
  const action = reviewStepsOf(ctx.me, records[0])[verdict];
  const answer = await api('POST', '/agreements/bulk-actions', {
    body: { ids: records.map((record) => record.id), action, ...(reason ? { reason } : {}) },
  });
  showResults(ctx, records, answer, verdict);
  await ctx.reload();
}

/// Each record's result (成功 and its new status, or the reason it was refused), and the summary.
function showResults(ctx, records, answer, verdict) {
  const byId = new Map(records.map((record) => [record.id, record]));
  const { label } = verdicts[verdict];
  const rows = answer.results.map((result) => ({ ...result, record: byId.get(result.id) }));
  const close = h('button', { type: 'button', class: 'link', onclick: () => ctx.bulkResults.replaceChildren() }, '关闭');
  ctx.bulkResults.replaceChildren(h('section', { class: 'bulk-results', id: 'bulk-results' },
    h('div', { class: 'bulk-results-title' }, h('strong', {}, `${label}结果：成功 ${answer.succeeded} 条，失败 ${answer.failed} 条`), close),
    table([
      { title: '姓名', value: (row) => row.record?.graduate.name || '' },
      { title: '身份证号', value: (row) => row.record?.graduate.idNumber || '' },
      { title: '签约单位', value: (row) => row.record?.employer.name || '' },
      { title: '结果', value: (row) => (row.ok
        ? h('span', { class: 'bulk-ok' }, `成功${row.statusName ? `（${row.statusName}）` : ''}`)
        : h('span', { class: 'bulk-failed' }, row.error?.message || '失败')) },
    ], rows)));
  notify(answer.failed
    ? `${label}：${answer.succeeded} 条成功，${answer.failed} 条失败，失败原因见列表上方的逐条结果。`
    : `${label}：${answer.succeeded} 条全部成功。`, answer.failed ? 'warning' : 'ok');
}
