// 平台运维: schools (with their first 学校管理员), the review of employer registrations, and
// 重置密码 for an employer that forgot its password.
import { api, query } from '../api.js';
import { h, mount, field, input, select, formValues, openDialog, table, Pager, saveBlob, showError, showOk, filter, checkForm, confirmAction, notify, message } from '../ui.js';

function operatorNav(current) {
  return h('div', { class: 'tabs' },
    [['#/operator/schools', '学校管理'], ['#/operator/employers', '用人单位审核']].map(([href, label]) =>
      h('a', { href, class: href === current ? 'active' : null }, label)));
}

export async function schoolsPage(root) {
  const notice = h('div');
  const list = h('div', { id: 'schools' });
  const form = h('form', { class: 'toolbar', id: 'school-form', novalidate: true },
    filter('院校代码', input('code', { placeholder: '5位', maxlength: 5, size: 8, pattern: '[0-9]{5}', 'data-pattern-message': '院校代码应为5位数字' }), { required: true }),
    filter('学校名称', input('name', { size: 18 }), { required: true }),
    filter('管理员用户名', input('adminUsername', { size: 14 }), { required: true, name: '学校管理员用户名' }),
    filter('管理员姓名', input('adminDisplayName', { placeholder: '可选', size: 12 })),
    h('button', { type: 'submit', class: 'primary' }, '创建学校'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, notice)) return;
    try {
      const created = await api('POST', '/schools', { body: formValues(form) });
      form.reset();
      openDialog(`学校 ${created.school.name} 已创建`, h('div', {},
        h('p', {}, `学校管理员用户名：${created.admin.username}`),
        h('p', {}, '初始密码（只显示这一次）：', h('span', { class: 'secret' }, created.initialPassword))));
      await load();
    } catch (error) {
      showError(notice, error, form);
    }
  });
  async function load() {
    const schools = await api('GET', '/schools');
    list.replaceChildren(table([
      { title: '院校代码', value: (s) => s.code },
      { title: '学校名称', value: (s) => s.name },
      { title: '创建时间', value: (s) => s.createdAt.replace('T', ' ').slice(0, 19) },
    ], schools.items, '暂无学校'));
  }
  mount(root, operatorNav('#/operator/schools'), h('div', { class: 'card' }, h('h2', {}, '学校管理'), notice, form, list));
  await load();
}

const PAGE_SIZE = 20;

