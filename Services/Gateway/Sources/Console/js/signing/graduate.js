// The graduate's signing pages: offers received and every record with its status and
// history (同意/拒绝, 上传已签协议, 撤回 in the detail), the e-agreement application (§4.2) and 补登 (§4.3).
import { api } from '../api.js';
import { h, mount, message, table, showError, checkForm, field, input, showOk } from '../ui.js';
import { openAgreement } from './detail.js';
import { uploadChosen, warningTag, reloadOnChange } from './parts.js';
import { employerFields, jobFields, readEmployer, readJob, loadCodes } from './forms.js';
import { numberOf, time } from './format.js';

export async function graduateSigningSection(me) {
  await loadCodes();
  const list = h('div', { id: 'my-agreements' });
  const notice = h('div', { id: 'graduate-notice' });

  async function load() {
    const page = await api('GET', '/agreements?pageSize=100');
    const offers = page.items.filter((a) => a.status === 'offered');
    mount(list,
      offers.length ? message('info', `您有 ${offers.length} 个用人单位发来的签约待回应，请在应约截止时间前处理。`) : null,
      table([
        { title: '签约方式', value: (a) => a.flowName },
        { title: '签约单位', value: (a) => [a.employer.name, warningTag(a.warning)] },
        { title: '岗位', value: (a) => a.job.jobTitle },
        { title: '协议编号', value: (a) => numberOf(a) },
        { title: '状态', value: (a) => a.statusName },
        { title: '应约截止', value: (a) => (a.status === 'offered' ? time(a.respondBy) : '') },
        { title: '操作', class: 'actions', value: (a) => h('button', { type: 'button', class: 'link', onclick: () => openAgreement(a.id, me, load).catch((e) => showError(notice, e)) }, a.status === 'offered' ? '查看并回应' : '详细') },
      ], page.items, '暂无签约记录'));
  }

  function startForm(kind) {
    const errorBox = h('div');
    const form = h('form', { class: 'grid', novalidate: true, id: kind === 'application' ? 'application-form' : 'back-registration-form' },
      ...employerFields(), ...jobFields(),
      kind === 'back' ? field('已签订的纸质就业协议书扫描件（PDF、JPG或PNG，不超过10MB）', input('file', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png' }),
        { wide: true, required: true }) : null,
      h('div', { class: 'wide' }, h('button', { type: 'submit', class: 'primary' }, kind === 'application' ? '提交申请' : '提交补登')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkForm(form, errorBox)) return;
      try {
        const body = { employer: readEmployer(form), job: readJob(form) };
        // The scan is uploaded once: a refused submission keeps it (and the chosen file).
        if (kind === 'back') body.attachmentSha256 = await uploadChosen(form, '已签订的纸质就业协议书扫描件');
        const created = await api('POST', kind === 'application' ? '/agreement-applications' : '/back-registrations', { body });
        form.reset();
        showOk(notice, `已提交：${created.statusName}`);
        await load();
      } catch (error) {
        showError(errorBox, error, form);
      }
    });
    return [errorBox, form];
  }

  reloadOnChange(list, load);
  const sections = [
    h('div', { class: 'card' }, h('h2', {}, '我的签约'), notice, list),
    h('div', { class: 'card' }, h('h2', {}, '申请电子就业协议书'),
      h('p', {}, '与用人单位达成意向后填写以下信息，学校审核通过后下载协议书，与单位线下签字盖章，再上传扫描件。'), ...startForm('application')),
    h('div', { class: 'card' }, h('h2', {}, '补登（已签纸质协议）'),
      h('p', {}, '已与用人单位签订纸质就业协议书的，填写协议内容并上传扫描件，由学校审核。'), ...startForm('back')),
  ];
  await load();
  return sections;
}
