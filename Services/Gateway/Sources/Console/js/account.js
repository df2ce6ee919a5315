// The signed-in account, and where each kind of account starts.
import { api, session } from './api.js';

let account = null;

/// The signed-in account (GET /api/v1/account), fetched once per sign-in.
export async function currentAccount(reload = false) {
  if (!session.get()) return null;
  if (!account || reload) account = await api('GET', '/account');
  return account;
}

export function forgetAccount() { account = null; }

export function homeOf(me) {
  if (me.mustChangePassword) return '#/password';
  return { staff: '#/modules', graduate: '#/graduate', employer: '#/employer', platformOperator: '#/operator/schools' }[me.kind] || '#/signin';
}

/// Stores a new session (sign-in, activation) and loads its account.
export async function startSession(newSession) {
  session.set(newSession);
  return currentAccount(true);
}
