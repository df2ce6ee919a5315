// 学生名单's 详细 (DOMAIN.md §2): one graduate as the roster has them, their 业务 tags, and the
// whole history of their records in 网签 — every 签约/补登, 去向登记, 解约 and 失效 record, newest
// first, each opening the detail its own list opens. The API has no history per graduate: the
// four lists are asked by 身份证号, every 届 (a graduate moved to a later 届 keeps the records
// of the earlier one), and since q matches fragments of several columns (单位名称, 协议编号 …)
// only the records whose graduate has exactly this 身份证号 are kept.
import { api, query } from '../api.js';
import { h, message, openDialog, table, showError } from '../ui.js';
import { facts } from '../signing/parts.js';
import { time } from '../signing/format.js';
import { openAgreement } from '../signing/detail.js';
import { openTermination } from '../signing/termination-detail.js';
import { openRegistration } from '../signing/registration-detail.js';

/// The 业务 tags of a roster row: what the graduate has in 网签, finished and 失效 records
/// included. No `business`: e-signing did not answer, so nothing is known (—, not 无).
export function businessTags(business) {
  if (!business) return '—';
  if (business.length === 0) return '无';
  return business.map((tag) => h('span', { class: tag === '失效' ? 'business-tag invalid' : 'business-tag' }, tag));
}

const detailOf = { agreement: openAgreement, termination: openTermination, registration: openRegistration };

/// Each list as rows of one history: type, status, 单位/去向, times, and the detail to open.
/// `latest` orders the history: a record's last step (or when it became 失效). The API's times
/// are to the second, so steps taken together tie: then the lists' own order holds (each is
/// newest first to the millisecond), and across lists this one — a record comes after the
/// records of the same second it follows from (a 解约 after its agreement, a 去向登记 after the
/// 解约 that freed the graduate, 失效 after them all).
const sources = [
  // Staff lists leave the 失效 records out; 失效信息管理 has them, with their state when they left.
  { endpoint: '/invalid-records', row: (r) => ({
    kind: r.kind, id: r.id, graduate: r.graduate,
    type: '失效', typeNote: r.kindName,
    statusName: `失效前：${r.statusName}`, unit: r.summary, invalidReason: r.invalidReason,
    times: [['失效', r.invalidatedAt]],
    latest: r.invalidatedAt, created: r.invalidatedAt,
  }) },
  { endpoint: '/destination-registrations', row: (r) => ({
    kind: 'registration', id: r.id, graduate: r.graduate,
    type: '去向登记', typeNote: r.categoryName,
    statusName: r.statusName, unit: r.summary,
    times: [['登记', r.createdAt], ['生效', r.effectiveAt], ['最近办理', r.updatedAt]],
    latest: r.updatedAt, created: r.createdAt,
  }) },
  { endpoint: '/terminations', row: (t) => ({
    kind: 'termination', id: t.id, graduate: t.graduate,
    type: '解约', typeNote: t.kindName,
    statusName: t.statusName, unit: t.employerName,
    times: [['申请', t.createdAt], ['最近办理', t.updatedAt]],
    latest: t.updatedAt, created: t.createdAt,
  }) },
  { endpoint: '/agreements', row: (a) => ({
    kind: 'agreement', id: a.id, graduate: a.graduate,
    type: a.flow === 'backRegistration' ? '补登' : '在线签约', typeNote: a.flowName,
    statusName: a.statusName, unit: a.employer?.name,
    times: [['发起', a.createdAt], ['生效', a.effectiveAt], ['最近办理', a.updatedAt]],
    latest: a.updatedAt, created: a.createdAt,
  }) },
];

/// Every page of a list (a graduate has a handful of records: one page, as a rule).
async function everyItem(endpoint, params) {
  const items = [];
  let pageToken = '';
  do {
    const page = await api('GET', endpoint + query({ ...params, pageSize: 200, pageToken }));
    items.push(...page.items);
    pageToken = page.nextPageToken || '';
  } while (pageToken);
  return items;
}

/// The graduate's records, newest first (a stable sort: ties keep the order of `sources`); a
/// record seen twice (restored between two of the calls, so in its list and in 失效) once.
async function historyOf(idNumber) {
  const same = (party) => (party?.idNumber || '').toUpperCase() === idNumber.toUpperCase();
  const lists = await Promise.all(sources.map(async (source) =>
    (await everyItem(source.endpoint, { q: idNumber })).map(source.row).filter((row) => same(row.graduate))));
  const rows = new Map();
  for (const row of lists.flat()) rows.set(`${row.kind}:${row.id}`, row);
  const at = (text) => (text ? Date.parse(text) : 0);
  return [...rows.values()].sort((a, b) => at(b.latest) - at(a.latest) || at(b.created) - at(a.created));
}

