// Shared formatting for the signing pages: times, money, the agreement number placeholder.

export const NUMBER_PENDING = '签约信息生效后生成';

/// "2025-06-01T10:00:00+08:00" → "2025-06-01 10:00".
export function time(text) {
  return text ? text.replace('T', ' ').slice(0, 16) : '';
}

export function yuan(amount) {
  return amount === undefined || amount === null ? '' : `${Number(amount).toLocaleString('zh-CN')} 元`;
}

export function numberOf(agreement) {
  return agreement.number || NUMBER_PENDING;
}

/// The current 届别: graduates of year N are handled from autumn N-1; after August it is next year's.
export function currentCohort() {
  const now = new Date();
  return now.getMonth() >= 8 ? now.getFullYear() + 1 : now.getFullYear();
}
