// The code lists (学历, 培养方式, 性别, …) from GET /api/v1/code-lists, fetched once.
import { api } from './api.js';

let lists = null;

export async function codeLists() {
  lists ??= await api('GET', '/code-lists');
  return lists;
}

/// [[code, name]] pairs for a select, optionally led by an "all" choice.
export function choices(entries, allLabel) {
  const pairs = entries.map((entry) => [entry.code, entry.name]);
  return allLabel ? [['', allLabel], ...pairs] : pairs;
}
