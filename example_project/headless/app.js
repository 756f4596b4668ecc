/* Headless demo front end of the example news site.

   Plain JavaScript, no build step, no framework, nothing loaded from another host. It uses
   only the CMS's public APIs:
     GET  /api/analytics/news-feed/?limit=10              the news feed (home, sidebar)
     GET  /api/v2/pages/<id>/                               the article (Wagtail API v2)
     GET  /api/analytics/preview/?token=                    a draft, for an editor's preview
     POST /api/analytics/reads/                             the read beacon (text/plain)
     GET  /api/analytics/articles/<id>/comments/            published comments
     GET  /api/analytics/articles/<id>/discussion/          rules, ticket, honeypot, limit
     POST /api/analytics/articles/<id>/comments/            a new comment (JSON)

   The CMS base URL is, in order: the `?cms=` query parameter, <meta name="cms-url">, or
   http://127.0.0.1:8000. Dates are shown in the browser's local time zone. */
(function () {
  "use strict";

  var DEFAULT_CMS = "http://127.0.0.1:8000";
  var FEED_LIMIT = 10;
  var COMMENTS_LIMIT = 50;

  // ---- configuration -------------------------------------------------------------------

  var params = new URLSearchParams(window.location.search);

  function httpOrigin(value) {
    if (!value) {
      return null;
    }
    try {
      var url = new URL(value, window.location.href);
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return null;
      }
      return url.origin + url.pathname.replace(/\/+$/, "");
    } catch (e) {
      return null;
    }
  }

  function cmsBase() {
    var fromQuery = httpOrigin(params.get("cms"));
    if (fromQuery) {
      return fromQuery;
    }
    var meta = document.querySelector('meta[name="cms-url"]');
    return httpOrigin(meta && meta.getAttribute("content")) || DEFAULT_CMS;
  }

  var CMS = cmsBase();

  function api(path) {
    return CMS + path;
  }

  // A link to a page of this front end that keeps an explicit ?cms= choice.
  function localHref(page, extra) {
    var query = new URLSearchParams(extra || {});
    if (params.get("cms")) {
      query.set("cms", params.get("cms"));
    }
    var qs = query.toString();
    return page + (qs ? "?" + qs : "");
  }

  // ---- helpers -------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function getJSON(path) {
    return window.fetch(api(path), {
      headers: { Accept: "application/json" },
      credentials: "omit"
    }).then(function (response) {
      return response.json().catch(function () {
        return {};
      }).then(function (data) {
        if (!response.ok) {
          var error = new Error((data && data.message) || "HTTP " + response.status);
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function parseDate(value) {
    if (!value) {
      return null;
    }
    var date = new Date(value);
    return isNaN(date.getTime()) ? null : date;
  }

  // The reference page's compact form, dd.mm.yy HH:MM, in the browser's local time.
  function formatDateTime(value) {
    var d = parseDate(value);
    if (!d) {
      return "";
    }
    return pad(d.getDate()) + "." + pad(d.getMonth() + 1) + "." + pad(d.getFullYear() % 100) +
      " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  // Sidebar times: HH:MM today, dd.mm.yy before.
  function formatShort(value) {
    var d = parseDate(value);
    if (!d) {
      return "";
    }
    var now = new Date();
    if (d.toDateString() === now.toDateString()) {
      return pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
    return pad(d.getDate()) + "." + pad(d.getMonth() + 1) + "." + pad(d.getFullYear() % 100);
  }

  function timeElement(value, formatter, className) {
    var node = el("time", className, formatter(value));
    var d = parseDate(value);
    if (d) {
      node.dateTime = d.toISOString();
    }
    return node;
  }

  function showStatus(message, isError) {
    var status = document.querySelector("[data-status]");
    if (!status) {
      return;
    }
    status.textContent = message || "";
    status.hidden = !message;
    status.classList.toggle("status--error", Boolean(isError));
    status.setAttribute("role", isError ? "alert" : "status");
  }

  // ---- URL and HTML sanitising ---------------------------------------------------------

  // http(s) and relative URLs only; relative ones point into the CMS.
  function safeUrl(value) {
    if (typeof value !== "string") {
      return null;
    }
    // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    var cleaned = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
    if (!cleaned) {
      return null;
    }
    var scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
    if (scheme && !/^https?$/i.test(scheme[1])) {
      return null;
    }
    try {
      var url = new URL(value.trim(), CMS + "/");
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  var ALLOWED_TAGS = {
    P: true, A: true, STRONG: true, B: true, EM: true, I: true, UL: true, OL: true, LI: true,
    H2: true, H3: true, BR: true, HR: true
  };
  // Dropped with everything inside them; other unknown elements are unwrapped (text kept).
  var DROPPED_TAGS = {
    SCRIPT: true, STYLE: true, TEMPLATE: true, IFRAME: true, FRAME: true, FRAMESET: true,
    OBJECT: true, EMBED: true, NOSCRIPT: true, NOEMBED: true, NOFRAMES: true, SVG: true,
    MATH: true, TEXTAREA: true, SELECT: true, BUTTON: true, INPUT: true, FORM: true,
    TITLE: true, HEAD: true, META: true, LINK: true, BASE: true, AUDIO: true, VIDEO: true,
    CANVAS: true, IMG: true, PICTURE: true, SOURCE: true, XMP: true, PLAINTEXT: true
  };

  function copyChildren(from, to) {
    for (var child = from.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        to.appendChild(document.createTextNode(child.nodeValue));
      } else if (child.nodeType === 1) {
        var tag = child.nodeName.toUpperCase();
        if (DROPPED_TAGS[tag]) {
          continue;
        }
        if (ALLOWED_TAGS[tag] && child.namespaceURI === "http://www.w3.org/1999/xhtml") {
          var copy = document.createElement(tag.toLowerCase());
          if (tag === "A") {
            var href = safeUrl(child.getAttribute("href"));
            if (href) {
              copy.setAttribute("href", href);
            }
          }
          if (tag !== "BR" && tag !== "HR") {
            copyChildren(child, copy);
          }
          to.appendChild(copy);
        } else {
          copyChildren(child, to); // unwrap: keep the (sanitised) content, drop the element
        }
      }
      // comments, processing instructions and the like are dropped
    }
  }

  // Untrusted HTML into a fragment of new, allowlisted elements. The markup is parsed in an
  // inert <template> (no scripts run, no images load) and never inserted as is.
  function sanitise(html) {
    var template = document.createElement("template");
    template.innerHTML = typeof html === "string" ? html : "";
    var fragment = document.createDocumentFragment();
    copyChildren(template.content, fragment);
    return fragment;
  }

  function isBlank(fragment) {
    return !fragment.textContent.replace(/[\s\u00a0\u200b]+/g, "") &&
      !(fragment.querySelector && fragment.querySelector("hr"));
  }

  // ---- news feed -----------------------------------------------------------------------

  function loadFeed() {
    return getJSON("/api/analytics/news-feed/?limit=" + FEED_LIMIT).then(function (data) {
      return (data && Array.isArray(data.items)) ? data.items : [];
    });
  }

  function renderSideFeed(items, currentId) {
    var list = document.querySelector("[data-side-feed]");
    if (!list) {
      return;
    }
    list.textContent = "";
    items.forEach(function (item) {
      var li = el("li", "side-feed__item");
      li.appendChild(timeElement(item.published_at, formatShort, "side-feed__time"));
      var link = el("a", "side-feed__link", item.title);
      link.href = localHref("article.html", { id: item.id });
      if (String(item.id) === String(currentId)) {
        link.setAttribute("aria-current", "page");
      }
      li.appendChild(link);
      list.appendChild(li);
    });
    if (!items.length) {
      list.appendChild(el("li", "side-feed__item", "No news yet."));
    }
  }

  function renderHomeFeed(items) {
    var list = document.querySelector("[data-home-feed]");
    list.textContent = "";
    items.forEach(function (item) {
      var li = el("li", "feed__item");
      var meta = el("p", "feed__meta");
      meta.appendChild(timeElement(item.published_at, formatDateTime, "feed__time"));
      if (item.rubric && item.rubric.name) {
        meta.appendChild(el("span", "feed__rubric", item.rubric.name));
      }
      li.appendChild(meta);
      var heading = el("h2", "feed__headline");
      var link = el("a", null, item.title);
      link.href = localHref("article.html", { id: item.id });
      heading.appendChild(link);
      li.appendChild(heading);
      if (item.lead) {
        li.appendChild(el("p", "feed__lead", item.lead));
      }
      var stats = el("p", "feed__stats");
      if (typeof item.reads === "number") {
        stats.appendChild(el("span", null, "Read: " + item.reads));
      }
      if (typeof item.comment_count === "number") {
        stats.appendChild(el("span", null, "Comments: " + item.comment_count));
      }
      if (stats.childNodes.length) {
        li.appendChild(stats);
      }
      list.appendChild(li);
    });
    showStatus(items.length ? "" : "No articles have been published yet.");
  }

  function initHome() {
    loadFeed().then(function (items) {
      renderHomeFeed(items);
      renderSideFeed(items, null);
    }).catch(function (error) {
      showStatus("The news feed could not be loaded from " + CMS + " (" + error.message + ").", true);
    });
  }

  // ---- article -------------------------------------------------------------------------

  // Body image values: the rendition object {"image": {"url", "width", "height", "alt"},
  // "caption", "credit"}, or (older API) a bare image id, which has no URL to show.
  function renderImage(value) {
    var image = value && typeof value === "object" ? (value.image || value) : null;
    var src = image && typeof image === "object" ? safeUrl(image.url || image.full_url) : null;
    if (!src) {
      return null;
    }
    var figure = el("figure", "block-image");
    var img = document.createElement("img");
    img.src = src;
    img.alt = typeof image.alt === "string" ? image.alt : "";
    img.loading = "lazy";
    if (image.width && image.height) {
      img.width = image.width;
      img.height = image.height;
    }
    figure.appendChild(img);
    var caption = [value.caption, value.credit].filter(function (part) {
      return typeof part === "string" && part.trim();
    });
    if (caption.length) {
      var figcaption = el("figcaption");
      if (value.caption) {
        figcaption.appendChild(el("span", "block-image__caption", value.caption));
      }
      if (value.credit) {
        figcaption.appendChild(el("span", "block-image__credit", value.credit));
      }
      figure.appendChild(figcaption);
    }
    return figure;
  }

  function renderQuote(value) {
    var text = typeof value === "string" ? value : (value && value.quote);
    if (!text) {
      return null;
    }
    var figure = el("figure", "block-quote");
    var quote = el("blockquote");
    String(text).split(/\n{2,}/).forEach(function (part) {
      if (part.trim()) {
        quote.appendChild(el("p", null, part.trim()));
      }
    });
    figure.appendChild(quote);
    if (value && value.attribution) {
      figure.appendChild(el("figcaption", "block-quote__attribution", value.attribution));
    }
    return figure;
  }

  // Related article values: {"id", "title", "url", "rubric"}, or (older API) a bare page id.
  function renderRelated(value) {
    var id = value && typeof value === "object" ? value.id : value;
    if (id === null || id === undefined || id === "") {
      return null;
    }
    var aside = el("aside", "block-related");
    aside.setAttribute("aria-label", "Related article");
    var rubric = value && typeof value === "object" && value.rubric;
    if (rubric) {
      aside.appendChild(el("span", "block-related__rubric", typeof rubric === "string" ? rubric : rubric.name));
    }
    var link = el("a", "block-related__link",
      (value && typeof value === "object" && value.title) || "Related article");
    link.href = localHref("article.html", { id: id });
    aside.appendChild(link);
    if (!(value && value.title)) {
      // Only an id: fetch the headline through the same public API.
      getJSON("/api/v2/pages/" + encodeURIComponent(id) + "/").then(function (page) {
        if (page && page.title) {
          link.textContent = page.title;
        }
        if (page && page.rubric && page.rubric.name && !rubric) {
          aside.insertBefore(el("span", "block-related__rubric", page.rubric.name), link);
        }
      }).catch(function () {
        aside.remove();
      });
    }
    return aside;
  }

  function renderEmbed(value) {
    var url = safeUrl(typeof value === "string" ? value : value && value.url);
    if (!url) {
      return null;
    }
    // No third-party frames: a link to the embedded item.
    var p = el("p", "block-embed");
    var link = el("a", null, url);
    link.href = url;
    p.appendChild(link);
    return p;
  }

  function renderBlock(block) {
    if (!block || typeof block !== "object") {
      return null;
    }
    var value = block.value;
    switch (block.type) {
      case "paragraph": {
        var html = typeof value === "string" ? value : "";
        // Plain text (older shape) becomes paragraphs; HTML is sanitised.
        if (html && !/<[a-z!\/]/i.test(html)) {
          var wrap = document.createDocumentFragment();
          html.split(/\n{2,}/).forEach(function (part) {
            if (part.trim()) {
              wrap.appendChild(el("p", null, part.trim()));
            }
          });
          return wrap.childNodes.length ? wrap : null;
        }
        var fragment = sanitise(html);
        if (isBlank(fragment)) {
          return null; // empty spacer paragraphs never render
        }
        // Text outside any block element becomes a paragraph of its own.
        var out = document.createDocumentFragment();
        var loose = null;
        Array.prototype.slice.call(fragment.childNodes).forEach(function (node) {
          var isBlock = node.nodeType === 1 && /^(P|UL|OL|H2|H3|HR)$/.test(node.nodeName);
          if (isBlock) {
            loose = null;
            if (node.nodeName === "P" && isBlank(node)) {
              return;
            }
            out.appendChild(node);
          } else {
            if (!loose) {
              if (node.nodeType === 3 && !node.nodeValue.trim()) {
                return;
              }
              loose = el("p");
              out.appendChild(loose);
            }
            loose.appendChild(node);
          }
        });
        return out;
      }
      case "image":
        return renderImage(value);
      case "quote":
        return renderQuote(value);
      case "related_article":
        return renderRelated(value);
      case "embed":
        return renderEmbed(value);
      default:
        return null;
    }
  }

  function renderCover(page) {
    var cover = page.cover;
    var figure = document.querySelector("[data-cover]");
    var src = cover && typeof cover === "object" ? safeUrl(cover.url || cover.full_url) : null;
    if (!src) {
      figure.hidden = true;
      return;
    }
    var img = document.createElement("img");
    img.src = src;
    img.alt = typeof cover.alt === "string" ? cover.alt : "";
    if (cover.width && cover.height) {
      img.width = cover.width;
      img.height = cover.height;
    }
    figure.appendChild(img);
    if (page.cover_caption || page.cover_credit) {
      var figcaption = el("figcaption");
      if (page.cover_caption) {
        figcaption.appendChild(el("span", "block-image__caption", page.cover_caption));
      }
      if (page.cover_credit) {
        figcaption.appendChild(el("span", "block-image__credit", page.cover_credit));
      }
      figure.appendChild(figcaption);
    }
    figure.hidden = false;
  }

  function renderByline(page) {
    var byline = document.querySelector("[data-byline]");
    byline.textContent = "";
    if (typeof page.byline === "string" && page.byline.trim()) {
      byline.textContent = page.byline.trim();
    } else {
      var authors = Array.isArray(page.authors) ? page.authors : [];
      authors.forEach(function (author, index) {
        var name = author && (typeof author === "string" ? author : author.name);
        if (!name) {
          return;
        }
        if (byline.childNodes.length) {
          byline.appendChild(document.createTextNode(index === authors.length - 1 ? " and " : ", "));
        }
        var url = author && typeof author === "object" ? safeUrl(author.url) : null;
        var node;
        if (url) {
          node = el("a", "byline__author", name);
          node.href = url;
        } else {
          node = el("span", "byline__author", name);
        }
        byline.appendChild(node);
      });
    }
    byline.hidden = !byline.textContent;
  }

  function renderArticle(page) {
    document.title = page.title + " – headless demo";
    var rubric = document.querySelector("[data-rubric]");
    rubric.textContent = (page.rubric && page.rubric.name) || "";
    rubric.hidden = !rubric.textContent;
    document.querySelector("[data-headline]").textContent = page.title || "";
    var lead = document.querySelector("[data-lead]");
    lead.textContent = page.lead || "";
    lead.hidden = !page.lead;

    var date = document.querySelector("[data-date]");
    date.textContent = formatDateTime(page.published_at);
    var published = parseDate(page.published_at);
    if (published) {
      date.dateTime = published.toISOString();
    }
    var updated = document.querySelector("[data-updated]");
    var updatedAt = parseDate(page.updated_at);
    if (updatedAt && published && updatedAt - published > 60000) {
      updated.textContent = "Updated " + formatDateTime(page.updated_at);
      updated.hidden = false;
    }

    renderCover(page);
    var body = document.querySelector("[data-body]");
    body.textContent = "";
    (Array.isArray(page.body) ? page.body : []).forEach(function (block) {
      var node = renderBlock(block);
      if (node) {
        body.appendChild(node);
      }
    });
    renderByline(page);
    var reads = typeof page.reads === "number" ? page.reads : 0;
    document.querySelector("[data-reads]").textContent = "Read: " + reads;
    document.querySelector("[data-article]").hidden = false;
  }

  // ---- read beacon ---------------------------------------------------------------------

  // Once the page is visible (not prerendered, not a background tab), send the token once.
  function watchRead(token) {
    if (!token) {
      return;
    }
    var sent = false;
    function send() {
      if (sent) {
        return;
      }
      sent = true;
      var url = api("/api/analytics/reads/");
      var body = JSON.stringify({ token: token });
      // text/plain keeps the request "simple": no CORS preflight.
      if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: "text/plain" }))) {
        return;
      }
      window.fetch(url, {
        method: "POST",
        body: body,
        headers: { "Content-Type": "text/plain" },
        keepalive: true,
        credentials: "omit"
      }).catch(function () {});
    }
    function check() {
      if (document.visibilityState === "visible" && !document.prerendering) {
        send();
        document.removeEventListener("visibilitychange", check);
        document.removeEventListener("prerenderingchange", check);
      }
    }
    document.addEventListener("visibilitychange", check);
    document.addEventListener("prerenderingchange", check);
    check();
  }

  // ---- comments ------------------------------------------------------------------------

  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  // User-perceived characters after NFC, counted like the server.
  function graphemeLength(text) {
    text = String(text || "").replace(/\r\n?/g, "\n").normalize("NFC");
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

  function counterText(remaining) {
    if (remaining < 0) {
      return (-remaining) === 1 ? "1 character too many" : (-remaining) + " characters too many";
    }
    return remaining === 1 ? "You can enter 1 character" : "You can enter " + remaining + " characters";
  }

  function renderComments(data) {
    var list = document.querySelector("[data-comment-list]");
    list.textContent = "";
    var items = data && Array.isArray(data.items) ? data.items : [];
    items.forEach(function (comment) {
      var li = el("li", "comment");
      li.id = "comment-" + comment.id;
      var header = el("p", "comment__header");
      header.appendChild(el("span", "comment__author", comment.author_name || "Anonymous"));
      header.appendChild(timeElement(comment.created_at, formatDateTime, "comment__date"));
      li.appendChild(header);
      // Plain text: textContent only, line breaks kept by CSS (white-space: pre-line).
      li.appendChild(el("p", "comment__body", comment.body || ""));
      list.appendChild(li);
    });
    var count = data && typeof data.count === "number" ? data.count : items.length;
    document.querySelector("[data-comment-count]").textContent = count ? "(" + count + ")" : "";
    document.querySelector("[data-comments-empty]").hidden = items.length > 0;
  }

  function loadComments(id) {
    return getJSON("/api/analytics/articles/" + encodeURIComponent(id) + "/comments/?limit=" + COMMENTS_LIMIT)
      .then(renderComments)
      .catch(function () {
        renderComments({ items: [] });
      });
  }

  function setupForm(id, discussion) {
    var form = document.querySelector("[data-comment-form]");
    var textarea = form.elements.body;
    var counter = form.querySelector("[data-counter]");
    var error = form.querySelector("[data-form-error]");
    var notice = document.querySelector("[data-notice]");
    var button = form.querySelector("button[type=submit]");
    var honeypot = form.querySelector("[data-honeypot]");
    var honeypotName = discussion.honeypot_field || "website";
    var max = parseInt(discussion.max_length, 10) || 512;

    honeypot.name = honeypotName;
    form.querySelector("[data-ticket]").value = discussion.ticket || "";

    var rules = discussion.rules && discussion.rules.html;
    if (rules) {
      var fragment = sanitise(rules);
      if (!isBlank(fragment)) {
        document.querySelector("[data-rules-text]").appendChild(fragment);
        document.querySelector("[data-rules]").hidden = false;
      }
    }

    function update() {
      var remaining = max - graphemeLength(textarea.value);
      counter.textContent = counterText(remaining);
      counter.classList.toggle("counter--over", remaining < 0);
      textarea.setAttribute("aria-invalid", remaining < 0 ? "true" : "false");
    }
    textarea.addEventListener("input", update);
    update();

    function showError(message) {
      error.textContent = message || "";
      error.hidden = !message;
    }

    function showNotice(message) {
      notice.textContent = message || "";
      notice.hidden = !message;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var payload = {
        author_name: form.elements.author_name.value,
        email: form.elements.email.value,
        body: textarea.value,
        ticket: form.querySelector("[data-ticket]").value
      };
      payload[honeypotName] = honeypot.value;
      button.disabled = true;
      showError("");
      showNotice("");
      window.fetch(api("/api/analytics/articles/" + encodeURIComponent(id) + "/comments/"), {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
        credentials: "omit"
      }).then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (data) {
          return { status: response.status, data: data || {} };
        });
      }).then(function (result) {
        button.disabled = false;
        if (result.status === 201) {
          textarea.value = "";
          update();
          showNotice(result.data.message || "Thank you for your comment.");
          if (result.data.status === "published") {
            loadComments(id);
          }
          return;
        }
        var message = result.data.message || "The comment could not be sent (HTTP " + result.status + ").";
        if (result.data.retry_after) {
          message += " Try again in " + Math.ceil(result.data.retry_after) + " s.";
        }
        showError(message);
        textarea.focus();
      }).catch(function () {
        button.disabled = false;
        showError("The comment could not be sent: the site could not be reached. Your text is kept; please try again.");
      });
    });

    form.hidden = false;
  }

  function loadDiscussion(id) {
    return getJSON("/api/analytics/articles/" + encodeURIComponent(id) + "/discussion/").then(function (discussion) {
      if (!discussion || discussion.open === false) {
        document.querySelector("[data-comments-closed]").hidden = false;
        return;
      }
      setupForm(id, discussion);
    }).catch(function () {
      document.querySelector("[data-comments-closed]").hidden = false;
    });
  }

  function initArticle() {
    var id = params.get("id");
    if (!id || !/^\d+$/.test(id)) {
      showStatus("No article was chosen. Pick one from the news feed.", true);
      loadFeed().then(function (items) { renderSideFeed(items, null); }).catch(function () {});
      return;
    }
    loadFeed().then(function (items) {
      renderSideFeed(items, id);
    }).catch(function () {
      renderSideFeed([], id);
    });
    // An editor's preview (Wagtail redirects here with ?preview_token=) shows the draft,
    // which only the preview endpoint returns; a preview is never counted as a read.
    var previewToken = params.get("preview_token");
    var source = previewToken
      ? "/api/analytics/preview/?token=" + encodeURIComponent(previewToken)
      : "/api/v2/pages/" + id + "/";
    getJSON(source).then(function (page) {
      showStatus(previewToken ? "Preview of the latest saved draft." : "");
      renderArticle(page);
      if (!previewToken) {
        watchRead(page.read_token);
      }
      document.querySelector("[data-comments]").hidden = false;
      loadComments(id);
      if (page.comments_open === false) {
        document.querySelector("[data-comments-closed]").hidden = false;
      } else {
        loadDiscussion(id);
      }
    }).catch(function (error) {
      showStatus(error.status === 404
        ? "This article does not exist or is not published."
        : "The article could not be loaded from " + CMS + " (" + error.message + ").", true);
    });
  }

  // ---- start ---------------------------------------------------------------------------

  function init() {
    var links = document.querySelectorAll("a[data-keep-cms]");
    for (var i = 0; i < links.length; i++) {
      links[i].href = localHref(links[i].getAttribute("href").split("?")[0]);
    }
    var cmsLinks = document.querySelectorAll("a[data-cms-link]");
    for (var j = 0; j < cmsLinks.length; j++) {
      cmsLinks[j].href = CMS + "/";
    }
    var page = document.body.getAttribute("data-page");
    if (page === "home") {
      initHome();
    } else if (page === "article") {
      initArticle();
    }
  }

  // For the browser tests and the curious: the pure helpers.
  window.headlessDemo = {
    cms: CMS,
    sanitise: sanitise,
    safeUrl: safeUrl,
    graphemeLength: graphemeLength,
    formatDateTime: formatDateTime
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
