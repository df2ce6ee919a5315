// 学生名单管理 (DOMAIN.md §2): the roster with filters and paging, and each graduate's 详细
// (roster-detail.js: the roster fields, 业务 and the whole history); school staff also import
// a file (previewed and confirmed, see roster-import.js), download the template, add, edit and
// remove graduates and change 培养方式. Department accounts see their own 院系, read-only.
import { api, query } from '../api.js';
import { codeLists, choices } from '../codes.js';
import { h, mount, message, field, input, select, formValues, openDialog, table, Pager, saveBlob, showError } from '../ui.js';
import { importRoster } from './roster-import.js';
import { openGraduate, businessTags, hasSigning } from './roster-detail.js';
import { regionPicker } from '../region-picker.js';

const PAGE_SIZE = 20;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function rosterPage(root, { me }) {
  const canWrite = me.role === 'schoolAdmin' || me.role === 'schoolOperator';
  const [codes, departments] = await Promise.all([codeLists(), api('GET', '/departments')]);
  const results = h('div', { id: 'roster-results' });
  const importResult = h('div', { id: 'import-result' });
  const pager = new Pager(() => load());

  const filters = h('form', { class: 'toolbar', id: 'roster-filters' },
    me.departmentName
      ? h('span', {}, `院系：${me.departmentName}`)
      : select('department', [['', '全部院系'], ...departments.items.map((d) => [d.name, d.name])]),
    input('major', { placeholder: '专业' }),
    select('educationLevel', choices(codes.educationLevels, '全部学历')),
    select('trainingMode', choices(codes.trainingModes, '全部培养方式')),
    input('cohort', { placeholder: '届别（如2025）', inputmode: 'numeric', size: 12 }),
    input('q', { placeholder: '姓名/身份证号/学号/考生号', size: 22 }),
    h('button', { type: 'submit', class: 'primary' }, '查询'),
    h('button', { type: 'reset' }, '重置'),
    h('button', { type: 'button', id: 'export-roster', onclick: () => exportRoster() }, '导出Excel'));
  filters.addEventListener('submit', (event) => { event.preventDefault(); pager.reset(); load(); });
  filters.addEventListener('reset', () => setTimeout(() => { pager.reset(); load(); }));

  const fileInput = h('input', { type: 'file', id: 'roster-file', accept: '.csv,.xlsx,text/csv,' + xlsxType, hidden: true });
  fileInput.addEventListener('change', () => importFile(fileInput.files[0]).finally(() => { fileInput.value = ''; }));
  const importButton = h('button', { type: 'button', class: 'primary', id: 'import-button', onclick: () => fileInput.click() }, '导入名单');
  const importMode = select('importMode', [['merge', '合并导入（新增和更新，其余保留）'], ['replace', '替换导入（另删除本届文件中没有的毕业生）']], 'merge', { id: 'import-mode' });
  const actions = canWrite
    ? h('div', { class: 'toolbar' },
      importMode,
      importButton,
      h('button', { type: 'button', id: 'template-button', onclick: downloadTemplate }, '下载模板'),
      h('button', { type: 'button', id: 'add-graduate', onclick: () => editGraduate(null) }, '新增毕业生'),
      fileInput,
      h('span', { class: 'spacer' }),
      h('span', {}, '支持 CSV（UTF-8）和 Excel（.xlsx）文件，不超过10MB；导入前先预览变化，有任何错误行时整个文件不导入。'))
    : null;

  async function load() {
    const values = formValues(filters);
    try {
      const page = await api('GET', '/graduates' + query({ ...values, pageSize: PAGE_SIZE, pageToken: pager.token }));
      results.replaceChildren(
        table(columns(), page.items, '没有符合条件的毕业生'),
        pager.render(page.total, PAGE_SIZE, page.nextPageToken));
    } catch (error) {
      showError(results, error, filters);
    }
  }

  function columns() {
    return [
      { title: '院系', value: (g) => g.department },
      { title: '专业', value: (g) => g.major },
      { title: '学历', value: (g) => g.educationLevelName },
      { title: '考生号', value: (g) => g.candidateNumber },
      { title: '姓名', value: (g) => g.name },
      { title: '身份证号', value: (g) => g.idNumber },
      { title: '学号', value: (g) => g.studentNumber },
      { title: '性别', value: (g) => g.gender },
      { title: '届别', value: (g) => `${g.cohort}届` },
      { title: '培养方式', value: (g) => g.trainingModeName + (g.boundUnit ? `（${g.boundUnit}）` : '') },
      // 业务 (§2): what the graduate has in 网签; 详细 shows the records themselves.
      { title: '业务', value: (g) => (hasSigning(me) ? businessTags(g.business) : '—') },
      // 详细 for every account that sees the roster; the changes for school staff only.
      { title: '操作', class: 'actions', value: (g) => [
        h('button', { type: 'button', class: 'link', onclick: () => openGraduate(g, me, load).catch((error) => showError(results, error)) }, '详细'),
        canWrite ? [
          h('button', { type: 'button', class: 'link', onclick: () => editGraduate(g) }, '编辑'),
          h('button', { type: 'button', class: 'link', onclick: () => changeTrainingMode(g) }, '修改培养方式'),
          h('button', { type: 'button', class: 'link', onclick: () => removeGraduate(g) }, '移除'),
        ] : null,
      ] },
    ];
  }

  async function importFile(file) {
    if (!file) return;
    await importRoster({
      file, mode: importMode.value, resultBox: importResult, button: importButton,
      onImported: async () => { pager.reset(); await load(); },
    });
  }

  async function exportRoster() {
    try {
      saveBlob(await api('GET', '/graduates' + query({ ...formValues(filters), format: 'xlsx' }), { blob: true }));
      importResult.replaceChildren(message('ok', '已导出符合当前筛选条件的毕业生名单（Excel）。'));
    } catch (error) {
      showError(importResult, error);
    }
  }

  async function downloadTemplate() {
    try { saveBlob(await api('GET', '/graduates/template', { blob: true })); } catch (error) { showError(importResult, error); }
  }

  function graduateForm(g) {
    const value = (key) => (g ? String(g[key] ?? '') : '');
    return h('form', { class: 'grid', novalidate: true, id: 'graduate-form' },
      field('院系', select('department', departments.items.map((d) => [d.name, d.name]), value('department'))),
      field('专业', input('major', { value: value('major') })),
      field('学历', select('educationLevel', choices(codes.educationLevels), value('educationLevel'))),
      field('届别', input('cohort', { value: value('cohort'), inputmode: 'numeric' })),
      field('姓名', input('name', { value: value('name') })),
      field('身份证号', input('idNumber', { value: value('idNumber'), maxlength: 18 })),
      field('考生号', input('candidateNumber', { value: value('candidateNumber') })),
      field('学号', input('studentNumber', { value: value('studentNumber') })),
      field('性别', select('gender', [['', '（由身份证号推断）'], ...choices(codes.genders)], g ? codes.genders.find((x) => x.name === g.gender)?.code || '' : '')),
      field('毕业时间（YYYYMM）', input('graduationDate', { value: value('graduationDate'), maxlength: 6 })),
      field('学制', input('lengthOfSchooling', { value: value('lengthOfSchooling') })),
      g ? null : field('培养方式', select('trainingMode', choices(codes.trainingModes), '1')),
      g ? null : field('定向/委培单位', input('boundUnit')),
      field('生源所在地', regionPicker('originRegion', value('originRegion')), { wide: true }),
      field('手机号', input('mobile', { value: value('mobile'), maxlength: 11 })));
  }

  function editGraduate(g) {
    const form = graduateForm(g);
    openDialog(g ? `编辑毕业生：${g.name}` : '新增毕业生', form, [{
      label: '保存', primary: true,
      action: async (close) => {
        const values = formValues(form);
        const body = { ...values, cohort: Number(values.cohort) || 0 };
        let saved;
        if (g) {
          // 培养方式 changes go through their own recorded dialog.
          body.trainingMode = g.trainingMode;
          body.boundUnit = g.boundUnit;
          saved = await api('PUT', `/graduates/${encodeURIComponent(g.id)}`, { body });
        } else {
          saved = await api('POST', '/graduates', { body });
        }
        close();
        importResult.replaceChildren(message('ok', g ? `已保存毕业生“${saved.name}”的信息。` : `已新增毕业生“${saved.name}”。`));
        await load();
      },
    }]);
  }

  function changeTrainingMode(g) {
    const form = h('form', { class: 'stack', novalidate: true },
      h('p', {}, `${g.name}（${g.idNumber}）当前培养方式：${g.trainingModeName}${g.boundUnit ? '，' + g.boundUnit : ''}`),
      field('新培养方式', select('trainingMode', choices(codes.trainingModes), g.trainingMode)),
      field('定向/委培单位（定向、委培时必填）', input('boundUnit', { value: g.boundUnit })),
      field('修改原因', h('textarea', { name: 'reason', rows: 3 })));
    openDialog('修改培养方式', form, [{
      label: '确认修改', primary: true,
      action: async (close) => {
        await api('POST', `/graduates/${encodeURIComponent(g.id)}/training-mode`, { body: formValues(form) });
        close();
        importResult.replaceChildren(message('ok', `已修改毕业生“${g.name}”的培养方式，修改已记入培养方式修改记录。`));
        await load();
      },
    }]);
  }

  function removeGraduate(g) {
    const form = h('form', { class: 'stack', novalidate: true },
      message('info', `移除后“${g.name}”不能再登录和办理业务，其全部记录转入失效信息管理并注明移除原因；重新导入名单可恢复。`),
      field('移除原因', h('textarea', { name: 'reason', rows: 3 })));
    openDialog(`移除毕业生：${g.name}`, form, [{
      label: '确认移除', danger: true,
      action: async (close) => {
        await api('POST', `/graduates/${encodeURIComponent(g.id)}/remove`, { body: formValues(form) });
        close();
        importResult.replaceChildren(message('ok', `已将毕业生“${g.name}”移出学生名单，其记录已转入失效信息管理。`));
        await load();
      },
    }]);
  }

  mount(root, h('div', { class: 'card' }, h('h2', {}, '学生名单管理'), actions, importResult, filters, results));
  await load();
}
