// 导入名单 as a sync (issue 13): the file is previewed first — who is added, whose fields change
// (old → new), who comes back and, when replacing, who is removed — and applied only when the
// school confirms, with the preview's plan digest, so what is written is what was shown.
// 院系 the school lacks can be created with the import; changes of 姓名 or 考生号 need an
// explicit tick.
import { api, query } from '../api.js';
import { h, message, openDialog, table, showError } from '../ui.js';
import { businessTags } from './roster-detail.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// One import at a time: a double click, or a second file chosen while one is being checked or
// confirmed, must not start a second (the button is disabled too, but a file input can change).
let importing = false;

/// Previews `file`, shows the plan for confirmation and applies it; `onImported` after a write.
/// A large file takes a while on each side: its upload shows in a bar, then the phase.
export async function importRoster({ file, mode, resultBox, button, onImported }) {
  if (importing) return;
  importing = true;
  // The file goes up twice, for the preview and for the import: each shows its upload, then
  // `phase` (what the server does with it) once the last byte is sent.
  const send = (path, options, shown, phase) => {
    shown.uploading(0, file.size);
    return api('POST', path + query(options), {
      raw: file,
      contentType: file.name.toLowerCase().endsWith('.xlsx') ? xlsxType : 'text/csv',
      headers: { 'X-File-Name': encodeURIComponent(file.name) },
      acceptStatuses: [422],
      onUploadProgress: (sent, total) => {
        if (total > 0 && sent >= total) shown.phase(phase);
        else shown.uploading(sent, total);
      },
    });
  };
  button.disabled = true;
  try {
    let createDepartments = false;
    for (;;) {
      const preview = await send('/graduates/import-previews', { mode, createDepartments: createDepartments || null },
        progressIn(resultBox, file), `正在检查“${file.name}”…`);
      if (preview.newDepartments.length > 0 && !createDepartments) {
        const create = await askToCreateDepartments(preview, resultBox);
        if (!create) return;
        createDepartments = true;
        continue;
      }
      if (preview.errors.length > 0) {
        resultBox.replaceChildren(
          message('error', `文件中有 ${preview.errorCount} 处错误，未导入任何数据。请修改后重新导入。`),
          rowErrors(preview.errors));
        return;
      }
      const written = preview.addedCount + preview.changedCount + preview.restoredCount + preview.removedCount;
      if (written === 0) {
        resultBox.replaceChildren(message('ok', `名单没有变化：文件中的 ${preview.unchangedCount} 名毕业生与学生名单一致，无需导入。`));
        return;
      }
      resultBox.replaceChildren(message('info', `检查完成：将${summary(preview)}。请在弹出的窗口中核对导入内容。`));
      const result = await confirmPlan(preview, (confirmIdentityChanges, statusBox) => send('/graduates/imports', {
        mode, createDepartments: createDepartments || null, confirmIdentityChanges: confirmIdentityChanges || null,
        expectedPlanDigest: preview.planDigest,
      }, progressIn(statusBox, file), `正在写入 ${written} 名毕业生…`));
      if (!result) {
        resultBox.replaceChildren(message('info', '已取消导入，学生名单没有变化。'));
        return;
      }
      resultBox.replaceChildren(message('ok', `导入成功：已写入 ${result.imported} 名毕业生（${summary(result)}）。`));
      await onImported();
      return;
    }
  } catch (error) {
    showError(resultBox, error);
  } finally {
    button.disabled = false;
    importing = false;
  }
}

/// Shows in `box` how far the work on `file` is: "正在上传…（x%）" over a bar filling up, then
/// the server's phase over a bar that only moves (a <progress> without a value: the server
/// says nothing until it answers). A <progress> since the CSP allows no style attributes.
function progressIn(box, file) {
  const text = h('span', { class: 'import-phase' });
  const bar = h('progress', { max: 100, 'aria-label': '导入进度' });
  box.replaceChildren(h('div', { class: 'import-progress', role: 'status' }, text, bar));
  return {
    uploading(sent, total) {
      const percent = total > 0 ? Math.min(100, Math.floor((sent * 100) / total)) : 0;
      text.textContent = `正在上传“${file.name}”…（${percent}%）`;
      bar.value = percent;
    },
    phase(label) {
      text.textContent = label;
      bar.removeAttribute('value');
    },
  };
}

function summary(plan) {
  const parts = [['新增', plan.addedCount], ['更新', plan.changedCount], ['恢复', plan.restoredCount], ['删除', plan.removedCount]]
    .filter(([, count]) => count > 0).map(([label, count]) => `${label} ${count} 名`);
  if (plan.unchangedCount > 0) parts.push(`${plan.unchangedCount} 名没有变化`);
  return parts.join('，');
}

function rowErrors(errors) {
  return h('div', { class: 'row-errors' }, table([
    { title: '行号', value: (e) => e.row },
    { title: '字段', value: (e) => e.field },
    { title: '原因', value: (e) => e.reason },
  ], errors));
}

