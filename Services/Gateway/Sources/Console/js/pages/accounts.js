// 账号管理 (school admin): 院系, staff accounts with role and modules, 启用/停用, password
// reset (the new initial password is shown once), and each 院系's reviewer per module.
import { api } from '../api.js';
import { h, mount, field, input, select, formValues, openDialog, table, showError, showOk, confirmAction, checkForm, filter } from '../ui.js';

const roles = [
  ['schoolOperator', '学校操作员'], ['departmentAdmin', '院系管理员'], ['departmentOperator', '院系操作员'], ['schoolAdmin', '学校管理员'],
];
const modules = [
  ['esigning', '毕业去向登记与网签'], ['archive', '档案/户口信息管理'], ['confirmation', '登记确认信息'], ['transferVerification', '户档转递核验信息'],
];
const moduleName = Object.fromEntries(modules);

export async function accountsPage(root) {
  const box = h('div', { id: 'accounts' });
  const notice = h('div');
  let departments = [];

  async function load() {
    const [departmentList, accountList, reviewerList] = await Promise.all([
      api('GET', '/departments'), api('GET', '/staff-accounts'), api('GET', '/department-reviewers'),
    ]);
    departments = departmentList.items;
    const departmentName = Object.fromEntries(departments.map((d) => [d.id, d.name]));
    box.replaceChildren(
      h('h3', {}, '账号'),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', class: 'primary', id: 'add-account', onclick: addAccount }, '新增账号')),
      table([
        { title: '用户名', value: (a) => a.username },
        { title: '姓名', value: (a) => a.displayName },
        { title: '角色', value: (a) => a.roleName },
        { title: '院系', value: (a) => (a.departmentId ? departmentName[a.departmentId] || '' : '全校') },
        { title: '模块', value: (a) => a.modules.map((m) => moduleName[m] || m).join('、') },
        { title: '状态', value: (a) => h('span', { class: `status ${a.enabled ? 'on' : 'off'}` }, a.enabled ? '启用' : '停用') },
        { title: '操作', class: 'actions', value: (a) => [
          h('button', { type: 'button', class: 'link', onclick: () => setEnabled(a, !a.enabled) }, a.enabled ? '停用' : '启用'),
          h('button', { type: 'button', class: 'link', onclick: () => resetPassword(a) }, '重置密码'),
        ] },
      ], accountList.items, '暂无账号'),
      h('h3', {}, '院系'),
      h('form', { class: 'toolbar', id: 'department-form', onsubmit: addDepartment, novalidate: true },
        filter('院系名称', input('name', { placeholder: '须与学生名单中的院系一致', size: 30 }), { required: true }),
        h('button', { type: 'submit' }, '新增院系')),
      table([
        { title: '院系', value: (d) => d.name },
        ...modules.map(([code, name]) => ({ title: `${name}审核人`, value: (d) => reviewerCell(d, code, reviewerList.items, accountList.items) })),
      ], departments, '暂无院系'));
  }

  function reviewerCell(department, module, reviewers, accounts) {
    const current = reviewers.find((r) => r.departmentId === department.id && r.module === module);
    const candidates = accounts.filter((a) => a.departmentId === department.id && a.enabled && a.modules.includes(module));
    if (candidates.length === 0 && !current?.accountId) return '—';
    const control = select('reviewer', [['', '（未设置）'], ...candidates.map((a) => [a.id, a.displayName])], current?.accountId || '');
    control.addEventListener('change', async () => {
      try {
        await api('PUT', `/departments/${encodeURIComponent(department.id)}/reviewers/${module}`, { body: { accountId: control.value } });
        showOk(notice, `已设置${department.name}的审核人。`);
      } catch (error) {
        showError(notice, error);
        await load();
      }
    });
    return control;
  }

  async function addDepartment(event) {
    event.preventDefault();
    const form = event.target;
    if (!checkForm(form, notice)) return;
    try {
      await api('POST', '/departments', { body: formValues(form) });
      showOk(notice, '院系已新增。');
      await load();
    } catch (error) {
      showError(notice, error, form);
    }
  }

  function addAccount() {
    const departmentSelect = select('departmentId', [['', '（全校）'], ...departments.map((d) => [d.id, d.name])]);
    const form = h('form', { class: 'stack', novalidate: true, id: 'account-form' },
      field('用户名', input('username', { autocomplete: 'off' }), { required: true }),
      field('姓名', input('displayName'), { required: true }),
      field('角色', select('role', roles, 'schoolOperator'), { required: true }),
      field('院系（院系管理员、院系操作员必选）', departmentSelect),
      h('fieldset', {}, h('legend', {}, '模块'),
        modules.map(([code, name]) => h('label', {}, h('input', { type: 'checkbox', name: 'modules', value: code, checked: code === 'esigning' }), ' ', name))));
    openDialog('新增账号', form, [{
      label: '创建', primary: true,
      action: async (close, errorBox) => {
        if (!checkForm(form, errorBox, [['departmentId', (v) => (v.role.startsWith('department') && !v.departmentId ? '院系管理员、院系操作员须选择院系' : null)]])) return;
        const values = formValues(form);
        if (!values.departmentId) delete values.departmentId;
        const created = await api('POST', '/staff-accounts', { body: values });
        close();
        showPassword(`账号 ${created.account.username} 已创建`, created.initialPassword);
        await load();
      },
    }]);
  }

  async function setEnabled(account, enabled) {
    const consequence = enabled ? '启用后该账号可以登录。' : '停用后该账号不能再登录系统。';
    if (!(await confirmAction(`${enabled ? '启用' : '停用'}账号`, `确认${enabled ? '启用' : '停用'}账号 ${account.username}（${account.displayName}）？${consequence}`,
      { confirmLabel: enabled ? '启用' : '停用', danger: !enabled }))) return;
    try {
      await api('POST', `/staff-accounts/${encodeURIComponent(account.id)}/${enabled ? 'enable' : 'disable'}`);
      showOk(notice, `账号 ${account.username} 已${enabled ? '启用' : '停用'}。`);
      await load();
    } catch (error) {
      showError(notice, error);
    }
  }

  function resetPassword(account) {
    openDialog('重置密码', h('p', {}, `确定重置账号 ${account.username}（${account.displayName}）的密码？该账号需用新的初始密码登录并修改密码。`), [{
      label: '重置', danger: true,
      action: async (close) => {
        const result = await api('POST', `/staff-accounts/${encodeURIComponent(account.id)}/reset-password`);
        close();
        showPassword(`账号 ${account.username} 的密码已重置`, result.initialPassword);
      },
    }]);
  }

  function showPassword(title, password) {
    openDialog(title, h('div', {},
      h('p', {}, '初始密码只显示这一次，请转交账号使用人；首次登录须修改密码。'),
      h('p', {}, '初始密码：', h('span', { class: 'secret', id: 'initial-password' }, password))));
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '账号管理'), notice, box));
  await load();
}
