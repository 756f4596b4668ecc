/* wagtail_analytics read beacon: counts a read once the page has been visible for the dwell
   time. No framework, no cookies set, nothing sent while prerendering or in a background tab.
   Markup: <span data-wa-read-token="..." data-wa-read-url="/api/analytics/reads/"
   data-wa-dwell="0">. */
(function () {
  "use strict";

  function send(el) {
    var url = el.getAttribute("data-wa-read-url");
    var token = el.getAttribute("data-wa-read-token");
    if (!url || !token || el.hasAttribute("data-wa-read-sent")) {
      return;
    }
    el.setAttribute("data-wa-read-sent", "");
    var body = JSON.stringify({ token: token });
    // text/plain keeps the request "simple": no CORS preflight, works from any front end.
    if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: "text/plain" }))) {
      return;
    }
    if (window.fetch) {
      window.fetch(url, {
        method: "POST",
        body: body,
        headers: { "Content-Type": "text/plain" },
        keepalive: true,
        credentials: "same-origin"
      }).catch(function () {});
    }
  }

  function watch(el) {
    var dwell = Math.max(0, parseFloat(el.getAttribute("data-wa-dwell") || "0")) * 1000;
    var timer = null;
    function check() {
      var visible = document.visibilityState === "visible" && !document.prerendering;
      if (!visible) {
        if (timer) {
          window.clearTimeout(timer);
          timer = null;
        }
        return;
      }
      if (!timer && !el.hasAttribute("data-wa-read-sent")) {
        timer = window.setTimeout(function () { send(el); }, dwell);
      }
    }
    document.addEventListener("visibilitychange", check);
    document.addEventListener("prerenderingchange", check);
    check();
  }

  function init() {
    var elements = document.querySelectorAll("[data-wa-read-token]");
    for (var i = 0; i < elements.length; i++) {
      watch(elements[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
