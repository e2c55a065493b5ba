/*
 * Risk checklist (overrides/partials/checklist.html). No dependencies: the web
 * edition runs none of Material's JavaScript.
 *
 * The answers live only in the page. This script never writes a cookie,
 * storage, the address or its fragment, and sends nothing. It empties the form
 * when the page is left (pagehide), when it comes back from the back/forward
 * cache (pageshow), and when it starts (in case the browser put old answers
 * back). The quick exit resets every form too; the reset clears the results.
 *
 * Without this script the page shows every question and all the guidance as
 * text, and its buttons stay hidden.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-kit-checklist]");
  if (!root || !document.querySelector || !root.classList) {
    return;
  }
  var form = root.querySelector("form");
  var result = root.querySelector("[data-kit-result]");
  var guide = root.querySelector("[data-kit-guide]");

  function each(list, fn) {
    for (var n = 0; n < list.length; n++) {
      fn(list[n]);
    }
  }

  function clearResult() {
    while (result.firstChild) {
      result.removeChild(result.firstChild);
    }
    root.classList.remove("kit-checklist--has-result");
  }

  function clearAll() {
    for (var f = 0; f < document.forms.length; f++) {
      document.forms[f].reset();    // every form on the page, this one included
    }
    // reset() puts back the default state; uncheck as well, in case the
    // browser restored answers as defaults.
    each(form.querySelectorAll("input"), function (input) {
      input.checked = false;
    });
    clearResult();
  }

  // What the answers call for: "urgent" (yes to an urgent question), "yes"
  // (yes to any other question), or "none". Never a score.
  function read() {
    var state = { urgent: false, yes: false, answered: false };
    each(form.querySelectorAll("fieldset[data-question]"), function (fieldset) {
      var checked = fieldset.querySelector("input:checked");
      if (!checked) {
        return;
      }
      state.answered = true;
      if (checked.value === "yes") {
        state.yes = true;
        if (fieldset.getAttribute("data-urgent") === "true") {
          state.urgent = true;
        }
      }
    });
    return state;
  }

  // Copy the parts of the guidance that fit into the live region. The copy has
  // no ids (they stay unique) and nothing hidden from the static text.
  function showResult() {
    var state = read();
    var wanted = {
      unanswered: !state.answered,
      urgent: state.urgent,
      yes: state.yes,
      none: !state.yes,
      always: true
    };
    var copy = guide.cloneNode(true);
    copy.removeAttribute("data-kit-guide");
    copy.removeAttribute("aria-labelledby");
    copy.hidden = false;
    each(copy.querySelectorAll("[data-guide]"), function (part) {
      if (wanted[part.getAttribute("data-guide")]) {
        part.hidden = false;
      } else {
        part.parentNode.removeChild(part);
      }
    });
    each(copy.querySelectorAll("[id]"), function (el) {
      el.removeAttribute("id");
    });
    clearResult();
    // One change to the live region: screen readers announce the whole text.
    var frag = document.createDocumentFragment();
    while (copy.firstChild) {
      frag.appendChild(copy.firstChild);
    }
    result.appendChild(frag);
    root.classList.add("kit-checklist--has-result");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    showResult();
  });
  form.addEventListener("reset", clearResult);
  // Results that no longer match the answers are taken away.
  form.addEventListener("change", clearResult);

  each(root.querySelectorAll("[data-kit-print]"), function (button) {
    button.addEventListener("click", function () {
      if (button.getAttribute("data-kit-print") === "blank") {
        clearAll();
      } else {
        showResult();
      }
      window.print();
    });
  });

  // Leave nothing behind: empty the form when the page is left, and again if
  // the browser brings it back from its back/forward cache.
  window.addEventListener("pagehide", clearAll);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      clearAll();
    }
  });

  clearAll();
  guide.hidden = true;
  each(root.querySelectorAll("[data-kit-js]"), function (el) {
    el.hidden = false;
  });
  root.classList.add("kit-checklist--js");
})();
