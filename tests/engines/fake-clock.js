/*
 * A fake clock for the engine tests (tests/engines.py): Firefox and WebKit
 * have no Playwright clock. Test code only, never part of a build. It is the
 * first script of the page (the test server adds it at the start of <head>, a
 * copy of the kiosk gets it in its folder), so the page's own scripts see it.
 *
 * Time stands still at START (ms since 1970, UTC, written in by the test)
 * until the test moves it: window.__engineClock.tick(ms) runs every timer due
 * in that time, in order, each at its own time. Date (new Date(), Date.now()),
 * setTimeout, setInterval and their clear* are replaced; nothing else is.
 */
(function (w) {
  "use strict";
  var START = 0; // written in by the test
  var RealDate = w.Date;
  var now = START;
  var timers = new Map();
  var nextId = 1;
  var errors = [];

  class FakeDate extends RealDate {
    constructor() {
      if (arguments.length === 0) {
        super(now);
      } else {
        super(...arguments);
      }
    }
    static now() {
      return now;
    }
  }

  function add(fn, ms, args, repeat) {
    var id = nextId++;
    var delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { fn: fn, at: now + delay, every: repeat ? Math.max(1, delay) : 0, args: args });
    return id;
  }

  function clear(id) {
    timers.delete(id);
  }

  function run(id, timer) {
    if (timer.every) {
      timer.at += timer.every;
    } else {
      timers.delete(id);
    }
    try {
      if (typeof timer.fn === "function") {
        timer.fn.apply(w, timer.args);
      }
    } catch (error) {
      errors.push(String(error));
    }
  }

  function tick(ms) {
    var end = now + ms;
    for (;;) {
      var dueId = null;
      var due = null;
      timers.forEach(function (timer, id) {
        if (timer.at <= end && (!due || timer.at < due.at)) {
          dueId = id;
          due = timer;
        }
      });
      if (!due) {
        break;
      }
      now = Math.max(now, due.at);
      run(dueId, due);
    }
    now = end;
    return now;
  }

  w.Date = FakeDate;
  w.setTimeout = function (fn, ms) { return add(fn, ms, [].slice.call(arguments, 2), false); };
  w.setInterval = function (fn, ms) { return add(fn, ms, [].slice.call(arguments, 2), true); };
  w.clearTimeout = clear;
  w.clearInterval = clear;
  w.__engineClock = {
    tick: tick,
    now: function () { return now; },
    pending: function () { return timers.size; },
    errors: errors,
  };
})(window);
