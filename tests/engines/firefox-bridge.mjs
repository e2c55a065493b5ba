// Firefox ESR for the engine tests (tests/engines.py, tests/test_engines.py),
// driven by puppeteer-core over WebDriver BiDi: Debian's /usr/bin/firefox-esr,
// nothing downloaded. One Firefox per pytest worker: pytest starts this script
// once, sends one JSON command a line on stdin ({"id", "cmd", "args"}) and
// reads one JSON answer a line on stdout ({"id", "value"} or {"id", "error"}).
// It prints {"ready": {...}} once Firefox is up. Each command is one
// puppeteer call on the current page; the tests hold the logic.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const FIREFOX = process.env.KIT_FIREFOX || "/usr/bin/firefox-esr";
const started = Date.now();
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: FIREFOX,
  headless: true,
  // The time zone of the browser process (the tests use America/New_York).
  env: { ...process.env, TZ: process.env.KIT_BROWSER_TZ || process.env.TZ || "UTC" },
  // puppeteer turns Firefox's file:// origin policy off; a kiosk runs with
  // the browser's own default, so put it back.
  extraPrefsFirefox: { "security.fileuri.strict_origin_policy": true },
  protocolTimeout: 30000,
  defaultViewport: { width: 1280, height: 800 },     // as WebKit's window (tests/engines.py)
});
let context = null;
let page = null;

async function newPage() {
  if (context) {
    await context.close();
  }
  context = await browser.createBrowserContext();     // a private context: no cookies, storage or history
  page = await context.newPage();
  page.setDefaultTimeout(15000);
  return true;
}

// src is a JavaScript function's source; it runs in the page with args.
const evaluate = (src, args = []) => page.evaluate(`(${src})(...${JSON.stringify(args)})`);

// puppeteer-core 25 with Firefox 153 loses track of a page that the back/forward
// cache restored: page.url() keeps the address left, and the next goto() never
// ends (whatever it waits for) though the page loads. So addresses are read from
// the page itself, and a navigation is done when another document than the one
// marked before it (with a new mark each time: a restored page keeps its old
// mark) is complete. Back and Forward are the page's own history.go(): puppeteer's
// goBack() waits for a load event, and a page restored from the cache fires none.
let mark = 0;
async function newDocument(start, blank = false) {
  const token = ++mark;
  try {
    await page.evaluate((t) => { window.__engineMark = t; }, token);
  } catch (error) {
    // no document to mark yet
  }
  const navigating = start();
  navigating.catch(() => {});      // its own wait may never end (see above)
  const end = Date.now() + 15000;
  while (Date.now() < end) {
    try {
      const [seen, href, state] = await page.evaluate(
        () => [window.__engineMark, location.href, document.readyState]);
      // (Firefox shows an initial about:blank while it moves a page to another process)
      if (seen !== token && state === "complete" && (blank || href !== "about:blank")) {
        return href;
      }
    } catch (error) {
      // between two documents: ask again
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the new page did not finish loading");
}

const commands = {
  newPage,
  goto: (url) => newDocument(() => page.goto(url, { waitUntil: "domcontentloaded" }), url === "about:blank"),
  url: () => page.evaluate(() => location.href),
  evaluate,
  // A real click at the element's centre, scrolled into view. (puppeteer's own
  // click() took 0.4 to 0.6 s in Firefox, this takes about 0.05.)
  click: async (selector) => {
    const [x, y, hit] = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) {
        throw new Error(`no element matches ${sel}`);
      }
      el.scrollIntoView({ block: "center", inline: "center" });
      const r = el.getBoundingClientRect();
      const [cx, cy] = [r.left + r.width / 2, r.top + r.height / 2];
      const top = document.elementFromPoint(cx, cy);
      return [cx, cy, !!top && (el.contains(top) || top.contains(el) || (el.labels && [...el.labels].some((l) => l.contains(top))))];
    }, selector);
    if (!hit) {
      throw new Error(`${selector} is covered at its centre (${x}, ${y})`);
    }
    await page.mouse.click(x, y);
    return true;
  },
  // a middle click at the element's centre (the quick exit leaves in this tab)
  middleClick: async (selector) => {
    const [x, y] = await page.evaluate((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2];
    }, selector);
    await page.mouse.click(x, y, { button: "middle" });
    return true;
  },
  pages: async () => (await context.pages()).length,    // tabs open in this test's context
  type: async (selector, text) => { await page.type(selector, text); return true; },
  // keys: key names ("ShiftLeft", "ShiftRight", "a"), each pressed and released in turn
  press: async (keys) => { for (const key of keys) { await page.keyboard.press(key); } return true; },
  // points: [[x, y], ...] clicked with Shift held down
  shiftClicks: async (points) => {
    for (const [x, y] of points) {
      await page.keyboard.down("Shift");
      await page.mouse.click(x, y);
      await page.keyboard.up("Shift");
    }
    return true;
  },
  back: () => newDocument(() => page.evaluate(() => history.back())),
  forward: () => newDocument(() => page.evaluate(() => history.forward())),
  reload: () => newDocument(() => page.reload({ waitUntil: "domcontentloaded" })),
  cookies: async () => context.cookies(),
  version: async () => browser.version(),
};

const rl = readline.createInterface({ input: process.stdin });
const reply = (message) => process.stdout.write(JSON.stringify(message) + "\n");
reply({ ready: { version: await browser.version(), startup_ms: Date.now() - started } });

// One command at a time, in order.
let queue = Promise.resolve();
rl.on("line", (line) => {
  queue = queue.then(async () => {
    const { id, cmd, args = [] } = JSON.parse(line);
    try {
      if (!(cmd in commands)) {
        throw new Error(`unknown command ${cmd}`);
      }
      const value = await commands[cmd](...args);
      reply({ id, value: value === undefined ? null : value });
    } catch (error) {
      reply({ id, error: String(error && error.stack || error) });
    }
  });
});
rl.on("close", async () => {
  await queue;
  await browser.close();
  process.exit(0);
});
