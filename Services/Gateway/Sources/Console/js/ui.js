// Small DOM helpers shared by every page: element building, messages, field errors,
// dialogs, tables and paging. No framework: the console is a few forms and lists.

/// h('div', {class: 'x', onclick: f}, 'text', child, [children]) → an element.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/// Replaces `root`'s children, skipping null/false ones (replaceChildren would print "null").
export function mount(root, ...children) {
  root.replaceChildren();
  append(root, children);
}

export function message(kind, text) {
  return h('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/// A success shown in `box` (a section's own notice): the refusals shown earlier go.
export function showOk(box, text) {
  document.querySelectorAll('.api-error').forEach((node) => node.remove());
  box.replaceChildren(message('ok', text));
}

/// The result of an action, in the page's one result bar (#result-bar, below the header):
/// it stays until the next result, and an 'ok' result removes the refusals shown earlier
/// (class api-error), which no longer apply after the success.
export function notify(text, kind = 'ok') {
  if (kind === 'ok') document.querySelectorAll('.api-error').forEach((node) => node.remove());
  const bar = document.getElementById('result-bar');
  if (!bar) return;
  const close = h('button', { type: 'button', class: 'link', 'aria-label': '关闭提示', onclick: () => bar.replaceChildren() }, '×');
  bar.replaceChildren(h('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status', id: 'result-message' }, h('span', {}, text), close));
}

/// Shows an API error in `box`, and marks the form control named by its field.
export function showError(box, error, form) {
  clearErrors(form);
  let text = error.message || String(error);
  // The request id helps the operators find a server fault in the logs; a refusal needs none.
  if (error.requestId && !(error.status >= 400 && error.status < 500)) text += `（请求编号 ${error.requestId}）`;
  const shown = message('error', text);
  shown.classList.add('api-error');
  box.replaceChildren(shown);
  if (form && error.field) {
    const control = form.querySelector(`[name="${CSS.escape(error.field)}"]`);
    if (control) {
      markInvalid(control, error.message);
      focusOn(control);
    }
  }
}

/// Marks one control as refused, with the reason beside it (at the end of its label).
function markInvalid(control, text) {
  control.classList.add('invalid');
  control.setAttribute('aria-invalid', 'true');
  const note = h('div', { class: 'field-error', id: `${control.id || control.name}-error` }, text);
  control.setAttribute('aria-describedby', note.id);
  const label = control.closest('label');
  if (label) label.append(note);
  else control.after(note);
}

/// Checks a form on the client before it is sent: every required control filled, every
/// pattern/length/e-mail rule met, and `checks` ([[name, test(values, form) → message|null]]).
/// Every problem is shown beside its control at once, with a summary in `box`; answers
/// true when the form may be sent.
export function checkForm(form, box, checks = []) {
  clearErrors(form);
  const problems = new Map();
  for (const control of form.elements) {
    if (!control.name || control.disabled || control.readOnly || problems.has(control.name)) continue;
    const problem = controlProblem(control);
    if (problem) problems.set(control.name, problem);
  }
  const values = formValues(form);
  for (const [name, test] of checks) {
    if (problems.has(name)) continue;
    const problem = test(values, form);
    if (problem) problems.set(name, problem);
  }
  for (const [name, problem] of problems) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) markInvalid(control, problem);
  }
  if (problems.size === 0) return true;
  const texts = [...problems.values()];
  const summary = message('error', texts.length === 1 ? texts[0] : `有 ${texts.length} 项需要修改：${texts.join('；')}。`);
  summary.classList.add('api-error');
  box.replaceChildren(summary);
  const first = form.querySelector('.invalid');
  if (first) focusOn(first);
  return false;
}

/// Focuses a refused control; a hidden value's first visible control beside it instead.
function focusOn(control) {
  if (control.type !== 'hidden') { control.focus(); return; }
  control.parentElement?.querySelector('select:not([hidden]), input:not([type="hidden"])')?.focus();
}

/// Why one control is not acceptable yet, in the words of its label, or null.
function controlProblem(control) {
  const label = control.dataset.label || control.name;
  const empty = control.type === 'file' ? control.files.length === 0 : control.value.trim() === '';
  if (empty) {
    if (!control.required) return null;
    if (control.type === 'file') return `请上传${label}`;
    // A hidden value is chosen in the controls beside it (the 行政区划 picker's selects).
    return control.tagName === 'SELECT' || control.type === 'hidden' ? `请选择${label}` : `请填写${label}`;
  }
  const value = control.value.trim();
  // The browser's own constraint checks (they work in a novalidate form too); tooShort is
  // only set after typing, so the length is checked here.
  if (control.validity.patternMismatch) return control.dataset.patternMessage || `${label}格式不正确`;
  if (control.minLength > 0 && value.length < control.minLength) return `${label}至少${control.minLength}位`;
  if (control.type === 'email' && control.validity.typeMismatch) return `${label}格式不正确`;
  return null;
}

export function clearErrors(form) {
  if (!form) return;
  form.querySelectorAll('.invalid').forEach((control) => { control.classList.remove('invalid'); control.removeAttribute('aria-invalid'); });
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
}

