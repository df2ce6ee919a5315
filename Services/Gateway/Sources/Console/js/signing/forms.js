// The form parts of the signing pages: 甲方 (employer) and the job terms, and reading them back.
import { codeLists, choices } from '../codes.js';
import { field, input, select, h } from '../ui.js';
import { regionPicker } from '../region-picker.js';

let codes = null;
export async function loadCodes() { codes = await codeLists(); return codes; }

export function employerFields(employer = {}, { lockIdentity = false } = {}) {
  const value = (key) => employer[key] ?? '';
  return [
    field('单位名称', input('employer.name', { value: value('name'), readonly: lockIdentity }), { required: true }),
    field('统一社会信用代码', input('employer.creditCode', { value: value('creditCode'), maxlength: 18, readonly: lockIdentity }), { required: true }),
    field('单位性质', select('employer.nature', [['', '请选择'], ...choices(codes?.employerNatures || [])], value('nature')), { required: true }),
    field('单位行业', select('employer.industry', [['', '请选择'], ...choices(codes?.industries || [])], value('industry')), { required: true }),
    field('所在地', regionPicker('employer.regionCode', value('regionCode')), { required: true }),
    field('单位地址', input('employer.address', { value: value('address') }), { required: true }),
    field('联系人', input('employer.contactName', { value: value('contactName') }), { required: true }),
    field('联系电话', input('employer.contactPhone', { value: value('contactPhone') }), { required: true }),
    field('电子邮箱（可选）', input('employer.email', { value: value('email') })),
  ];
}

export function jobFields(job = {}) {
  const value = (key) => job[key] ?? '';
  return [
    field('岗位名称', input('job.jobTitle', { value: value('jobTitle') }), { required: true }),
    field('工作地点', input('job.workLocation', { value: value('workLocation') }), { required: true }),
    field('月薪（元）', input('job.monthlySalaryYuan', { value: value('monthlySalaryYuan'), inputmode: 'numeric' }), { required: true }),
    field('试用期（月，0-6）', input('job.probationMonths', { value: value('probationMonths') || '0', inputmode: 'numeric' }), { required: true }),
    field('合同期限', input('job.contractTerm', { value: value('contractTerm'), placeholder: '如：3年' }), { required: true }),
    field('其他约定（可选）', h('textarea', { name: 'job.otherTerms', rows: 3 }, value('otherTerms')), { wide: true }),
  ];
}

function read(form, prefix) {
  const values = {};
  for (const control of form.querySelectorAll(`[name^="${prefix}."]`)) {
    values[control.name.slice(prefix.length + 1)] = control.value.trim();
  }
  return values;
}

export function readEmployer(form) { return read(form, 'employer'); }

export function readJob(form) {
  const job = read(form, 'job');
  job.monthlySalaryYuan = Number(job.monthlySalaryYuan) || 0;
  job.probationMonths = Number(job.probationMonths) || 0;
  return job;
}
