// A stand-in for the Amazon DCV web client: a small self-contained HTML page per session
// (inline CSS, no external resources) that tests and the demo can look at. Served by the DCV
// stand-in (dcv-server.ts), it also behaves like the DCV web client where that matters to the
// shell: a WebSocket to its own origin, a beforeunload guard, a same-origin window.open for a
// second display, and a clipboard permission request (one small inline script, nonce-pinned).

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

const BASE_CSS = `
*{box-sizing:border-box}html,body{margin:0;height:100%;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Ubuntu,sans-serif}
main{display:flex;flex-direction:column;height:100%}
.bar{display:flex;align-items:center;gap:12px;padding:6px 12px;background:#232f3e;color:#fff}
.bar b{font-weight:600}.pill{margin-left:auto;font-size:12px;padding:2px 8px;border-radius:10px;background:#1d8102}
`;

const DESKTOP_CSS = `
.desk{flex:1;position:relative;background:radial-gradient(circle at 30% 20%,#e95420 0,#77216f 45%,#2c001e 100%)}
.icons{position:absolute;top:16px;left:16px;display:grid;gap:18px;color:#fff;text-align:center;font-size:12px}
.icons span{display:block;width:48px;height:40px;margin:0 auto 4px;border-radius:6px;background:rgba(255,255,255,.25)}
.taskbar{display:flex;align-items:center;gap:10px;padding:6px 10px;background:#1b1b1b;color:#eee;font-size:13px}
.taskbar .start{padding:2px 10px;border-radius:4px;background:#e95420;color:#fff}.taskbar time{margin-left:auto}
`;

const APP_CSS = `
.ide{flex:1;display:grid;grid-template-columns:200px 1fr;grid-template-rows:auto 1fr}
.menu{grid-column:1/3;display:flex;gap:16px;padding:6px 12px;background:#f3f3f3;border-bottom:1px solid #ddd}
.side{background:#fafafa;border-right:1px solid #ddd;padding:10px;color:#444}
.side li{list-style:none;padding:2px 0}.side ul{margin:0;padding:0}
.work{padding:14px}.cell{border:1px solid #ddd;border-left:4px solid #1976d2;border-radius:4px;padding:8px 10px;margin-bottom:10px;font-family:ui-monospace,Menlo,monospace;background:#fff;white-space:pre-wrap}
.cell .out{color:#555;margin-top:6px}
`;

// A few lines of make-believe work per kind of application.
const SAMPLES: { match: RegExp; files: string[]; cells: [string, string?][] }[] = [
  {
    match: /rstudio/i,
    files: ['data/', 'R/', 'analysis.R', 'report.Rmd'],
    cells: [
      ['samples <- read.csv("data/samples.csv")\nsummary(samples$dose)', 'Min. 0.10  Median 2.40  Max. 9.80'],
      ['ggplot(samples, aes(dose, response)) + geom_point()'],
    ],
  },
  {
    match: /codium|code/i,
    files: ['src/', 'tests/', 'main.py', 'README.md'],
    cells: [
      ['def simulate(steps: int) -> list[float]:\n    return [step * 0.5 for step in range(steps)]'],
      ['$ python -m pytest', '12 passed in 0.84s'],
    ],
  },
  {
    match: /scilab/i,
    files: ['scripts/', 'model.sce', 'results.csv'],
    cells: [
      ['t = linspace(0, 10, 101);\ny = exp(-t) .* sin(2*%pi*t);', 'y  = [1x101 constant]'],
      ['plot(t, y)'],
    ],
  },
  {
    match: /./,
    files: ['data/', 'notebooks/', 'analysis.ipynb', 'README.md'],
    cells: [
      ['import pandas as pd\ndf = pd.read_csv("data/samples.csv")', '[1] 1,024 rows × 12 columns'],
      ['df.describe()'],
    ],
  },
];

function page(title: string, css: string, body: string, script?: { nonce: string }): string {
  const js = script ? `<script nonce="${escapeHtml(script.nonce)}">${CLIENT_SCRIPT}</script>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${BASE_CSS}${css}</style></head>
<body>${body}${js}</body></html>
`;
}