/// A labelled control for form.stack / form.grid. `required`: the control must be filled
/// (a visible ＊, `required` and `aria-required`); `name` is the label's short form used in
/// the error texts ("请填写单位名称"), by default the label without its parenthesis.
/// A control made of several (the 行政区划 picker) names the one holding its value as
/// `valueControl`: the label and `required` go to it.
export function field(label, control, options = {}) {
  const shortName = options.name || label.replace(/（.*$/, '');
  const target = control.valueControl || control;
  if (!target.dataset.label) target.dataset.label = shortName;
  if (options.required) {
    target.required = true;
    target.setAttribute('aria-required', 'true');
  }
  return h('label', { class: [options.wide ? 'wide' : '', options.required ? 'required' : ''].join(' ').trim() || null },
    h('span', {}, label, options.required ? h('b', { class: 'required-mark', 'aria-hidden': 'true' }, '＊') : null), control);
}

/// A toolbar control with its visible label beside it (届别, 院系, 从, 到 …); `required`
/// as for field().
export function filter(label, control, options = {}) {
  const node = field(label, control, options);
  node.classList.add('filter');
  return node;
}

export function input(name, attributes = {}) {
  return h('input', { name, id: 'f-' + name, ...attributes });
}

export function select(name, choices, selected = '', attributes = {}) {
  return h('select', { name, id: 'f-' + name, ...attributes },
    choices.map(([value, label]) => h('option', { value, selected: value === selected }, label)));
}

/// The values of a form's named controls (checkbox groups as arrays).
export function formValues(form) {
  const values = {};
  for (const control of form.elements) {
    if (!control.name) continue;
    if (control.type === 'checkbox') {
      values[control.name] ??= [];
      if (control.checked) values[control.name].push(control.value);
    } else {
      values[control.name] = control.value.trim();
    }
  }
  return values;
}

/// A modal dialog. `buttons`: [{label, primary, action(close) → Promise}]; an action that
/// throws keeps the dialog open with the error shown. `options.status`: a node between the
/// body and the buttons, in sight however far the body is scrolled (an action's progress).
export function openDialog(title, body, buttons = [], options = {}) {
  const errorBox = h('div');
  options.status?.classList.add('dialog-status');
  const dialog = h('dialog', { 'aria-label': title, class: options.class || null, id: options.id || null },
    h('div', { class: 'dialog-title' }, title),
    h('div', { class: 'dialog-body' }, errorBox, body),
    options.status,
    h('div', { class: 'dialog-buttons' }));
  const close = () => { dialog.close(); dialog.remove(); };
  const bar = dialog.querySelector('.dialog-buttons');
  for (const button of buttons) {
    const element = h('button', { type: 'button', class: button.primary ? 'primary' : (button.danger ? 'danger' : null) }, button.label);
    element.addEventListener('click', async () => {
      if (!button.action) return close();
      element.disabled = true;
      errorBox.replaceChildren();
      try {
        await button.action(close, errorBox);
      } catch (error) {
        showError(errorBox, error, body instanceof HTMLFormElement ? body : body.querySelector?.('form'));
      } finally {
        element.disabled = false;
      }
    });
    bar.append(element);
  }
  bar.append(h('button', { type: 'button', onclick: close }, options.cancelLabel || (buttons.length ? '取消' : '关闭')));
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close, errorBox };
}

/// Asks before a consequential action: `text` says what will happen. Resolves true when
/// the user confirmed with `confirmLabel`, false when cancelled (取消, Esc).
export function confirmAction(title, text, { confirmLabel = '确定', danger = false } = {}) {
  return new Promise((resolve) => {
    let confirmed = false;
    const { dialog } = openDialog(title, h('p', { class: 'confirm-text' }, text), [{
      label: confirmLabel, primary: !danger, danger,
      action: async (close) => { confirmed = true; close(); },
    }], { class: 'confirm-dialog', id: 'confirm-dialog' });
    dialog.addEventListener('close', () => resolve(confirmed));
  });
}

/// A table: columns [{title, value(row) → node|string, class, label}], in a wrapper that scrolls
/// sideways when the table truly needs more room than its card (the 操作 column stays in
/// sight, sticky at the right). On phones the rows become stacked cards: each cell shows
/// its column's title (data-label; `label` when the title is not plain text) before the value.
export function table(columns, rows, emptyText = '暂无数据') {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { class: column.class || null }, column.title)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, emptyText))
      : rows.map((row) => h('tr', {}, columns.map((column) =>
        h('td', { class: column.class || null, 'data-label': column.label ?? column.title }, column.value(row))))))));
}

/// Paging with opaque page tokens: keeps the tokens of the pages seen so far.
export class Pager {
  constructor(onChange) {
    this.tokens = [''];
    this.index = 0;
    this.onChange = onChange;
  }
  reset() { this.tokens = ['']; this.index = 0; }
  get token() { return this.tokens[this.index]; }
  render(total, pageSize, nextPageToken) {
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const previous = h('button', { type: 'button', disabled: this.index === 0 }, '上一页');
    const next = h('button', { type: 'button', disabled: !nextPageToken }, '下一页');
    previous.addEventListener('click', () => { this.index -= 1; this.onChange(); });
    next.addEventListener('click', () => { this.tokens[this.index + 1] = nextPageToken; this.index += 1; this.onChange(); });
    return h('div', { class: 'pager' }, previous, h('span', { class: 'page-info' }, `第 ${this.index + 1} / ${pages} 页，共 ${total} 条`), next);
  }
}

/// Saves a downloaded Blob under its (Chinese) file name.
export function saveBlob({ blob, fileName }) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
