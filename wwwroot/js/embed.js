// SparkTuner's embedded views (/embed/*) tell the page that frames them how tall their content is, so that page (the
// OpenShift console plugin) sizes the frame to fit and no inner scrollbar appears. Message:
//   { type: "sparktuner:height", height: <CSS pixels, integer>, path: <location.pathname> }
// Sent to any origin ("*"): who may frame the view at all is decided by CSP frame-ancestors (Embedding:FrameAncestors),
// and the height of a page is no secret.
(function () {
  if (window.parent === window) return;
  var last = -1;
  function measure() {
    var root = document.getElementById("embed-root");
    var h = root ? root.getBoundingClientRect().bottom + window.scrollY : document.documentElement.scrollHeight;
    return Math.ceil(h);
  }
  function post() {
    var h = measure();
    if (h === last) return;
    last = h;
    window.parent.postMessage({ type: "sparktuner:height", height: h, path: location.pathname }, "*");
  }
  function start() {
    post();
    if (typeof ResizeObserver === "function") {
      var observer = new ResizeObserver(post);
      observer.observe(document.body);
      // The root is replaced when Blazor re-renders the layout: watch whichever is current.
      var watched = null;
      new MutationObserver(function () {
        var root = document.getElementById("embed-root");
        if (root && root !== watched) { if (watched) observer.unobserve(watched); observer.observe(root); watched = root; }
        post();
      }).observe(document.body, { childList: true, subtree: true });
    } else {
      setInterval(post, 500);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