// What the DCV web client does that the shell must cope with. Its state is shown in
// data-* attributes of #dcv-client so tests can read it.
const CLIENT_SCRIPT = `
(() => {
  const el = document.getElementById('dcv-client');
  const set = (k, v) => el.setAttribute('data-' + k, String(v));
  const token = new URLSearchParams(location.search).get('authToken') || '';
  const display = new URLSearchParams(location.search).get('display') || '1';
  set('display', display);
  let ws;
  const connect = () => {
    set('ws', 'connecting');
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?authToken=' + encodeURIComponent(token));
    ws.onopen = () => set('ws', 'open');
    ws.onmessage = (m) => set('server', JSON.parse(m.data).type);
    ws.onclose = (e) => set('ws', 'closed:' + e.code);
  };
  connect();
  window.addEventListener('beforeunload', (e) => {
    if (el.getAttribute('data-guard') !== 'on') return;
    e.preventDefault();
    e.returnValue = '';
  });
  set('guard', 'on');
  document.getElementById('dcv-display-2').addEventListener('click', () => {
    const w = window.open(location.origin + '/?display=2&authToken=' + encodeURIComponent(token) + location.hash, 'dcv-display-2', 'popup,width=800,height=600');
    set('display-2', w ? 'opened' : 'refused');
  });
  document.getElementById('dcv-clipboard').addEventListener('click', async () => {
    try {
      await navigator.clipboard.readText();
      set('clipboard', 'granted');
    } catch (err) {
      set('clipboard', 'denied');
    }
  });
  // File storage, after DCV's: a list with download links, uploads from the picker and drops.
  const list = document.getElementById('dcv-file-list');
  const q = '?authToken=' + encodeURIComponent(token);
  const refresh = async () => {
    const files = await (await fetch('/files' + q)).json();
    list.replaceChildren(...files.map((f) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '/files/' + encodeURIComponent(f.name) + q;
      a.download = f.name;
      a.textContent = f.name;
      li.append(a, ' (' + f.size + ' bytes)');
      return li;
    }));
    set('files', files.length);
  };
  const upload = async (fileList, how) => {
    for (const f of Array.from(fileList)) {
      const r = await fetch('/files/' + encodeURIComponent(f.name) + q, { method: 'PUT', body: f });
      set('upload', (r.ok ? 'done:' : 'failed:') + how + ':' + f.name);
    }
    await refresh();
  };
  document.getElementById('dcv-upload').addEventListener('change', (e) => void upload(e.target.files, 'picker'));
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) void upload(e.dataTransfer.files, 'drop');
  });
  void refresh();
  if (navigator.permissions) navigator.permissions.query({ name: 'clipboard-read' }).then((p) => set('clipboard-permission', p.state), () => set('clipboard-permission', 'unsupported'));
})();
`;

const CLIENT_BAR = `<div id="dcv-client" class="bar" style="background:#37475a"><button id="dcv-display-2" type="button">Add display</button><button id="dcv-clipboard" type="button">Paste from local clipboard</button></div>
<section id="dcv-files" aria-label="File storage" style="padding:6px 10px;background:#f3f3f3;font-size:13px"><b>File storage</b>
<label style="margin-left:8px">Upload files <input id="dcv-upload" type="file" multiple></label>
<span id="dcv-drop" style="margin-left:8px;color:#555">or drop files onto the window</span>
<ul id="dcv-file-list" aria-label="Files in the session storage" style="margin:4px 0 0;padding-left:18px"></ul></section>`;

/** The session page: a faux IDE for the application session, a faux desktop for the desktop one. */
export function sessionPage(opts: {
  computer: string;
  region: string;
  kind: 'app' | 'desktop';
  app: string;
  sessionName: string;
  client?: { nonce: string };
}): string {
  const computer = escapeHtml(opts.computer);
  const app = escapeHtml(opts.app);
  const region = escapeHtml(opts.region);
  const header = (label: string) =>
    `<header class="bar"><b id="dcv-computer">${computer}</b><span id="dcv-kind">${label}</span><span>${region}</span><span class="pill">Connected</span></header>`;
  if (opts.kind === 'desktop') {
    return page(
      `${opts.computer} — Desktop session`,
      DESKTOP_CSS,
      `<main id="dcv" data-computer="${computer}" data-region="${region}" data-kind="desktop" data-session="${escapeHtml(opts.sessionName)}">
${header('Desktop session')}${opts.client ? CLIENT_BAR : ''}
<section class="desk" aria-label="Desktop"><div class="icons"><div><span></span>Home</div><div><span></span>${app}</div><div><span></span>Terminal</div><div><span></span>Trash</div></div></section>
<footer class="taskbar"><span class="start">Activities</span><span>Files</span><span>${app}</span><span>Terminal</span><time>12:00</time></footer>
</main>`,
      opts.client,
    );
  }
  const sample = SAMPLES.find((x) => x.match.test(opts.app)) ?? SAMPLES[SAMPLES.length - 1]!;
  const files = sample.files.map((f) => `<li>${f.endsWith('/') ? '▸' : '·'} ${escapeHtml(f)}</li>`).join('');
  const cells = sample.cells
    .map(
      ([code, out]) =>
        `<div class="cell">${escapeHtml(code)}${out ? `<div class="out">${escapeHtml(out)}</div>` : ''}</div>`,
    )
    .join('');
  return page(
    `${opts.computer} — Application session (${opts.app})`,
    APP_CSS,
    `<main id="dcv" data-computer="${computer}" data-region="${region}" data-kind="app" data-app="${app}" data-session="${escapeHtml(opts.sessionName)}">
${header(`Application session — <span id="dcv-app">${app}</span>`)}${opts.client ? CLIENT_BAR : ''}
<section class="ide" aria-label="${app}"><nav class="menu"><span>File</span><span>Edit</span><span>View</span><span>Run</span><span>Help</span></nav>
<aside class="side"><ul>${files}</ul></aside>
<div class="work">${cells}</div></section>
</main>`,
    opts.client,
  );
}

/** The page served for a wrong, expired or stopped session's link. */
export function refusedPage(): string {
  return page(
    'Session link expired or invalid',
    '.msg{margin:auto;max-width:420px;text-align:center;color:#333}',
    `<main id="dcv-refused" data-refused="true"><header class="bar"><b>Amazon DCV</b></header><div class="msg"><h1>Session link expired or invalid</h1><p>Ask the launcher for a new session link.</p></div></main>`,
  );
}
/** Response headers for the stand-in DCV pages: nothing external, nothing cached; only our own script and WebSocket. */
export function dcvPageHeaders(client?: { nonce: string }): Record<string, string> {
  const script = client ? `; script-src 'nonce-${client.nonce}'; connect-src 'self'` : '';
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'${script}`,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  };
}
