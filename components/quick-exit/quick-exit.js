/*
 * Quick exit (README.md beside this file). Inlined at the top of <head> on
 * every page, minified at build time, so it works before, and without, any
 * other stylesheet or script. No dependencies; it stores nothing.
 *
 * Triggers: a click or tap on any [data-kit-qe] link (Enter on a focused link
 * is a click; a middle click exits here instead of opening a tab), or Shift
 * pressed on its own three times in a row, each press within WINDOW ms of the
 * last. A pointer press, any other key, or typing with an input method (IME)
 * starts the count again. The status line says how many presses are left, and
 * says so when the presses were too slow.
 *
 * Exit, all in the same event handler: cover the viewport and hide the page
 * (classes styled by quick-exit.css), set a neutral title, reset every form,
 * then location.replace() to the link's own address, so Back skips this page.
 * If the browser still restores the page from its back/forward cache after
 * an exit, it covers itself and leaves again.
 */
(function (w, d) {
  var data = d.currentScript.dataset;   // the status messages and the neutral title
  var WINDOW = 1000;                    // ms between presses
  var exited, held, other, composing, timer;
  var count = 0;
  var last = 0;

  function cover() {
    var el = d.getElementById("kit-qe-cover") || d.documentElement.appendChild(d.createElement("div"));
    el.id = el.className = "kit-qe-cover";
    d.documentElement.classList.add("kit-qe-exited");
    d.title = data.title;
  }

  // e: the event that asked to exit; link: the link that was used, if any
  function exit(e, link) {
    if (e) {
      e.preventDefault();
      e.stopPropagation();
    }
    exited = true;
    cover();
    for (var i = 0; i < d.forms.length; i++) {
      d.forms[i].reset();
    }
    link = link || d.querySelector("a[data-kit-qe]");
    w.location.replace(link ? link.href : "about:blank");
  }

  function say(message) {
    var status = d.getElementById("kit-qe-status");
    if (status) {
      status.textContent = message || "";
    }
  }

  function startAgain() {
    clearTimeout(timer);
    count = 0;
    say();
  }

  function tooSlow() {
    count = 0;
    say(data.timeout);
    timer = setTimeout(startAgain, 5000);  // the message stays 5 seconds
  }

  // Capture phase on the document: works as soon as a link is parsed.
  function onClick(e) {
    var link = e.target.closest && e.target.closest("[data-kit-qe]");
    if (link && (e.type === "click" || e.button === 1)) {
      exit(e, link);
    }
  }
  d.addEventListener("click", onClick, true);
  d.addEventListener("auxclick", onClick, true);

  // A pointer press (Shift+click extends a selection), any other key, or typing
  // with an input method starts the count again.
  function interrupted() {
    other = true;
    if (count) {
      startAgain();
    }
  }
  d.addEventListener("pointerdown", interrupted, true);
  d.addEventListener("compositionstart", function () {
    composing = true;
    interrupted();
  }, true);
  d.addEventListener("compositionend", function () {
    composing = false;
  }, true);

  d.addEventListener("keydown", function (e) {
    if (e.key === "Shift" && !composing && !e.isComposing && e.keyCode !== 229) {
      if (!e.repeat) {
        held = true;
        other = false;
      }
    } else {
      interrupted();
    }
  }, true);

  d.addEventListener("keyup", function (e) {
    if (e.key !== "Shift") {
      return;
    }
    var bare = held && !other && !e.ctrlKey && !e.altKey && !e.metaKey;
    held = false;
    if (!bare) {
      return;
    }
    var now = Date.now();
    count = now - last <= WINDOW ? count + 1 : 1;
    last = now;
    clearTimeout(timer);
    if (count > 2) {
      exit(e);
      return;
    }
    say(count > 1 ? data.one : data.two);
    timer = setTimeout(tooSlow, WINDOW);
  }, true);

  w.addEventListener("pageshow", function (e) {
    if (e.persisted && exited) {
      exit();
    }
  });
})(window, document);
