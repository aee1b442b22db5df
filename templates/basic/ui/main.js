// The Alga host and this page talk with postMessage envelopes:
// `{ alga: true, version: "1", type, payload }`. Scripts must be files (the host's CSP
// forbids inline scripts).
const status = document.getElementById("status");
const tokensView = document.getElementById("tokens");
let tokens = {};

function post(type, payload) {
  window.parent.postMessage({ alga: true, version: "1", type, payload }, "*");
}

function reportHeight() {
  post("resize", { height: document.documentElement.scrollHeight });
}

window.addEventListener("message", (event) => {
  const msg = event.data;
  if (!msg || msg.alga !== true || msg.version !== "1") return;
  if (msg.type === "theme") {
    tokens = msg.payload || {};
    for (const [name, value] of Object.entries(tokens)) {
      document.documentElement.style.setProperty(name, String(value));
    }
    status.textContent = "Connected to the host.";
  }
});

document.getElementById("theme").addEventListener("click", () => {
  tokensView.hidden = !tokensView.hidden;
  tokensView.textContent = JSON.stringify(tokens, null, 2);
  reportHeight();
});

post("ready", {});
reportHeight();