/// The file names 院系 the school does not have: create them with the import, or stop.
function askToCreateDepartments(preview, resultBox) {
  return new Promise((resolve) => {
    let answered = false;
    const { dialog } = openDialog('文件中有学校尚未添加的院系',
      h('div', { id: 'new-departments' },
        h('p', {}, `以下 ${preview.newDepartments.length} 个院系还不在学校的院系列表中，院系账号将看不到这些毕业生：`),
        h('ul', {}, preview.newDepartments.map((name) => h('li', {}, name))),
        h('p', {}, '可以在导入时一并创建这些院系，也可以取消后先核对文件或在“账号管理”中添加。')),
      [{ label: '创建这些院系并继续', primary: true, action: (close) => { answered = true; close(); resolve(true); } }]);
    dialog.addEventListener('close', () => {
      if (answered) return;
      resultBox.replaceChildren(message('error', `未导入：院系“${preview.newDepartments.join('、')}”不存在。`), rowErrors(preview.errors));
      resolve(false);
    });
  });
}

/// The plan, for the school to confirm; resolves with the import's answer, or null if cancelled.
/// `apply(confirmIdentityChanges, statusBox)` imports, showing its progress in `statusBox`
/// (above the buttons, in sight however far the preview is scrolled).
function confirmPlan(preview, apply) {
  return new Promise((resolve) => {
    let done = false;
    let applying = false;
    const status = h('div', { id: 'import-apply-status' });
    const identity = preview.identityChangeCount > 0
      ? h('label', { class: 'confirm-identity' },
        h('input', { type: 'checkbox', name: 'confirmIdentityChanges' }),
        ` 我已核对上述 ${preview.identityChangeCount} 名毕业生的姓名或考生号变更（其账号激活和网签记录按这些信息核对），确认修改`)
      : null;
    const body = h('div', { id: 'import-preview' },
      message('info', `将${summary(preview)}。确认后一次性导入，任何一名毕业生写入失败则都不导入。`),
      section('新增的毕业生', preview.added, preview.addedCount, false),
      section('信息有变化的毕业生', preview.changed, preview.changedCount, true),
      section('恢复到名单的毕业生', preview.restored, preview.restoredCount, true),
      section('将从名单中删除的毕业生（替换导入）', preview.removed, preview.removedCount, false),
      identity);
    const { dialog } = openDialog('确认导入学生名单', body, [{
      label: '确认导入', primary: true,
      // Refusals go above the buttons too: on a phone the top of a long preview is far away.
      action: async (close) => {
        const confirmed = identity ? identity.querySelector('input').checked : false;
        if (identity && !confirmed) {
          status.replaceChildren(message('error', '请先勾选确认姓名或考生号的变更。'));
          return;
        }
        // Once sent, the import cannot be called back: no 取消 (nor Esc) that would say
        // nothing was imported while the server writes.
        const buttons = [...dialog.querySelectorAll('.dialog-buttons button')];
        buttons.forEach((button) => { button.disabled = true; });
        applying = true;
        let result;
        try {
          result = await apply(confirmed, status);
        } catch (error) {
          showError(status, error);
          return;
        } finally {
          applying = false;
          buttons.forEach((button) => { button.disabled = false; });
        }
        done = true;
        close();
        resolve(result);
      },
    }], { status });
    dialog.classList.add('wide-dialog');
    dialog.addEventListener('cancel', (event) => { if (applying) event.preventDefault(); });
    dialog.addEventListener('close', () => { if (!done) resolve(null); });
  });
}

/// One kind of entry: who (行号, 姓名, 身份证号, 学号, 院系) and, for changes, old → new.
function section(title, entries, count, withChanges) {
  if (count === 0) return null;
  const columns = [
    { title: '行号', value: (e) => (e.row > 0 ? e.row : '—') },
    { title: '姓名', value: (e) => e.name },
    { title: '身份证号', value: (e) => e.idNumber },
    { title: '学号', value: (e) => e.studentNumber },
    { title: '院系', value: (e) => e.department },
  ];
  if (withChanges) {
    columns.push({
      title: '变化',
      value: (e) => h('div', { class: 'changes' }, e.changes.map((c) => h('div', { class: c.field === '姓名' || c.field === '考生号' ? 'identity-change' : null },
        `${c.field}：${c.oldValue || '（空）'} → ${c.newValue || '（空）'}`))),
    });
  }
  // The preview names the signing business of graduates whose 姓名/考生号 change and of those
  // a replace removes: records in 网签 are matched by those, so the school sees what it touches.
  if (entries.some((e) => e.business !== undefined)) {
    columns.push({ title: '网签业务', value: (e) => (e.business === undefined ? '' : h('span', { class: 'plan-business' }, businessTags(e.business))) });
  }
  return h('section', { class: 'plan-section' },
    h('h3', {}, `${title}（${count} 名${count > entries.length ? `，列出前 ${entries.length} 名` : ''}）`),
    h('div', { class: 'table-scroll' }, table(columns, entries)));
}
