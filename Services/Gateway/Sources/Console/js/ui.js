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

/// Shows an API error in `box`, and marks the form control named by its field.
export function showError(box, error, form) {
  clearErrors(form);
  let text = error.message || String(error);
  // The request id helps the operators find a server fault in the logs; a refusal needs none.
  if (error.requestId && !(error.status >= 400 && error.status < 500)) text += `（请求编号 ${error.requestId}）`;
  box.replaceChildren(message('error', text));
  if (form && error.field) {
    const control = form.querySelector(`[name="${CSS.escape(error.field)}"]`);
    if (control) {
      control.classList.add('invalid');
      control.setAttribute('aria-invalid', 'true');
      control.after(h('div', { class: 'field-error' }, error.message));
      control.focus();
    }
  }
}

export function clearErrors(form) {
  if (!form) return;
  form.querySelectorAll('.invalid').forEach((control) => { control.classList.remove('invalid'); control.removeAttribute('aria-invalid'); });
  form.querySelectorAll('.field-error').forEach((node) => node.remove());
}

/// A labelled control for form.stack / form.grid.
export function field(label, control, options = {}) {
  return h('label', { class: options.wide ? 'wide' : null }, h('span', {}, label), control);
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
/// throws keeps the dialog open with the error shown.
export function openDialog(title, body, buttons = []) {
  const errorBox = h('div');
  const dialog = h('dialog', { 'aria-label': title },
    h('div', { class: 'dialog-title' }, title),
    h('div', { class: 'dialog-body' }, errorBox, body),
    h('div', { class: 'dialog-buttons' }));
  const close = () => { dialog.close(); dialog.remove(); };
  const bar = dialog.querySelector('.dialog-buttons');
  for (const button of buttons) {
    const element = h('button', { type: 'button', class: button.primary ? 'primary' : (button.danger ? 'danger' : null) }, button.label);
    element.addEventListener('click', async () => {
      if (!button.action) return close();
      element.disabled = true;
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
  bar.append(h('button', { type: 'button', onclick: close }, buttons.length ? '取消' : '关闭'));
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close, errorBox };
}

/// A table: columns [{title, value(row) → node|string}].
export function table(columns, rows, emptyText = '暂无数据') {
  return h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', {}, column.title)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { class: 'empty', colspan: columns.length }, emptyText))
      : rows.map((row) => h('tr', {}, columns.map((column) => h('td', { class: column.class || null }, column.value(row)))))));
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
