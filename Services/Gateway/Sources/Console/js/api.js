// The console's only way to the server: JSON over /api/v1 with the signed-in session's
// access token, refreshed once on a 401, and errors as ApiError (Chinese message + field).

const SESSION_KEY = 'graduate.session';

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `请求失败（HTTP ${status}）`);
    this.status = status;
    this.code = error.code || 'http_' + status;
    this.field = error.field || null;
    this.requestId = error.requestId || null;
    this.body = body;
  }
}

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(SESSION_KEY)); } catch { return null; }
  },
  set(value) { sessionStorage.setItem(SESSION_KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(SESSION_KEY); },
};

/// A fresh key per user action, so a retried click never acts twice (ARCHITECTURE.md).
/// crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let refreshing = null;

/// Swaps the refresh token for a new session; false if it is no longer good.
export async function refreshSession() {
  const current = session.get();
  if (!current || !current.refreshToken) return false;
  // One refresh at a time: parallel 401s wait for the same one.
  refreshing ??= (async () => {
    const response = await fetch('/api/v1/sessions/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (!response.ok) return false;
    session.set({ ...current, ...(await response.json()) });
    return true;
  })().finally(() => { refreshing = null; });
  return refreshing;
}

/// Calls the API. `body` is sent as JSON unless `raw` (a Blob/File with its `contentType`,
/// or FormData) is given. Answers the parsed JSON (or a Blob with `blob: true`); throws ApiError.
/// `onUploadProgress(sent, total)` follows the upload of the body (see sendWithProgress).
export async function api(method, path, options = {}) {
  const { body, raw, contentType, headers = {}, blob = false, retried = false, acceptStatuses = [], onUploadProgress } = options;
  const init = { method, headers: { ...headers } };
  const current = session.get();
  if (current && current.accessToken) init.headers.Authorization = 'Bearer ' + current.accessToken;
  if (raw !== undefined) {
    init.body = raw;
    // FormData sets its own multipart boundary: no Content-Type then.
    if (contentType) init.headers['Content-Type'] = contentType;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && !init.headers['Idempotency-Key']) init.headers['Idempotency-Key'] = idempotencyKey();
  let response;
  try {
    response = onUploadProgress ? await sendWithProgress('/api/v1' + path, init, onUploadProgress) : await fetch('/api/v1' + path, init);
  } catch {
    throw new ApiError(0, { error: { code: 'network', message: '无法连接服务器，请检查网络后重试' } });
  }
  if (response.status === 401 && current && !retried && !path.startsWith('/sessions')) {
    if (await refreshSession()) return api(method, path, { ...options, retried: true });
    session.clear();
    window.dispatchEvent(new Event('session-expired'));
  }
  if (response.ok || acceptStatuses.includes(response.status)) {
    if (response.status === 204) return null;
    if (blob) return { blob: await response.blob(), fileName: fileNameOf(response) };
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
  let errorBody = null;
  try { errorBody = await response.json(); } catch { /* not JSON: keep the status */ }
  throw new ApiError(response.status, errorBody);
}

/// fetch() reports no upload progress (a streamed body would need HTTP/2), so a call that shows
/// its upload goes through XMLHttpRequest, whose answer becomes a Response: api() reads it as
/// it reads fetch's. Rejects, as fetch does, when the server cannot be reached.
function sendWithProgress(url, init, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(init.method, url);
    request.responseType = 'blob';
    for (const [name, value] of Object.entries(init.headers)) request.setRequestHeader(name, value);
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0));
    request.addEventListener('load', () => {
      const headers = new Headers();
      for (const line of request.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      // A Response of status 204 may have no body at all.
      const body = [204, 205, 304].includes(request.status) ? null : request.response;
      resolve(new Response(body, { status: request.status, statusText: request.statusText, headers }));
    });
    request.addEventListener('error', () => reject(new TypeError('network')));
    request.addEventListener('abort', () => reject(new TypeError('aborted')));
    request.send(init.body ?? null);
  });
}

/// The Chinese file name from `Content-Disposition: …; filename*=UTF-8''…`.
function fileNameOf(response) {
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = disposition.match(/filename\*=UTF-8''([^;]+)/i);
  return match ? decodeURIComponent(match[1]) : 'download';
}

/// Query string from an object, leaving out empty values.
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}
