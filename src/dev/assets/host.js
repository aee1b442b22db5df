// The dev host page: embeds the extension's iframe like the Alga shell does and answers its
// postMessage calls (`ready` -> `theme`, `resize`, `apiproxy` -> `apiproxy_response`).
(function () {
  const config = JSON.parse(document.getElementById("alga-config").textContent);
  const iframe = document.getElementById("ext");
  const logList = document.getElementById("log");
  const statusEl = document.getElementById("status");
  const errorEl = document.getElementById("error");
  const toggle = document.getElementById("theme-toggle");
  let theme = "light";
  let uiHash = config.uiHash;
  // The extension UI has an origin of its own (another port), as the Runner's domain does in
  // production: messages go only to it and are taken only from it.
  const uiOrigin = `${location.protocol}//${location.hostname}:${config.uiPort}`;

  const THEMES = {
    light: { "--alga-primary": "#6d28d9", "--alga-primary-foreground": "#ffffff", "--alga-primary-light": "#8b5cf6", "--alga-primary-dark": "#5b21b6", "--alga-primary-50": "#f5f3ff", "--alga-primary-100": "#ede9fe", "--alga-secondary": "#0ea5e9", "--alga-secondary-foreground": "#ffffff", "--alga-secondary-light": "#38bdf8", "--alga-accent": "#f97316", "--alga-accent-foreground": "#ffffff", "--alga-danger": "#dc2626", "--alga-danger-dark": "#991b1b", "--alga-fg": "#0f172a", "--alga-muted-fg": "#64748b", "--alga-border": "#e2e8f0", "--alga-border-light": "#f1f5f9", "--alga-bg": "#ffffff", "--alga-card-bg": "#ffffff", "--alga-muted": "#f1f5f9", "--alga-row-even": "#ffffff", "--alga-row-odd": "#f8fafc", "--alga-row-hover": "#f1f5f9", "--alga-primary-soft": "#ede9fe", "--alga-primary-soft-fg": "#5b21b6", "--alga-primary-soft-hover": "#ddd6fe", "--alga-primary-border": "#c4b5fd", "--alga-success": "#16a34a", "--alga-warning": "#d97706", "--alga-radius": "8px", "--alga-ring": "0 0% 0%" },
    dark: { "--alga-primary": "#a78bfa", "--alga-primary-foreground": "#0b1120", "--alga-primary-light": "#c4b5fd", "--alga-primary-dark": "#7c3aed", "--alga-primary-50": "#1e1b4b", "--alga-primary-100": "#312e81", "--alga-secondary": "#38bdf8", "--alga-secondary-foreground": "#0b1120", "--alga-secondary-light": "#7dd3fc", "--alga-accent": "#fb923c", "--alga-accent-foreground": "#0b1120", "--alga-danger": "#f87171", "--alga-danger-dark": "#dc2626", "--alga-fg": "#e2e8f0", "--alga-muted-fg": "#94a3b8", "--alga-border": "#1f2937", "--alga-border-light": "#111827", "--alga-bg": "#0b1120", "--alga-card-bg": "#111827", "--alga-muted": "#1f2937", "--alga-row-even": "#111827", "--alga-row-odd": "#0f172a", "--alga-row-hover": "#1f2937", "--alga-primary-soft": "#312e81", "--alga-primary-soft-fg": "#c4b5fd", "--alga-primary-soft-hover": "#3730a3", "--alga-primary-border": "#4c1d95", "--alga-success": "#4ade80", "--alga-warning": "#fbbf24", "--alga-radius": "8px", "--alga-ring": "0 0% 100%" },
  };

  function frameSrc() {
    const params = new URLSearchParams({ path: "/", tenant: config.tenant, extensionId: config.extensionId, parentOrigin: location.origin });
    return `${uiOrigin}/ext-ui/${encodeURIComponent(config.extensionId)}/${encodeURIComponent(uiHash)}/index.html?${params}`;
  }

  function send(type, payload, requestId) {
    const msg = { alga: true, version: "1", type, payload };
    if (requestId) msg.request_id = requestId;
    iframe.contentWindow && iframe.contentWindow.postMessage(msg, uiOrigin);
  }

  function sendTheme() {
    send("theme", THEMES[theme]);
  }

  function toBase64(bytes) {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }

  async function apiproxy(msg) {
    const payload = msg.payload || {};
    const method = (payload.method || "POST").toUpperCase();
    if (!["GET", "POST", "PUT", "PATCH", "DELETE"].includes(method)) {
      send("apiproxy_response", { error: `Unsupported method ${method}` }, msg.request_id);
      return;
    }
    let route = String(payload.route || "/");
    if (!route.startsWith("/")) route = "/" + route;
    // Shows alga dev this is its own page (a header other sites' pages cannot send).
    const init = { method, headers: { "x-alga-client": "host-page" } };
    if (method !== "GET" && payload.body) {
      init.headers["content-type"] = "application/octet-stream";
      init.body = Uint8Array.from(atob(payload.body), (c) => c.charCodeAt(0));
    }
    try {
      const resp = await fetch(`/api/ext-proxy/${encodeURIComponent(config.extensionId)}${route}`, init);
      const bytes = new Uint8Array(await resp.arrayBuffer());
      if (!resp.ok) {
        send("apiproxy_response", { error: `Proxy error ${resp.status}: ${new TextDecoder().decode(bytes)}` }, msg.request_id);
      } else {
        send("apiproxy_response", { body: toBase64(bytes) }, msg.request_id);
      }
    } catch (e) {
      send("apiproxy_response", { error: String(e && e.message ? e.message : e) }, msg.request_id);
    }
  }

  window.addEventListener("message", (ev) => {
    if (ev.source !== iframe.contentWindow || ev.origin !== uiOrigin) return;
    const msg = ev.data;
    if (!msg || typeof msg.type !== "string") return;
    if (msg.type === "ready") {
      statusEl.textContent = "ready";
      statusEl.className = "status ok";
      sendTheme();
    } else if (msg.type === "resize" && msg.payload && typeof msg.payload.height === "number") {
      iframe.style.height = Math.min(4000, Math.max(100, Math.floor(msg.payload.height))) + "px";
    } else if (msg.type === "apiproxy" && msg.request_id) {
      apiproxy(msg);
    }
  });

  toggle.addEventListener("click", () => {
    theme = theme === "light" ? "dark" : "light";
    document.documentElement.dataset.theme = theme;
    toggle.textContent = theme === "light" ? "Dark" : "Light";
    sendTheme();
  });

  function addLog(e) {
    const li = document.createElement("li");
    li.className = e.level;
    const rid = (e.request_id || "-").slice(0, 8);
    li.textContent = `${new Date().toLocaleTimeString()} [${rid}] ${e.level} ${e.message}`;
    logList.appendChild(li);
    while (logList.children.length > 500) logList.removeChild(logList.firstChild);
    li.scrollIntoView({ block: "nearest" });
  }

  const events = new EventSource("/_alga/events");
  events.addEventListener("log", (ev) => addLog(JSON.parse(ev.data)));
  // A rebuild of the handler started; the old one answers until the new one is live.
  events.addEventListener("rebuilding", (ev) => {
    const data = JSON.parse(ev.data);
    statusEl.textContent = `rebuilding ${data.part === "handler" ? "handler" : "extension"}…`;
    statusEl.className = "status busy";
  });
  events.addEventListener("notice", (ev) => {
    statusEl.textContent = String(JSON.parse(ev.data).message || "");
    statusEl.className = "status";
  });
  events.addEventListener("reload", (ev) => {
    const data = JSON.parse(ev.data);
    errorEl.hidden = true;
    if (data.uiHash && data.uiHash !== uiHash) uiHash = data.uiHash;
    if (config.hasUi) {
      statusEl.textContent = "reloading…";
      statusEl.className = "status";
      iframe.src = frameSrc();
    } else {
      statusEl.textContent = "handler reloaded";
      statusEl.className = "status ok";
    }
  });
  events.addEventListener("build-error", (ev) => {
    errorEl.textContent = JSON.parse(ev.data).message;
    errorEl.hidden = false;
    statusEl.textContent = "build failed (serving the last good build)";
    statusEl.className = "status bad";
  });

  if (config.hasUi) {
    iframe.src = frameSrc();
  } else {
    iframe.hidden = true;
    document.getElementById("no-ui").hidden = false;
    statusEl.textContent = "handler only";
    document.getElementById("console").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const method = document.getElementById("console-method").value;
      const path = document.getElementById("console-path").value;
      const body = document.getElementById("console-body").value;
      const resp = await fetch(`/api/ext/${encodeURIComponent(config.extensionId)}${path}`, {
        method,
        headers: { "x-alga-client": "host-page" },
        body: method === "GET" ? undefined : body,
      });
      document.getElementById("console-out").textContent = `${resp.status}\n${await resp.text()}`;
    });
  }
})();
