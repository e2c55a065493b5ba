/*
 * Open-now status (README.md beside this file). For each [data-kit-open]
 * beside a contact's hours, says whether the line is open now, in UK time
 * (Europe/London, whatever the device's own time zone): "Open now – until
 * 4pm", "Closed now – opens Monday at 9:30am", "Closed today (bank holiday) –
 * opens Tuesday at 9:30am", "Open 24 hours". Every word and day name comes
 * from the strings file (kitOpening, which the build puts in this file, one
 * file per language), and so do the UK's clock changes (no
 * Intl time-zone data: loading it was a long task on every page). Outside
 * the dates the page was built for, or if the device's clock is before the
 * build, it says nothing: the hours in words stay. It loads nothing, stores
 * nothing, and updates itself when the next status change comes.
 */
(function (d, data) {
  "use strict";
  if (!data) {
    return;
  }
  var holidays = data.holidays;  // {"ENG": "2026-12-25 ...", "SCT": ...}: each line keeps its own
  var days = data.days;          // Monday first
  var changes = data.clock;      // [[minute since 1970 (UTC), UK offset in minutes], ...]
  var timer;

  // UK date and time at instant t: [year, month, day, minutes since midnight]
  function uk(t) {
    var offset = changes[0][1];
    changes.forEach(function (c) { if (t >= c[0] * 60000) { offset = c[1]; } });
    var at = new Date(t + offset * 60000);
    return [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours() * 60 + at.getUTCMinutes()];
  }

  // The date n days after y-m-d, as [y, m, d, iso, weekday (0 is Monday)]
  function dayAfter(y, m, day, n) {
    var t = new Date(Date.UTC(y, m - 1, day + n));
    return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.toISOString().slice(0, 10),
      (t.getUTCDay() + 6) % 7];
  }

  // The instant of a UK date and time (minutes since midnight)
  function instant(date, mins) {
    var want = Date.UTC(date[0], date[1] - 1, date[2], 0, mins);
    var t = want;
    for (var i = 0; i < 3; i++) {
      var got = uk(t);
      t += want - Date.UTC(got[0], got[1] - 1, got[2], 0, got[3]);
    }
    return t;
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }

  // [words, state, instant of the next change] for one contact
  function status(el, now, today, mins) {
    if (el.hasAttribute("data-always")) {
      return [data.alwaysText, "open", Infinity];
    }
    var hours = JSON.parse(el.getAttribute("data-hours"));
    var bank = el.hasAttribute("data-bank") && (holidays[el.getAttribute("data-bank")] || "").split(" ");
    for (var n = 0; n < 15; n++) {
      var date = dayAfter(today[0], today[1], today[2], n);
      if (bank && bank.indexOf(date[3]) >= 0) {
        continue;
      }
      for (var i = 0; i < hours.length; i++) {
        var h = hours[i];
        if (h[0].indexOf(date[4]) < 0 || (n === 0 && mins >= h[2])) {
          continue;
        }
        if (n === 0 && mins >= h[1]) {
          return [fill(data.open, {time: h[4]}), "open", instant(date, h[2])];
        }
        var when = n === 0 ? fill(data.today, {time: h[3]}) :
          n === 1 ? fill(data.tomorrow, {time: h[3]}) : fill(data.day, {day: days[date[4]], time: h[3]});
        var closed = bank && bank.indexOf(today[3]) >= 0 ? data.holiday : data.closed;
        return [fill(closed, {when: when}), "closed", instant(date, h[1]), true];
      }
    }
    return null;
  }

  function update() {
    var now = Date.now();
    var p = uk(now);
    var today = dayAfter(p[0], p[1], p[2], 0);
    var next = instant(dayAfter(p[0], p[1], p[2], 1), 0);      // "today" and "tomorrow" change at midnight
    var known = today[3] >= data.from && today[3] <= data.until;
    [].forEach.call(d.querySelectorAll("[data-kit-open]"), function (el) {
      var s = known && status(el, now, today, p[3]);
      el.hidden = !s;
      if (s) {
        el.querySelector("[data-kit-open-text]").textContent = s[0];
        var instead = el.querySelector("[data-kit-open-instead]");
        if (instead) {
          instead.hidden = !s[3];
        }
        el.setAttribute("data-state", s[1]);
        next = Math.min(next, s[2]);
      }
    });
    clearTimeout(timer);
    timer = setTimeout(update, Math.min(Math.max(next - now + 1000, 1000), 2147483647));
  }

  update();
})(document, kitOpening);   // the language's data, which the build wraps round this file (supportkit/render/assets.py)
