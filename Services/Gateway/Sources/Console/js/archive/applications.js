// 申请记录 (staff, DOMAIN.md §5): every graduate's 档案/户口信息 application, filtered by 院系/专业/
// 学历/状态/提交日期 and a name fragment, or only those awaiting this account; the detail shows
// the previous values beside the new ones with the changed fields highlighted, and the review.
import { h, select, filter, showError } from '../ui.js';
import { time } from '../signing/format.js';
import { recordListPage } from '../signing/list-page.js';
import { APPLICATION_STATUSES } from './fields.js';
import { openArchiveApplication, stepsOf } from './application-detail.js';

export const archiveApplicationsPage = recordListPage({
  title: '申请记录',
  id: 'archive-applications',
  path: 'applications',
  endpoint: '/archive-applications',
  statuses: () => APPLICATION_STATUSES,
  extraFilters: () => filter('审核', select('awaitingMe', [['', '全部申请'], ['true', '等待我审核的']])),
  placeholder: '姓名/身份证号/学号',
  exportable: false,
  emptyText: '没有符合条件的申请记录',
  columns: (ctx) => [
    { title: '姓名', value: (a) => a.graduate.name },
    { title: '院系', value: (a) => a.graduate.department },
    { title: '专业', value: (a) => a.graduate.major },
    { title: '学历', value: (a) => a.graduate.educationLevelName },
    { title: '身份证号', value: (a) => a.graduate.idNumber },
    { title: '变更字段', value: (a) => a.changes.map((change) => change.label).join('、') },
    { title: '申请状态', value: (a) => a.statusName },
    { title: '提交时间', value: (a) => time(a.submittedAt) },
    { title: '操作', class: 'actions', value: (a) => h('button', { type: 'button', class: 'link', onclick: () =>
      openArchiveApplication(a.id, ctx.me, ctx.reload).catch((error) => showError(ctx.results, error)) },
    stepsOf(ctx.me, a).length ? '审核' : '详细') },
  ],
});