export async function employerReviewPage(root) {
  const notice = h('div');
  const results = h('div', { id: 'employers' });
  const pager = new Pager(() => load());
  const filters = h('form', { class: 'toolbar' },
    filter('审核状态', select('status', [['pending', '待审核'], ['approved', '已通过'], ['rejected', '未通过'], ['', '全部']], 'pending')),
    filter('单位', input('q', { placeholder: '单位名称/统一社会信用代码', size: 26 })),
    h('button', { type: 'submit', class: 'primary' }, '查询'));
  filters.addEventListener('submit', (event) => { event.preventDefault(); pager.reset(); load(); });

  async function load() {
    try {
      const page = await api('GET', '/employers' + query({ ...formValues(filters), pageSize: PAGE_SIZE, pageToken: pager.token }));
      results.replaceChildren(table([
        { title: '单位名称', value: (e) => e.name },
        { title: '统一社会信用代码', value: (e) => e.creditCode },
        { title: '单位性质', value: (e) => e.natureName },
        { title: '行业', value: (e) => e.industryName },
        { title: '联系人', value: (e) => `${e.contactName} ${e.contactPhone}` },
        { title: '注册时间', value: (e) => e.registeredAt.replace('T', ' ').slice(0, 16) },
        { title: '状态', value: (e) => e.statusName },
        { title: '操作', class: 'actions', value: (e) => [
          h('button', { type: 'button', class: 'link', onclick: () => review(e) }, e.status === 'pending' ? '审核' : '查看'),
          h('button', { type: 'button', class: 'link reset-password', onclick: () => resetPassword(e) }, '重置密码')] },
      ], page.items, '暂无用人单位'), pager.render(page.total, PAGE_SIZE, page.nextPageToken));
    } catch (error) {
      showError(results, error);
    }
  }

  /// 重置密码 (the employer forgot theirs): a new initial password, shown this once; the
  /// employer must change it at the next sign-in.
  async function resetPassword(employer) {
    if (!(await confirmAction('重置密码', `确认重置${employer.name}（${employer.creditCode}）的登录密码？重置后原密码立即失效，该单位已登录的设备全部退出，下次登录须修改密码。`,
      { confirmLabel: '重置密码', danger: true }))) return;
    try {
      const answer = await api('POST', `/employers/${encodeURIComponent(employer.id)}/reset-password`);
      notify(`${employer.name}的密码已重置。`);
      openDialog('密码已重置', h('div', { id: 'reset-password-result' },
        h('p', {}, `${employer.name}（统一社会信用代码 ${employer.creditCode}）的新初始密码：`),
        h('p', {}, h('span', { class: 'secret', id: 'new-initial-password' }, answer.initialPassword)),
        message('warning', '此密码只显示这一次，关闭后无法再次查看，请立即通过可靠方式告知该单位；单位下次登录时须修改密码。')));
    } catch (error) {
      showError(notice, error);
    }
  }

  function review(employer) {
    const reasonForm = h('form', { class: 'stack', novalidate: true }, field('审核意见（不通过时必填）', h('textarea', { name: 'reason', rows: 3 })));
    const body = h('div', {},
      h('dl', { class: 'facts' },
        h('dt', {}, '单位名称'), h('dd', {}, employer.name),
        h('dt', {}, '统一社会信用代码'), h('dd', {}, employer.creditCode),
        h('dt', {}, '单位性质'), h('dd', {}, employer.natureName),
        h('dt', {}, '单位行业'), h('dd', {}, employer.industryName),
        h('dt', {}, '所在地'), h('dd', {}, employer.regionName || employer.regionCode),
        h('dt', {}, '单位地址'), h('dd', {}, employer.address),
        h('dt', {}, '联系人'), h('dd', {}, `${employer.contactName} ${employer.contactPhone} ${employer.email}`),
        h('dt', {}, '营业执照'), h('dd', {}, h('button', { type: 'button', class: 'link', onclick: async () => {
          try { saveBlob(await api('GET', `/employers/${encodeURIComponent(employer.id)}/licence`, { blob: true })); } catch (error) { showError(notice, error); }
        } }, '下载查看')),
        h('dt', {}, '状态'), h('dd', {}, employer.statusName + (employer.reason ? `（${employer.reason}）` : ''))),
      employer.status === 'pending' ? reasonForm : null);
    const decide = (verb) => async (close, errorBox) => {
      if (verb === 'reject' && !checkForm(reasonForm, errorBox, [['reason', (v) => (v.reason ? null : '请填写不通过的审核意见')]])) return;
      const consequence = verb === 'approve' ? '通过后该单位可以向毕业生发起网签。' : '不通过后该单位须按审核意见修改后重新提交。';
      if (!(await confirmAction(verb === 'approve' ? '审核通过' : '审核不通过', `确认${employer.name}的注册审核${verb === 'approve' ? '通过' : '不通过'}？${consequence}`,
        { confirmLabel: verb === 'approve' ? '通过' : '不通过', danger: verb !== 'approve' }))) return;
      const options = verb === 'reject' ? { body: formValues(reasonForm) } : {};
      await api('POST', `/employers/${encodeURIComponent(employer.id)}/${verb}`, options);
      close();
      showOk(notice, `${employer.name}：${verb === 'approve' ? '已通过' : '未通过'}`);
      await load();
    };
    openDialog('用人单位审核', body, employer.status === 'pending'
      ? [{ label: '通过', primary: true, action: decide('approve') }, { label: '不通过', danger: true, action: decide('reject') }]
      : []);
  }

  mount(root, operatorNav('#/operator/employers'), h('div', { class: 'card' }, h('h2', {}, '用人单位审核'), notice, filters, results));
  await load();
}
