import { useEffect, useState } from "react";
import { callHandler, onTheme, resize } from "./bridge";

type Item = { id: number; text: string };

export function App() {
  const [items, setItems] = useState<Item[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [dark, setDark] = useState(false);

  useEffect(() => {
    onTheme((tokens) => setDark(isDark(tokens["--alga-bg"])));
    callHandler<{ items: Item[] }>("/api/items")
      .then((r) => setItems(r.items))
      .catch((e) => setError(String(e.message ?? e)));
  }, []);

  useEffect(() => {
    resize(document.documentElement.scrollHeight);
  }, [items, error]);

  async function add(event: React.FormEvent) {
    event.preventDefault();
    try {
      const r = await callHandler<{ items: Item[] }>("/api/items", { method: "POST", body: { text } });
      setItems(r.items);
      setText("");
      setError(null);
    } catch (e: any) {
      setError(String(e.message ?? e));
    }
  }

  return (
    <main className={dark ? "dark" : "light"}>
      <h1>{document.title}</h1>
      <form onSubmit={add}>
        <input id="item-text" value={text} onChange={(e) => setText(e.target.value)} placeholder="New item" />
        <button id="add-item" type="submit" disabled={!text.trim()}>
          Add
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      <ul id="items">
        {items.map((item) => (
          <li key={item.id}>{item.text}</li>
        ))}
      </ul>
    </main>
  );
}

function isDark(color?: string) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color ?? "");
  if (!m) return false;
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}
