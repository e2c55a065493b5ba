/*
 * Idle reset for the kiosk edition (README.md beside this file).
 *
 * After data-idle seconds without input, a notice asks "Still there?" and
 * counts down data-countdown seconds. Any input (a touch, a click, a key, the
 * wheel, scrolling, typing) hides it and starts the wait again. At zero every
 * form on the page is reset and the start page replaces this one, so Back does
 * not bring this page back.
 *
 * The start page, freshly opened, waits for a first input before it starts
 * counting: an unused kiosk is left alone. The timers hold no personal data;
 * nothing is stored (no cookies, no storage).
 */
(function (w, d) {
  var script = d.currentScript;
  var idle = parseInt(script.getAttribute("data-idle"), 10) * 1000;
  var countdown = parseInt(script.getAttribute("data-countdown"), 10);
  var start = new URL(script.getAttribute("data-start"), w.location.href).href;
  var notice = d.getElementById("kit-idle");
  var count = notice.querySelector("[data-kit-idle-count]");
  var button = notice.querySelector("button");
  var idleTimer = null;
  var tickTimer = null;
  var left = 0;
  var before = null;
  var done = false;

  function hide() {
    clearInterval(tickTimer);
    tickTimer = null;
    if (!notice.hidden) {
      notice.hidden = true;
      if (before && before !== d.body && before.focus) {
        before.focus({preventScroll: true});
      }
      before = null;
    }
  }

  function wait() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(show, idle);
  }

  function show() {
    left = countdown;
    count.textContent = left;
    before = d.activeElement;
    notice.hidden = false;
    button.focus({preventScroll: true});
    tickTimer = setInterval(tick, 1000);
  }

  function tick() {
    left -= 1;
    if (left > 0) {
      count.textContent = left;
    } else {
      reset();
    }
  }

  function reset() {
    done = true;
    clearInterval(tickTimer);
    clearTimeout(idleTimer);
    for (var i = 0; i < d.forms.length; i++) {
      d.forms[i].reset();
    }
    w.location.replace(start);
  }

  function input() {
    if (!done) {
      hide();
      wait();
    }
  }

  ["pointerdown", "touchstart", "keydown", "wheel", "scroll", "input"].forEach(function (type) {
    d.addEventListener(type, input, {capture: true, passive: true});
  });

  if (w.location.href.split("#")[0] !== start) {
    wait();
  }
})(window, document);
