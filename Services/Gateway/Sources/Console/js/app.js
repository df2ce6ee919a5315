// The console shell: the hash router, the header, and where each kind of account lands.
// Pages are functions (root, context) that render into `root`; modules and their pages are
// declared in modules.js, which is where later modules plug in.
import { api, session } from './api.js';
import { currentAccount, forgetAccount, homeOf } from './account.js';
import { h, mount, message } from './ui.js';
import { signInPage } from './pages/signin.js';
import { activatePage } from './pages/activate.js';
import { forgotPasswordPage } from './pages/forgot-password.js';
import { registerEmployerPage } from './pages/register.js';
import { passwordPage } from './pages/password.js';
import { modulesPage, modulePage } from './modules.js';
import { graduateHomePage } from './pages/graduate-home.js';
import { employerHomePage } from './pages/employer-home.js';
import { schoolsPage, employerReviewPage } from './pages/operator.js';
import { verifyPage } from './signing/verify.js';

const routes = [
  { pattern: /^#\/signin$/, page: signInPage, public: true },
  { pattern: /^#\/activate$/, page: activatePage, public: true },
  { pattern: /^#\/forgot-password$/, page: forgotPasswordPage, public: true },
  { pattern: /^#\/register$/, page: registerEmployerPage, public: true },
  // 协议核验: the agreements' QR codes link here; no account needed.
  { pattern: /^#\/verify(?:\/([0-9a-f-]+))?$/, page: verifyPage, public: true },
  { pattern: /^#\/password$/, page: passwordPage },
  { pattern: /^#\/modules$/, page: modulesPage, kinds: ['staff'] },
  { pattern: /^#\/m\/([a-zA-Z]+)(?:\/([a-z-]+))?$/, page: modulePage, kinds: ['staff'] },
  { pattern: /^#\/graduate$/, page: graduateHomePage, kinds: ['graduate'] },
  { pattern: /^#\/employer$/, page: employerHomePage, kinds: ['employer'] },
  { pattern: /^#\/operator\/schools$/, page: schoolsPage, kinds: ['platformOperator'] },
  { pattern: /^#\/operator\/employers$/, page: employerReviewPage, kinds: ['platformOperator'] },
];

function renderHeader(me) {
  const bar = document.getElementById('account-bar');
  bar.hidden = !me;
  if (!me) return;
  document.getElementById('header-school').textContent = me.schoolName ? `${me.schoolName}（${me.schoolCode}）` : '';
  const role = me.roleName || { graduate: '毕业生', employer: '用人单位', platformOperator: '平台运维' }[me.kind] || '';
  const department = me.departmentName ? ` · ${me.departmentName}` : '';
  document.getElementById('header-account').textContent = `${me.displayName}（${role}${department}）`;
}

// A result belongs to the page it was shown on: another page, or the next account, starts
// without it.
function clearResult() {
  document.getElementById('result-bar').replaceChildren();
}

async function signOut() {
  clearResult();
  const current = session.get();
  session.clear();
  forgetAccount();
  // The sign-in page at once: rendering it again after the server's answer would wipe what
  // the next person already typed there.
  navigateTo('#/signin');
  if (current && current.refreshToken) {
    try { await api('POST', '/sessions/sign-out', { body: { refreshToken: current.refreshToken } }); } catch { /* already signed out */ }
  }
}

/// Goes to `hash`: the hashchange renders it; the same hash is rendered afresh.
function navigateTo(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

// Renders can overlap (a click during a slow page): only the latest one may touch the page.
let renderGeneration = 0;

export async function render() {
  const generation = ++renderGeneration;
  const root = document.getElementById('app');
  const hash = location.hash || '#/signin';
  const route = routes.find((candidate) => candidate.pattern.test(hash));
  let me = null;
  try {
    me = await currentAccount();
  } catch (error) {
    if (generation !== renderGeneration) return;
    if (error.status !== 401) { mount(root, message('error', error.message)); return; }
    session.clear();
  }
  if (generation !== renderGeneration) return;
  renderHeader(me);
  if (!route) { location.hash = me ? homeOf(me) : '#/signin'; return; }
  if (!route.public && !me) { location.hash = '#/signin'; return; }
  if (route.public && me && hash === '#/signin') { location.hash = homeOf(me); return; }
  if (me && me.mustChangePassword && hash !== '#/password') { location.hash = '#/password'; return; }
  if (route.kinds && !route.kinds.includes(me.kind)) { location.hash = homeOf(me); return; }
  const match = hash.match(route.pattern);
  mount(root, h('p', { class: 'loading' }, '正在加载…'));
  // The page is built off-screen and shown only if no newer render started meanwhile.
  const page = h('div', { class: 'page' });
  try {
    await route.page(page, { me, params: match.slice(1), navigate: navigateTo });
  } catch (error) {
    mount(page, message('error', error.message || String(error)));
  }
  if (generation === renderGeneration) mount(root, page);
}

window.addEventListener('hashchange', () => { clearResult(); render(); });
window.addEventListener('session-expired', () => { forgetAccount(); navigateTo('#/signin'); });
document.getElementById('sign-out').addEventListener('click', signOut);
render();
