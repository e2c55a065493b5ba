/*
 * The section's menu (README.md beside this file). Without this script the
 * menu is a <details> disclosure. With it, the disclosure becomes a button
 * with aria-expanded that controls the list: opening moves focus to the first
 * link, Escape closes and returns focus to the button, and so do a click
 * outside and Tab past the last link. It stores nothing.
 */
(function (d) {
  "use strict";
  var root = d.querySelector("[data-kit-menu]");
  var details = root && root.querySelector("details");
  if (!details || !d.createElement("button").setAttribute) {
    return;
  }
  var summary = details.querySelector("summary");
  var panel = details.querySelector(".kit-menu__panel");
  var button = d.createElement("button");
  button.type = "button";
  button.className = summary.className;
  button.textContent = summary.textContent;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", panel.id);
  panel.hidden = true;
  root.replaceChild(button, details);
  root.appendChild(panel);
  root.classList.add("kit-menu--js");

  function open(focusFirst) {
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    if (focusFirst) {
      var first = panel.querySelector("a");
      if (first) {
        first.focus();
      }
    }
  }

  function close(focusButton) {
    if (panel.hidden) {
      return;
    }
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focusButton) {
      button.focus();
    }
  }

  button.addEventListener("click", function () {
    if (panel.hidden) {
      open(true);
    } else {
      close(true);
    }
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      close(true);
    }
  });
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) {
      close(false);
    }
  });
  d.addEventListener("click", function (event) {
    if (!root.contains(event.target)) {
      close(false);
    }
  });
})(document);