/// Whether the account has 网签: without it the roster gives no tags (an empty list that would
/// read 无) and the signing lists refuse.
export const hasSigning = (me) => me.modules?.some((module) => module.code === 'esigning');

/// Opens the 详细 of roster row `g`; `onChange` runs after a step taken in one of the records.
export function openGraduate(g, me, onChange) {
  const shown = h('div', { id: 'graduate-facts' });
  const notice = h('div', { id: 'graduate-history-notice' });
  const records = h('div', { id: 'graduate-history' }, h('p', { class: 'loading' }, '正在加载业务记录…'));
  const body = h('div', { class: 'graduate-detail', id: 'graduate-detail' }, shown,
    h('section', { class: 'graduate-history' }, h('h4', {}, '业务记录（全部届别，含已结束和失效的记录，最新的在前）'), notice, records));
  openDialog(`毕业生详细：${g.name}`, body, [], { class: 'wide-dialog', id: 'graduate-detail-dialog' });

  // Without the module the lists would only refuse (403): ask none of them.
  const signing = hasSigning(me);
  showFacts(g);

  function showFacts(graduate) {
    shown.replaceChildren(
      h('div', { class: 'side-by-side' },
        h('section', {}, h('h4', {}, '基本信息（以学生名单为准）'), facts([
          ['姓名', graduate.name], ['性别', graduate.gender], ['身份证号', graduate.idNumber], ['考生号', graduate.candidateNumber],
          ['学号', graduate.studentNumber], ['手机号', graduate.mobile], ['生源所在地', graduate.originRegionName || graduate.originRegion],
        ])),
        h('section', {}, h('h4', {}, '学籍信息'), facts([
          ['院系', graduate.department], ['专业', graduate.major], ['学历', graduate.educationLevelName], ['届别', `${graduate.cohort}届`],
          ['毕业时间', graduate.graduationDate], ['学制', graduate.lengthOfSchooling ? `${graduate.lengthOfSchooling}年` : ''],
          ['培养方式', graduate.trainingModeName], ['定向/委培单位', graduate.boundUnit], ['最近修改', time(graduate.updatedAt)],
        ]))),
      h('p', { class: 'business-line', id: 'graduate-business' }, h('span', { class: 'label' }, '业务：'),
        signing ? businessTags(graduate.business) : '无法查看'));
  }

  function unavailable() {
    records.replaceChildren(message('info', '您的账号没有“毕业去向登记与网签”模块的权限，不能查看该毕业生的签约、补登、解约、去向登记和失效记录。'));
  }

  async function loadHistory() {
    if (!signing) { unavailable(); return; }
    let rows;
    try {
      rows = await historyOf(g.idNumber);
    } catch (error) {
      if (error.status === 403) unavailable();
      else showError(records, error);
      return;
    }
    records.replaceChildren(table([
      // The type as the 业务 tag it gives (补登's flow name would only repeat it).
      { title: '类型', value: (r) => [businessTags([r.type]), r.typeNote !== r.type ? r.typeNote : null] },
      { title: '状态', value: (r) => [r.statusName, r.invalidReason ? h('div', { class: 'record-note' }, `失效原因：${r.invalidReason}`) : null] },
      { title: '单位/去向', value: (r) => r.unit },
      { title: '时间', value: (r) => h('div', { class: 'record-times' },
        r.times.filter(([, at]) => at).map(([label, at]) => h('div', {}, `${label}：${time(at)}`))) },
      { title: '操作', class: 'actions', value: (r) => h('button', { type: 'button', class: 'link', dataset: { kind: r.kind, id: r.id },
        onclick: () => detailOf[r.kind](r.id, me, changed).catch((error) => showError(notice, error)) }, '详细') },
    ], rows, '暂无业务记录'));
  }

  /// A step taken in a record's detail: the history, the tags (a 强制解约 adds 解约) and the
  /// roster behind the dialog follow. The roster row comes again from the list (the API has no
  /// GET of one graduate), found by 身份证号.
  async function changed() {
    try {
      const page = await api('GET', '/graduates' + query({ q: g.idNumber, pageSize: 200 }));
      const again = page.items.find((item) => item.id === g.id);
      if (again) showFacts(again);
    } catch (error) {
      showError(notice, error);
    }
    await Promise.all([loadHistory(), onChange?.()]);
  }

  return loadHistory();
}
