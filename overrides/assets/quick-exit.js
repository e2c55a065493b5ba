/*
 * Quick exit. Inlined at the top of <head> on every page (minified at build
 * time by scripts/kit/macros.py), so it works before, and without, any other
 * stylesheet or script. No dependencies; it stores nothing.
 *
 * Triggers: a click or tap on any [data-kit-qe] link (Enter on a focused link
 * is a click), or Shift pressed on its own three times in a row, each press
 * within WINDOW ms of the last. Exit, all in the same event handler: cover the
 * viewport and hide the page, set a neutral title, reset every form, then
 * location.replace() so Back skips this page. If the browser still restores
 * the page from its back/forward cache after an exit, it covers itself and
 * replaces itself again.
 */
(function (w, d) {
  var script = d.currentScript;
  var dest = script.getAttribute("data-destination");
  var title = script.getAttribute("data-title");
  var WINDOW = 1000;
  var exited = false;
  var count = 0;
  var last = -1e9;
  var held = false;
  var other = false;
  var timer;

  function cover() {
    if (!d.getElementById("kit-qe-cover")) {
      var el = d.createElement("div");
      el.id = "kit-qe-cover";
      el.setAttribute("style", "position:fixed;top:0;left:0;width:100vw;height:100vh;background:#fff;z-index:2147483647");
      d.documentElement.appendChild(el);
    }
    if (d.body) {
      d.body.style.setProperty("display", "none", "important");
    }
    d.title = title;
  }

  function exit(event) {
    if (event) {
      event.preventDefault();
      event.stopPropagation();
    }
    exited = true;
    cover();
    for (var i = 0; i < d.forms.length; i++) {
      d.forms[i].reset();
    }
    w.location.replace(dest);
  }

  function say(text) {
    var status = d.getElementById("kit-qe-status");
    if (status) {
      status.textContent = text;
    }
  }

  function startAgain() {
    count = 0;
    say("");
  }

  // Capture phase on the document: works as soon as a link is parsed. A middle
  // click (auxclick) would open a new tab: exit in this one instead.
  function onClick(event) {
    var target = event.target;
    if (target.closest && target.closest("[data-kit-qe]")) {
      exit(event);
    }
  }
  d.addEventListener("click", onClick, true);
  d.addEventListener("auxclick", onClick, true);

  d.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        held = true;
        other = false;
      }
    } else {
      // Any other key, including a letter typed with Shift, starts again.
      other = true;
      if (count) {
        startAgain();
      }
    }
  }, true);

  d.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      return;
    }
    var bare = held && !other && !event.ctrlKey && !event.altKey && !event.metaKey;
    held = false;
    if (!bare) {
      return;
    }
    count = event.timeStamp - last <= WINDOW ? count + 1 : 1;
    last = event.timeStamp;
    clearTimeout(timer);
    if (count > 2) {
      exit(event);
      return;
    }
    say("Press Shift " + (3 - count) + (count > 1 ? " more time" : " more times") + " to exit this page");
    timer = setTimeout(startAgain, WINDOW);
  }, true);

  w.addEventListener("pageshow", function (event) {
    if (event.persisted && exited) {
      exit();
    }
  });
})(window, document);
