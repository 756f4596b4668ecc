/* wagtail_analytics comment form: live "You can enter N characters" and in-place sending.
   Counts user-perceived characters with Intl.Segmenter, like the server. Without
   JavaScript the form posts and redirects; with it, it posts JSON to the API and keeps
   the reader's text whenever the comment is refused. */
(function () {
  "use strict";

  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  function normalise(text) {
    text = text.replace(/\r\n?/g, "\n");
    return text.normalize ? text.normalize("NFC") : text;
  }

  function length(text) {
    text = normalise(text);
    if (segmenter) {
      var n = 0;
      var iterator = segmenter.segment(text)[Symbol.iterator]();
      while (!iterator.next().done) {
        n++;
      }
      return n;
    }
    return Array.from(text).length;
  }

  function counterText(counter, remaining) {
    if (remaining < 0) {
      return counter.getAttribute("data-wa-too-long").replace("__N__", String(-remaining));
    }
    var lang = document.documentElement.lang || undefined;
    var category = "other";
    try {
      category = new Intl.PluralRules(lang).select(remaining);
    } catch (e) {
      category = remaining === 1 ? "one" : "other";
    }
    var template = counter.getAttribute("data-wa-plural-" + category) ||
      counter.getAttribute("data-wa-plural-other");
    return template.replace("__N__", String(remaining));
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function setup(form) {
    var textarea = form.querySelector("textarea[data-wa-max-length]");
    var counter = form.querySelector("[data-wa-counter]");
    var error = form.querySelector("[data-wa-error]");
    var button = form.querySelector("button[type=submit]");
    var max = parseInt(textarea.getAttribute("data-wa-max-length"), 10);

    function update() {
      var remaining = max - length(textarea.value);
      counter.textContent = counterText(counter, remaining);
      counter.classList.toggle("wa-comment-form__counter--over", remaining < 0);
      textarea.setAttribute("aria-invalid", remaining < 0 ? "true" : "false");
    }
    textarea.addEventListener("input", update);
    update();

    function showError(message) {
      error.textContent = message;
      error.hidden = !message;
    }

    function showNotice(message) {
      var section = form.closest(".wa-comments");
      var notice = section.querySelector(".wa-notice");
      if (!notice) {
        notice = document.createElement("p");
        notice.className = "wa-notice";
        notice.setAttribute("role", "status");
        section.insertBefore(notice, section.children[1] || null);
      }
      notice.textContent = message;
    }

    form.addEventListener("submit", function (event) {
      var url = form.getAttribute("data-wa-api-url");
      if (!url || !window.fetch) {
        return; // plain form post
      }
      event.preventDefault();
      var honeypot = form.getAttribute("data-wa-honeypot");
      var payload = {
        author_name: form.elements.author_name.value,
        email: form.elements.email.value,
        body: textarea.value,
        ticket: form.elements.ticket.value
      };
      payload[honeypot] = form.elements[honeypot] ? form.elements[honeypot].value : "";
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      var token = csrfToken();
      if (token) {
        headers["X-CSRFToken"] = token;
      }
      button.disabled = true;
      showError("");
      window.fetch(url, {
        method: "POST",
        headers: headers,
        body: JSON.stringify(payload),
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      }).then(function (result) {
        button.disabled = false;
        if (result.status === 201) {
          if (result.data.status === "published") {
            window.location.assign(window.location.pathname + "?comment=published#wa-comment-" + result.data.id);
            return;
          }
          textarea.value = "";
          update();
          showNotice(result.data.message);
          return;
        }
        showError(result.data.message || "");
        textarea.focus();
      }).catch(function () {
        button.disabled = false;
        form.submit(); // the network or the API failed: fall back to the plain post
      });
    });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-wa-comment-form]");
    for (var i = 0; i < forms.length; i++) {
      setup(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
