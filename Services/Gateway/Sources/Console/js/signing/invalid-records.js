// 失效信息管理 (DOMAIN.md §4.7): the records of graduates removed from the roster (签约, 补登,
// 解约, 去向登记), with when and why they became invalid; they return with the graduate.
import { select, filter } from '../ui.js';
import { time } from './format.js';
import { recordListPage, detailLink } from './list-page.js';
import { openAgreement } from './detail.js';
import { openTermination } from './termination-detail.js';
import { openRegistration } from './registration-detail.js';

const detailOf = { agreement: openAgreement, termination: openTermination, registration: openRegistration };

export const invalidRecordsPage = recordListPage({
  title: '失效信息管理',
  id: 'invalid-records',
  path: 'invalid-records',
  endpoint: '/invalid-records',
  extraFilters: () => filter('类型', select('kind', [['', '全部类型'], ['agreement', '签约/补登'], ['termination', '解约'], ['registration', '去向登记']])),
  placeholder: '姓名/身份证号/学号',
  emptyText: '没有失效的记录',
  columns: (ctx) => [
    { title: '类型', value: (r) => r.kindName },
    { title: '姓名', value: (r) => r.graduate.name },
    { title: '院系', value: (r) => r.graduate.department },
    { title: '专业', value: (r) => r.graduate.major },
    { title: '学历', value: (r) => r.graduate.educationLevelName },
    { title: '身份证号', value: (r) => r.graduate.idNumber },
    { title: '单位/去向', value: (r) => r.summary },
    { title: '失效前状态', value: (r) => r.statusName },
    { title: '失效时间', value: (r) => time(r.invalidatedAt) },
    { title: '失效原因', value: (r) => r.invalidReason },
    { title: '操作', class: 'actions', value: (r) => detailLink(ctx, detailOf[r.kind])(r) },
  ],
});
