// The employer's signing pages: send an offer (§4.1), list the offers with their status
// (撤回 in the detail, and 申请解约 on an effective one), download effective agreements, and
// the terminations with the graduates' requests to answer.
import { api } from '../api.js';
import { h, table, showError, checkForm, field, input, Pager, showOk } from '../ui.js';
import { openAgreement } from './detail.js';
import { jobFields, readJob, loadCodes } from './forms.js';
import { numberOf } from './format.js';
import { terminationsSection } from './party-terminations.js';

const PAGE_SIZE = 20;

export async function employerSigningSection(me) {
  await loadCodes();
  const list = h('div', { id: 'employer-agreements' });
  const notice = h('div', { id: 'employer-notice' });
  const pager = new Pager(() => load());

  async function load() {
    const page = await api('GET', `/agreements?pageSize=${PAGE_SIZE}&pageToken=${encodeURIComponent(pager.token)}`);
    list.replaceChildren(table([
      { title: '毕业生', value: (a) => a.graduate.name },
      { title: '学校', value: (a) => a.graduate.schoolName || '' },
      { title: '院系', value: (a) => a.graduate.department },
      { title: '岗位', value: (a) => a.job.jobTitle },
      { title: '协议编号', value: (a) => numberOf(a) },
      { title: '状态', value: (a) => a.statusName },
      { title: '操作', class: 'actions', value: (a) => h('button', { type: 'button', class: 'link', onclick: () => openAgreement(a.id, me, load).catch((e) => showError(notice, e)) }, '详细') },
    ], page.items, '暂无签约记录'), pager.render(page.total, PAGE_SIZE, page.nextPageToken));
  }

  const errorBox = h('div');
  const form = h('form', { class: 'grid', novalidate: true, id: 'offer-form' },
    field('毕业生身份证号', input('graduateIdNumber', { maxlength: 18, pattern: '[0-9]{17}[0-9Xx]', 'data-pattern-message': '身份证号应为18位' }), { required: true }),
    field('毕业生姓名', input('graduateName'), { required: true }),
    field('应约有效期（天）', input('respondWithinDays', { value: '7', inputmode: 'numeric', pattern: '[0-9]{1,3}', 'data-pattern-message': '应约有效期应为天数' }),
      { required: true, name: '应约有效期' }),
    h('div'),
    ...jobFields(),
    h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, '发起签约')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkForm(form, errorBox)) return;
    try {
      const offer = await api('POST', '/offers', { body: {
        graduateIdNumber: form.elements.graduateIdNumber.value.trim(), graduateName: form.elements.graduateName.value.trim(),
        respondWithinDays: Number(form.elements.respondWithinDays.value) || 0, job: readJob(form),
      } });
      form.reset();
      showOk(notice, `已向${offer.graduate.name}发起签约，等待毕业生回应。`);
      pager.reset();
      await load();
    } catch (error) {
      showError(errorBox, error, form);
    }
  });
  await load();
  return [
    h('div', { class: 'card' }, h('h2', {}, '发起签约'), h('p', {}, '向毕业生发出就业协议（须为学校学生名单中的毕业生，且学校已开放网签）。'), errorBox, form),
    h('div', { class: 'card' }, h('h2', {}, '我的签约'), notice, list),
    await terminationsSection(me),
  ];
}
