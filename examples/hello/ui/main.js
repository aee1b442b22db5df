// Talks to the Alga host with the postMessage envelope `{alga: true, version: "1", type, payload}`.
const status = document.getElementById("status");

function post(type, payload) {
  window.parent.postMessage({ alga: true, version: "1", type, payload }, "*");
}

window.addEventListener("message", (event) => {
  const msg = event.data;
  if (!msg || msg.alga !== true || msg.version !== "1") return;
  if (msg.type === "theme") {
    for (const [name, value] of Object.entries(msg.payload || {})) {
      document.documentElement.style.setProperty(name, String(value));
    }
    status.textContent = "Connected to the host.";
  }
});

post("ready", {});
post("resize", { height: document.body.scrollHeight });
