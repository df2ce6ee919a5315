// 解约管理 (staff, DOMAIN.md §4.4, §4.5): the terminations with the lists' filters, 解约方式
// (线上/线下), paging, Excel export, and each one's detail with the review steps.
import { select, filter } from '../ui.js';
import { time } from './format.js';
import { statusCell } from './parts.js';
import { recordListPage, detailLink } from './list-page.js';
import { openTermination } from './termination-detail.js';

export const terminationsPage = recordListPage({
  title: '解约管理',
  id: 'terminations',
  path: 'terminations',
  endpoint: '/terminations',
  statuses: (codes) => (codes.terminationStatuses || []).map((entry) => [entry.code, entry.name]),
  extraFilters: () => filter('解约方式', select('kind', [['', '全部解约方式'], ['online', '线上解约'], ['offline', '线下解约']])),
  placeholder: '姓名/身份证号/学号/单位/协议编号',
  emptyText: '没有符合条件的解约记录',
  columns: (ctx) => [
    { title: '解约方式', value: (t) => t.kindName },
    { title: '发起方', value: (t) => t.initiatorName },
    { title: '姓名', value: (t) => t.graduate.name },
    { title: '院系', value: (t) => t.graduate.department },
    { title: '专业', value: (t) => t.graduate.major },
    { title: '学历', value: (t) => t.graduate.educationLevelName },
    { title: '身份证号', value: (t) => t.graduate.idNumber },
    { title: '协议编号', value: (t) => t.agreementNumber || '' },
    { title: '签约单位', value: (t) => t.employerName },
    { title: '解约状态', value: statusCell },
    { title: '申请时间', value: (t) => time(t.createdAt) },
    { title: '操作', class: 'actions', value: detailLink(ctx, openTermination) },
  ],
});
