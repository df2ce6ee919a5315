// The parties' 解约 lists (DOMAIN.md §4.4, §4.5): the graduate's and the employer's terminations,
// those waiting for their answer first; the detail holds 同意解约 / 不同意解约 and 重新提交.
// Applying happens in the effective agreement's detail (申请解约).
import { api } from '../api.js';
import { h, mount, message, table, showError } from '../ui.js';
import { time } from './format.js';
import { reloadOnChange } from './parts.js';
import { openTermination } from './termination-detail.js';

export async function terminationsSection(me) {
  const graduate = me.kind === 'graduate';
  const list = h('div', { id: 'my-terminations' });
  // The status in which the other party waits for this account.
  const waitingForMe = graduate ? 'employerRequested' : 'graduateRequested';

  async function load() {
    try {
      const page = await api('GET', '/terminations?pageSize=100');
      const waiting = page.items.filter((t) => t.status === waitingForMe);
      mount(list,
        waiting.length ? message('info', `有 ${waiting.length} 个解约申请等待您确认，请在“详细”中同意或不同意。`) : null,
        table([
          { title: '协议编号', value: (t) => t.agreementNumber || '' },
          graduate ? { title: '签约单位', value: (t) => t.employerName } : { title: '毕业生', value: (t) => t.graduate.name },
          graduate ? null : { title: '学校', value: (t) => t.graduate.schoolName || '' },
          { title: '解约方式', value: (t) => t.kindName },
          { title: '发起方', value: (t) => t.initiatorName },
          { title: '解约状态', value: (t) => t.statusName },
          { title: '申请时间', value: (t) => time(t.createdAt) },
          { title: '操作', class: 'actions', value: (t) => h('button', { type: 'button', class: 'link', onclick: () =>
            openTermination(t.id, me, load).catch((error) => showError(list, error)) }, t.status === waitingForMe ? '查看并回应' : '详细') },
        ].filter(Boolean), page.items, '暂无解约记录'));
    } catch (error) {
      showError(list, error);
    }
  }

  reloadOnChange(list, load);
  await load();
  return h('div', { class: 'card' }, h('h2', {}, graduate ? '我的解约' : '解约记录'),
    h('p', {}, graduate
      ? '在已生效协议的“详细”中申请解约；线上签约的须经单位同意，线下签订的须上传解约函，再由学校审核。'
      : '在已生效协议的“详细”中申请解约；须经毕业生同意并由学校审核通过后协议解除。'),
    list);
}
