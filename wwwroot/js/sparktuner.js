// The app's only JS module besides Plotly.Blazor's: clipboard, file download, the remembered theme and deferred charts.
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (insecure origin, no permission): fall back to a hidden textarea.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

export function downloadText(fileName, text, mime) {
  const blob = new Blob([text], { type: mime || "text/plain" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The theme choice lives in a cookie so the server renders the right theme from the first paint.
export function saveTheme(name) {
  document.cookie = `sparktuner-theme=${name === "dark" ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
}

// Charts are drawn only when they come within half a viewport of the visible area (Charts:DrawWhenVisibleAboveTraces):
// Plotly's SVG drawing of every chart at once held the browser's main thread for about 1 s on the demo page, and for
// seconds with thousands of lines.
const observers = new WeakMap();

export function observeVisible(element, dotnetRef) {
  if (!element || observers.has(element)) return;
  const notify = () => dotnetRef.invokeMethodAsync("BecameVisible").catch(() => { });
  if (!("IntersectionObserver" in window)) { notify(); return; }
  const io = new IntersectionObserver((entries) => {
    if (entries.some(e => e.isIntersecting)) {
      io.disconnect();
      observers.delete(element);
      notify();
    }
  }, { rootMargin: "50% 0px" });
  io.observe(element);
  observers.set(element, io);
}

export function unobserve(element) {
  const io = element && observers.get(element);
  if (io) { io.disconnect(); observers.delete(element); }
}
