#!/usr/bin/env python3
"""Real-browser test of `buurt serve` (see scripts/browser-test).

    python3 scripts/lib/browser_test.py BUURT_BINARY OUT_DIR
"""
import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(__file__))
from buurt_serve import Checks, Server  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
checks = Checks()
check = checks.check


def wait_for(page, js, what, timeout=20):
    """Polls a JavaScript condition (page.evaluate runs outside the page's Content-Security-Policy,
    which forbids eval; Playwright's wait_for_function would trip it)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if page.evaluate(js):
            return True
        time.sleep(0.1)
    check(False, f"{what} (timed out)")
    return False


def canvas_state(page, cid):
    return page.evaluate("""(id) => { const c = document.getElementById(id);
        return { frames: Number(c.dataset.frames || 0), points: Number(c.dataset.points || 0),
                 edges: Number(c.dataset.edges || 0), tick: Number(c.dataset.tick || -1), pixels: c.toDataURL().length,
                 hash: [...c.toDataURL()].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) }; }""", cid)


def click_slider(page, lever, fraction):
    slider = page.locator(f'[id="input-{lever}"]')
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    slider.click(position={"x": box["width"] * fraction, "y": box["height"] / 2})


def main():
    buurt, out = sys.argv[1], sys.argv[2]
    outside = []
    with Server(buurt, "--speed", "20", "--threads", "2") as srv, sync_playwright() as p:
        origin = f"127.0.0.1:{srv.port}"
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])

        def watch(page):
            def on_request(req):
                u = req.url
                if not (u.startswith(f"http://{origin}/") or u.startswith(f"ws://{origin}/") or u.startswith("blob:")
                        or u.startswith("data:")):
                    outside.append(u)
            page.on("request", on_request)
            page.on("websocket", lambda ws: None if ws.url.startswith(f"ws://{origin}/") else outside.append(ws.url))

        host = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
        watch(host)
        errors = []
        host.on("pageerror", lambda e: errors.append(str(e)))
        host.goto(srv.url(host=True))
        print("host page")
        wait_for(host, "document.body.dataset.role === 'host' && Number(document.body.dataset.updates) > 0", "host connects")
        # A run long enough for every part of the test (30 years of weeks).
        host.evaluate("S.ws.send(JSON.stringify({type: 'reset', set: {'simulation.ticks': 1560}}))")
        wait_for(host, "S.scenario && S.scenario.ticks === 1560", "a long run starts")
        check(host.locator("#hostbar").is_visible(), "host sees the controls")
        levers = host.evaluate("document.querySelectorAll('.lever').length")
        registry = srv_levers(srv)
        check(levers == len(registry), f"one control per lever of the registry ({levers} of {len(registry)})")
        check(host.locator('[id="lever-funding.grant_size"] .desc').inner_text().startswith("Size of one grant"),
              "a control shows its lever's description")
        wait_for(host, "Number(document.getElementById('network').dataset.frames) > 0", "network drawn at start")
        before = [canvas_state(host, f"chart{i}") for i in range(4)]
        net_before = canvas_state(host, "network")

        host.click("#play")
        wait_for(host, "Number(document.body.dataset.tick) >= 40", "the run advances after play")
        after = [canvas_state(host, f"chart{i}") for i in range(4)]
        check(all(a["points"] > b["points"] for a, b in zip(after, before)), "every chart gained points")
        check(all(a["hash"] != b["hash"] for a, b in zip(after, before)), "every chart's pixels changed")
        wait_for(host, f"Number(document.getElementById('network').dataset.tick) > {net_before['tick']}",
                 "the network view updates")
        net_after = canvas_state(host, "network")
        check(net_after["frames"] > net_before["frames"] and net_after["hash"] != net_before["hash"],
              f"network redrawn with new content ({net_before['frames']} -> {net_after['frames']} frames, {net_after['edges']} edges)")

        click_slider(host, "bureaucracy.friction", 0.92)
        ok = wait_for(host, "(S.branches.get('A').markers || []).some(m => m[4] === 'bureaucracy.friction')",
                      "a moved slider changes the lever and marks the charts")
        if ok:
            check(True, "moving a slider changed the lever (marker listed: "
                  + host.locator("#changes li").last.inner_text() + ")")
        friction = host.evaluate("S.branches.get('A').levers[S.hello.levers.findIndex(l => l.name === 'bureaucracy.friction')]")
        check(abs(friction - 0.92) < 0.02, f"branch A now runs with friction {friction}")

        host.click("#fork")
        wait_for(host, "Number(document.body.dataset.branches) === 2", "fork makes a second branch")
        check(host.evaluate("S.selected") == "B", "the new branch B is selected")
        click_slider(host, "funding.core_share", 0.9)
        wait_for(host, "(S.branches.get('B').markers || []).some(m => m[1].includes('funding.core_share'))",
                 "a lever changed in branch B only")
        check(not host.evaluate("(S.branches.get('A').markers || []).some(m => m[1].includes('funding.core_share'))"),
              "branch A keeps its own levers")
        pts = canvas_state(host, "chart0")["points"]
        wait_for(host, f"Number(document.getElementById('chart0').dataset.points) > {pts + 40}", "both branches run on")
        ticks = host.evaluate("[...S.branches.values()].map(b => b.tick)")
        check(len(ticks) == 2 and abs(ticks[0] - ticks[1]) <= 1, f"both branches advance side by side (weeks {ticks})")
        check(host.evaluate("S.branches.get('B').data.length") > host.evaluate("S.branches.get('B').forkedAt"),
              "the fork's history was copied and continues")

        # A viewer on a phone sees the same run and cannot change it.
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        watch(phone)
        phone.goto(srv.url())
        print("viewer page")
        wait_for(phone, "document.body.dataset.role === 'viewer' && Number(document.body.dataset.branches) === 2",
                 "viewer sees both branches")
        check(not phone.locator("#hostbar").is_visible(), "viewer has no host controls")
        check(phone.evaluate("[...document.querySelectorAll('.lever input, .lever select')].every(e => e.disabled)"),
              "viewer's lever controls are read-only")
        phone.evaluate("S.ws.send(JSON.stringify({type: 'pause'}))")
        wait_for(phone, "[...document.querySelectorAll('#toast div.error')].some(d => d.textContent.includes('cannot change'))",
                 "a viewer's host action is refused with a message")
        check(host.evaluate("S.playing"), "the run goes on after the viewer's attempt")
        v0 = canvas_state(phone, "chart1")
        time.sleep(1.0)
        check(canvas_state(phone, "chart1")["hash"] != v0["hash"], "the viewer's charts update live")

        host.click("#export")
        wait_for(host, "window.__lastExport !== undefined", "export arrives")
        exported = host.evaluate("window.__lastExport")
        check("events:" in exported["yaml"] and "funding.core_share" in exported["yaml"]
              and "bureaucracy.friction" in exported["yaml"], "exported scenario holds the lever changes as events")
        replay_matches(buurt, exported)

        # Screenshots once the charts hold a good stretch of both futures.
        host.click("#tab-A")
        wait_for(host, "Number(document.body.dataset.tick) >= 200", "run reaches year 4")
        host.screenshot(path=os.path.join(out, "serve.png"))
        phone.screenshot(path=os.path.join(out, "serve-phone.png"))
        check(os.path.getsize(os.path.join(out, "serve.png")) > 50_000, "screenshot saved")
        layouts(browser, srv, out, watch)
        dutch_page(browser, srv, out)
        many_markers(browser, srv, host, out)
        voting_round(browser, srv, host, out)
        page_fixes(browser, srv, out)
        controls(host)
        # Upload: a file with a typo is refused with file, line and a suggestion; a good one starts.
        host.set_input_files("#upload", files=[{"name": "typo.yaml", "mimeType": "text/yaml",
                                                "buffer": b"name: typo\nfunding:\n  grant_sise: 5000\n"}])
        wait_for(host, "[...document.querySelectorAll('#toast div.error')].some(d => d.textContent.includes('typo.yaml:3'))",
                 "an uploaded file with a typo is refused with its line")
        check("grant_size" in host.locator("#toast div.error").last.inner_text(), "the refusal suggests the lever meant")
        check(host.evaluate("S.scenario.name") == "baseline", "the refused upload left the run alone")
        host.set_input_files("#upload", files=[{"name": "mine.yaml", "mimeType": "text/yaml",
                                                "buffer": b"name: my-district\npopulation: {residents: 3000}\n"}])
        wait_for(host, "S.scenario && S.scenario.name === 'my-district' && Number(document.body.dataset.branches) === 1",
                 "an uploaded scenario starts")
        check(host.evaluate("S.scenario.residents") == 3000 and host.evaluate("document.getElementById('scenarioPick').value") == "__current__",
              "the uploaded scenario runs and the picker offers it")
        host.evaluate("setLanguage('nl')")
        picked = host.evaluate("document.querySelector('#scenarioPick option[value=__current__]').textContent")
        check(picked == "my-district (eigen bestand)", f"the picker names the upload in Dutch ({picked})")
        wait_for(phone, "S.scenario && S.scenario.name === 'my-district'", "viewers follow the reset")
        restarts(browser, buurt, out)
        check(not outside, "nothing fetched from outside the server" + (f": {outside}" if outside else ""))
        check(not errors, "no script errors" + (f": {errors}" if errors else ""))
        browser.close()
        code = srv.stop()
        check(code == 130, f"Ctrl-C stops the server with exit code 130 (got {code})")
    print(f"browser-test: {checks.passed} passed, {checks.failed} failed")
    print(f"screenshots: {out}/serve*.png and docs/img/serve-*.png")
    sys.exit(1 if checks.failed else 0)


OVERLAPS_JS = """() => {
  const vis = (el) => { for (let e = el; e; e = e.parentElement) { const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || e.hidden) return false; } return true; };
  const boxes = [], small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest('select, script, #levers, #info, #confirm') || !vis(el)) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    // What shows of the text: its boxes cut to every ancestor that clips (scrolling panels, ellipses).
    let clip = [0, 0, innerWidth, innerHeight];
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') { const c = e.getBoundingClientRect();
        clip = [Math.max(clip[0], c.left), Math.max(clip[1], c.top), Math.min(clip[2], c.right), Math.min(clip[3], c.bottom)]; }
    }
    for (const b of r.getClientRects()) {
      const x0 = Math.max(b.left, clip[0]), y0 = Math.max(b.top, clip[1]), x1 = Math.min(b.right, clip[2]), y1 = Math.min(b.bottom, clip[3]);
      if (x1 - x0 > 1 && y1 - y0 > 1) boxes.push([x0, y0, x1, y1, n.textContent.trim().slice(0, 30), n]);
    }
    const fs = parseFloat(getComputedStyle(el).fontSize);
    if (fs < 16) small.push(n.textContent.trim().slice(0, 30) + ' (' + fs + 'px)');
  }
  const bad = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a[5] && a[5] === b[5]) continue;
    if (a[0] < b[2] - 1 && b[0] < a[2] - 1 && a[1] < b[3] - 2 && b[1] < a[3] - 2) bad.push(a[4] + ' / ' + b[4]);
  }
  for (const cv of document.querySelectorAll('canvas.chart')) {
    const l = JSON.parse(cv.dataset.labels || '[]').concat(cv.dataset.unitBox ? [JSON.parse(cv.dataset.unitBox)] : []);
    for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) {
      const a = l[i], b = l[j];
      if (a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]) bad.push(cv.id + ' marker labels ' + i + '/' + j);
    }
  }
  return { texts: boxes.length, overlaps: bad, small: small };
}"""

FITS_JS = """() => {
  const inView = (id) => { const r = document.getElementById(id).getBoundingClientRect();
    return r.width > 0 && r.top >= -1 && r.bottom <= innerHeight + 1 && r.left >= -1 && r.right <= innerWidth + 1; };
  return { scroll: document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1,
           visible: ['fig0', 'fig1', 'fig2', 'fig3', 'netpanel', 'clock', 'play', 'fork', 'leversButton', 'changesBox'].filter((id) => !inView(id)) };
}"""


def layouts(browser, srv, out, watch):
    """The host's page at each projector size and a viewer's phone: screenshots in docs/img (and
    OUT), no two text boxes overlapping, no text under 16 px, and the presenter sizes without scrolling."""
    img = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "img")
    os.makedirs(img, exist_ok=True)
    for (w, h, presenter, host, lang) in [(1920, 1080, False, True, "en"), (1280, 720, True, True, "nl"),
                                          (1366, 768, True, True, "nl"), (1024, 768, True, True, "en"),
                                          (390, 844, False, False, "nl")]:
        page = browser.new_page(viewport={"width": w, "height": h}, device_scale_factor=1 if w > 500 else 2)
        watch(page)
        page.goto(srv.url(host=host) + ("&" if host else "?") + "lang=" + lang)
        wait_for(page, "Number(document.body.dataset.updates) > 0 && Number(document.getElementById('network').dataset.frames) > 0",
                 f"{w}x{h} page loads")
        time.sleep(0.8)
        name = f"serve-{w}x{h}.png"
        page.screenshot(path=os.path.join(out, name))
        page.screenshot(path=os.path.join(img, name))
        if w == 1920:
            number_forms(page, lang)
        r = page.evaluate(OVERLAPS_JS)
        check(not r["overlaps"], f"{w}x{h}: no two of {r['texts']} text boxes overlap" + (f": {r['overlaps'][:6]}" if r["overlaps"] else ""))
        check(not r["small"], f"{w}x{h}: no text under 16 px" + (f": {r['small'][:6]}" if r["small"] else ""))
        if presenter:
            f = page.evaluate(FITS_JS)
            check(not f["scroll"] and not f["visible"], f"{w}x{h}: four charts, network, week and controls without scrolling"
                  + (f" (not in view: {f['visible']}, scroll: {f['scroll']})" if f["scroll"] or f["visible"] else ""))
            page.keyboard.press("l")
            wait_for(page, "getComputedStyle(document.getElementById('levers')).display !== 'none'", f"{w}x{h}: L opens the levers drawer")
            page.screenshot(path=os.path.join(out, f"serve-{w}x{h}-levers.png"))
            page.keyboard.press("Escape")
        if w < 500:
            phone_width(page, "a viewer's")
        units = page.evaluate("S.hello.charts.map((c, i) => [unitText(c.unit), document.getElementById('chart' + i).dataset.unit])")
        check(all(a == b for a, b in units), f"{w}x{h}: every chart's y-axis unit shown whole ({', '.join(b for a, b in units)})")
        if w == 1280:
            page.keyboard.press("i")
            wait_for(page, "!document.getElementById('info').hidden", "I opens the info panel")
            check(page.locator("#infoBody .card").count() >= 1, "the info panel has 'things to try' cards")
            page.screenshot(path=os.path.join(out, "serve-info.png"))
            page.screenshot(path=os.path.join(img, "serve-info.png"))
            page.keyboard.press("Escape")
        page.close()
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(srv.url(host=True) + "&lang=nl")
    wait_for(page, "Number(document.body.dataset.updates) > 0", "the host's page loads on a phone")
    phone_width(page, "the host's")
    page.close()


WIDTH_JS = """() => { document.querySelectorAll('#levers details').forEach(d => d.open = true);
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
    .map(e => e.id || e.className || e.tagName).slice(0, 6);
  return { scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: wide }; }"""


def phone_width(page, whose):
    """At 390 px with every group of levers open, the page does not scroll sideways."""
    time.sleep(0.3)
    r = page.evaluate(WIDTH_JS)
    check(r["scroll"] <= r["inner"], f"390x844: {whose} page with the levers open is {r['scroll']} px wide "
          f"(screen {r['inner']})" + (f"; too wide: {r['wide']}" if r["scroll"] > r["inner"] else ""))


def dutch_page(browser, srv, out):
    """The Dutch page holds none of the English texts (page, lever and metric labels and descriptions)."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    frames = []     # what the server sends, to compare a refusal with its English

    def on_frame(payload):
        if isinstance(payload, str) and payload.startswith('{"type":"error"'):
            frames.append(payload)
    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.goto(srv.url(host=True) + "&lang=nl")
    wait_for(page, "Number(document.body.dataset.updates) > 0", "Dutch page loads")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true); toggleInfo(true)")
    time.sleep(0.3)
    found = page.evaluate(r"""() => {
      const en = S.hello.texts.en, nl = S.hello.texts.nl;
      const shown = document.body.innerText + ' ' + [...document.querySelectorAll('[title],[placeholder],[aria-label],option')]
        .map(e => (e.title || '') + ' ' + (e.placeholder || '') + ' ' + (e.getAttribute('aria-label') || '') + ' ' + (e.tagName === 'OPTION' ? e.textContent : '')).join(' ');
      const english = [];
      for (const k in en.page) if (en.page[k] !== nl.page[k]) english.push(en.page[k]);
      for (const k in en.levers) for (let i = 0; i < 2; i++) if (en.levers[k][i] !== nl.levers[k][i]) english.push(en.levers[k][i]);
      for (const k in en.metrics) for (let i = 0; i < 2; i++) if (en.metrics[k][i] !== nl.metrics[k][i]) english.push(en.metrics[k][i]);
      for (const k in en.units) if (en.units[k] !== nl.units[k]) english.push(en.units[k]);
      const low = shown.toLowerCase();
      const esc = (t) => t.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const left = english.filter(t => t.length >= 6 && new RegExp('(^|[^\\p{L}])' + esc(t) + '($|[^\\p{L}])', 'u').test(low));
      return { n: english.length, left: left.map(t => { const i = low.indexOf(t.toLowerCase()); return t + ' [' + low.slice(Math.max(0, i - 30), i + t.length + 10) + ']'; }) };
    }""")
    check(not found["left"], f"the Dutch page shows none of {found['n']} English texts" + (f": {found['left'][:8]}" if found["left"] else ""))
    check(page.evaluate("document.documentElement.lang") == "nl", "the page says it is Dutch")
    number_forms(page, "nl")
    page.screenshot(path=os.path.join(out, "serve-nl-info.png"))
    page.evaluate("toggleInfo(false)")
    dutch_refusals(page)
    dutch_file_refusals(page, frames)
    page.close()


def dutch_refusals(page):
    """Real refusals from the server, said on the Dutch page in Dutch, numbers in Dutch form."""
    english = ["no such", "unknown lever", "did you mean", "out of range", "a number from", "allowed", "cannot"]
    cases = [
        ({"type": "set", "branch": "Q", "lever": "bureaucracy.friction", "value": 0.5}, ["er is geen tak 'Q'", "takken: A, B"]),
        ({"type": "set", "branch": "A", "lever": "funding.grant_sise", "value": 5000},
         ["onbekende knop 'funding.grant_sise'", "bedoelde je 'funding.grant_size' (subsidiebedrag)"]),
        ({"type": "set", "branch": "A", "lever": "funding.grant_size", "value": 1e9},
         ["subsidiebedrag: 1.000.000.000 valt buiten het bereik", "toegestaan: een getal van "]),
        ({"type": "set", "branch": "A", "lever": "funding.grant_size", "value": 1e308}, ["1e+308 valt buiten het bereik"]),
    ]
    for msg, wanted in cases:
        page.evaluate("(m) => { document.getElementById('toast').innerHTML = ''; send(m); }", msg)
        wait_for(page, "document.querySelector('#toast div.error') !== null", f"refusal of {msg}")
        text = page.evaluate("document.querySelector('#toast div.error').textContent")
        ok = text.startswith("Geweigerd: ") and all(w in text for w in wanted) and not [e for e in english if e in text]
        check(ok, f"the Dutch page says a refusal in Dutch: {text}")
    text = page.evaluate("document.querySelector('#toast div.error').textContent")
    spec = page.evaluate("S.hello.levers.find(l => l.name === 'funding.grant_size')")
    if spec["max"] >= 1000:
        check(re.search(r"een getal van [\d.]+ tot \d{1,3}(\.\d{3})+ euro\)", text) is not None,
              "the allowed range in Dutch number form")


def dutch_file_refusals(page, frames):
    """Scenario files the parser refuses, uploaded on the Dutch page: the page says each in Dutch, with
    none of the English words of the same refusal from the server (its `text`, what `buurt check`
    prints; names, keys and values from the file aside), numbers in Dutch form, and a YAML syntax
    error as a Dutch sentence with line and column, the YAML reader's own words only quoted."""
    same = {"yaml", "utf", "nul"}     # the same word in Dutch
    cases = [
        (b"funding:\n  grant_size: 1000000000\n",
         ["bad.yaml:2: het bestand is niet te lezen als scenario: 'funding.grant_size' (subsidiebedrag): ",
          "1.000.000.000 valt buiten het bereik", "(toegestaan: een getal van 500 tot 500.000 euro)"]),
        (b"population:\n  residents: 2500.5\n", ["2.500,5 is geen geheel getal", "tot 5.000.000"]),
        (b"events:\n  - at: 200000\n    set: {funding.grant_size: 1000}\n",
         ["'events.at': '200000' mag hier niet (toegestaan: een geheel getal van 0 tot 100.000)"]),
        (b"bureaucracy:\n  friction: veel\n", ["'veel' is geen getal (toegestaan: een getal van 0 tot 1"]),
        (b"name: t\nfunding:\n  grant_sise: 5\n",
         ["onbekende sleutel; bedoelde je 'funding.grant_size' (subsidiebedrag)?", "een van de sleutels name, description, events"]),
        (b"funding:\n  mode: chaotic\n", ["'chaotic' is geen van de mogelijkheden", "competitive ("]),
        (b"events: {at: 1}\n", ["hier hoort een lijst", "maar er staat een groep sleutels met waarden"]),
        (b"name: a\nname: b\n", ["bad.yaml:2: ", "'name': deze sleutel staat er twee keer"]),
        (b"funding: {grant_size: 5000\nbureaucracy: 1\n", ["de YAML klopt niet in regel 2, kolom 12 (de YAML-lezer meldt: “"]),
    ]
    before = page.evaluate("[S.scenario.name, S.generation]")
    for yaml, wanted in cases:
        del frames[:]
        page.evaluate("document.getElementById('toast').innerHTML = ''")
        page.set_input_files("#upload", files=[{"name": "bad.yaml", "mimeType": "text/yaml", "buffer": yaml}])
        if not wait_for(page, "document.querySelector('#toast div.error') !== null", f"upload of {yaml!r} refused"):
            continue
        time.sleep(0.1)
        text = page.evaluate("document.querySelector('#toast div.error').textContent")
        if not frames:
            check(False, f"the refusal of {yaml!r} came from the server")
            continue
        err = json.loads(frames[-1])
        # Names, keys and values from the file or the registry are no words of either language.
        names = set()
        for k in ("file", "key", "lever", "text", "foundText", "suggest", "keys", "not"):
            v = err["params"].get(k)
            for item in (v if isinstance(v, list) else [v]):
                if isinstance(item, str):
                    names.update(w.lower() for w in re.findall(r"[A-Za-z]+", item))
        spec = page.evaluate("(n) => S.hello.levers.find(l => l.name === n) || null", err["params"].get("lever", ""))
        for o in (spec or {}).get("options") or []:
            names.update(w.lower() for w in re.findall(r"[A-Za-z]+", o))
        english = re.sub(r"'[^']*'|`[^`]*`", " ", err["text"].split(": ", 1)[1])
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", english)} - names - same
        outside = re.sub(r"“[^”]*”", " ", text).lower()      # the YAML reader's own words may stay, quoted
        left = sorted(w for w in words if re.search(r"(?<![\w.])" + w + r"(?![\w.])", outside))
        missing = [w for w in wanted if w not in text]
        check(text.startswith("Geweigerd: bad.yaml:") and not left and not missing and len(words) >= 3,
              f"a refused upload in Dutch ({err['params'].get('reason')}): {text}"
              + (f"; English words: {left}" if left else "") + (f"; missing: {missing}" if missing else ""))
    check(page.evaluate("[S.scenario.name, S.generation]") == before, "refused uploads left the run alone")


def many_markers(browser, srv, host, out):
    """Ten lever changes, most in the same week: on every chart at every size each marker's number
    shows in a label, and no two labels overlap."""
    before = host.evaluate("allMarkers().length")
    host.evaluate("""() => { const ls = S.hello.levers.filter(l => !l.structural && l.kind === 'real'
        && S.branches.get('A').levers[S.hello.levers.indexOf(l)] !== (l.min + l.max) / 2).slice(0, 8);
      ls.forEach(l => S.ws.send(JSON.stringify({type: 'set', branch: 'A', lever: l.name, value: (l.min + l.max) / 2}))); }""")
    wait_for(host, f"allMarkers().length >= {before + 8}", "eight lever changes in one burst")
    time.sleep(1.0)
    host.evaluate("""() => { const ls = S.hello.levers.filter(l => !l.structural && l.kind === 'real'
        && S.branches.get('A').levers[S.hello.levers.indexOf(l)] !== (l.min + l.max) / 2).slice(8, 10);
      ls.forEach(l => S.ws.send(JSON.stringify({type: 'set', branch: 'A', lever: l.name, value: (l.min + l.max) / 2}))); }""")
    wait_for(host, f"allMarkers().length >= {before + 10}", "two more a little later")
    total = host.evaluate("allMarkers().length")
    for (w, h, as_host) in [(1920, 1080, True), (1280, 720, True), (1024, 768, True), (390, 844, False)]:
        page = browser.new_page(viewport={"width": w, "height": h})
        page.goto(srv.url(host=as_host) + ("&" if as_host else "?") + "lang=nl")
        wait_for(page, f"S.hello && allMarkers().length === {total} && [0, 1, 2, 3].every(i => "
                 f"Number(document.getElementById('chart' + i).dataset.markers) === {total})", f"{w}x{h}: {total} markers drawn")
        r = page.evaluate("""() => [0, 1, 2, 3].map(i => { const c = document.getElementById('chart' + i);
            return { markers: Number(c.dataset.markers), numbered: JSON.parse(c.dataset.numbered || '[]'),
                     labels: JSON.parse(c.dataset.labels || '[]').length }; })""")
        want = list(range(1, total + 1))
        check(all(c["numbered"] == want for c in r), f"{w}x{h}: each of {total} markers has its number in a label on every chart "
              f"({', '.join(str(c['labels']) + ' labels' for c in r)})")
        o = page.evaluate(OVERLAPS_JS)
        check(not [x for x in o["overlaps"] if "marker" in x], f"{w}x{h}: no two marker labels overlap"
              + (f": {o['overlaps'][:4]}" if o["overlaps"] else ""))
        if w == 1280:
            page.screenshot(path=os.path.join(out, "serve-markers.png"))
        page.close()


NUMBERS_JS = """() => ({ weekOf: document.getElementById('weekOf').textContent,
  values: [...document.querySelectorAll('.legend b')].map(b => b.textContent.replace(/^[A-Z]+ /, '')) })"""


def number_forms(page, lang):
    """The numbers the page formats itself (the run's length in the clock, the legends' latest values)
    in the page's language: 1.560 and 0,437 in Dutch, 1,560 and 0.437 in English."""
    r = page.evaluate(NUMBERS_JS)
    thousands, decimal = (".", ",") if lang == "nl" else (",", ".")
    check(f"/ 1{thousands}560" in r["weekOf"], f"{lang}: the run's length written 1{thousands}560 ({r['weekOf'].strip()})")
    sep = re.escape(thousands)
    form = re.compile(r"-?(0|[1-9]\d{0,2}(" + sep + r"\d{3})*)(" + re.escape(decimal) + r"\d+)?")
    shown = [v for v in r["values"] if v != "–"]
    wrong = [v for v in shown if not form.fullmatch(v)]
    fractions = [v for v in shown if v.startswith("0" + decimal)]
    check(shown and not wrong and fractions, f"{lang}: every legend value in {lang} form, decimals with '{decimal}' "
          f"({', '.join(fractions[:3])}" + (f"; wrong: {wrong[:5]}" if wrong else "") + ")")


def voting_round(browser, srv, host, out):
    """Five viewers: one proposes, four vote; the host sees the tally and applies it; it becomes a marker."""
    viewers = []
    for k in range(5):
        v = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        v.goto(srv.url() + "?lang=nl")
        wait_for(v, "Number(document.body.dataset.updates) > 0 && S.hello", f"viewer {k + 1} connects")
        viewers.append(v)
    p0 = viewers[0]
    p0.select_option("#proposeLever", "government.open_share")
    p0.fill("#proposeValue", "0,8")
    p0.click("#proposeButton")
    wait_for(host, "Number(document.body.dataset.proposals) === 1", "the host's page shows the proposal")
    for v in viewers[1:]:
        wait_for(v, "document.querySelector('#proposals button') !== null", "a viewer sees the proposal")
        v.click("#proposals button")
    wait_for(host, "Number(document.body.dataset.votes) === 5", "the projector shows 5 votes live")
    check(viewers[1].evaluate("document.querySelector('#proposals button').disabled"), "a viewer cannot vote twice")
    # The same phone in a second tab (same browser storage: same viewer id), and another one reloaded:
    # their votes are already counted, the tally stays at 5.
    tab = viewers[1].context.new_page()
    tab.goto(srv.url() + "?lang=nl")
    viewers[2].reload()
    for v in (tab, viewers[2]):
        wait_for(v, "document.querySelector('#proposals button') !== null && !document.querySelector('#proposals button').disabled",
                 "a second tab or a reloaded page shows the vote button")
        v.click("#proposals button")
        wait_for(v, "document.querySelector('#proposals button').disabled", "the server answers the second tab's vote")
    time.sleep(1.0)
    same = host.evaluate("Number(document.body.dataset.votes)")
    check(same == 5 and tab.evaluate("localStorage.getItem('buurt.viewer')") == viewers[1].evaluate("localStorage.getItem('buurt.viewer')"),
          f"a second tab and a reload do not vote again (tally {same} of 5 viewers)")
    tab.close()
    host.screenshot(path=os.path.join(out, "serve-vote.png"))
    host.click("#proposals button")
    wait_for(host, "(S.branches.get(S.selected).markers || []).some(m => m[3] === 'vote' && m[4] === 'government.open_share' && m[6] === 5)",
             "the applied proposal is a marker with its 5 votes")
    wait_for(host, "Number(document.body.dataset.proposals) === 0", "applying ends the round")
    for v in viewers:
        v.context.close()


def press(page, key):
    """A key pressed on the page itself (nothing focused: keys typed into an input are the input's)."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)


def confirm_first(host, button, what, branches):
    """`button` shows the confirm bar and does nothing until 'yes'; 'no' and Esc cancel."""
    tick = host.evaluate("Number(document.body.dataset.tick)")
    host.click(button)
    shown = host.locator("#confirm").is_visible()
    time.sleep(0.6)
    now = host.evaluate("[Number(document.body.dataset.tick), Number(document.body.dataset.branches)]")
    check(shown and now[0] >= tick and now[1] == branches,
          f"{what} asks first and changes nothing before 'yes' (bar shown: {shown}, week {tick} -> {now[0]}, branches {now[1]})")
    if not shown:
        return
    host.click("#confirmNo")
    wait_for(host, "document.getElementById('confirm').hidden", f"'no' closes the {what} confirmation")
    host.click(button)
    wait_for(host, "!document.getElementById('confirm').hidden", f"{what} asks again")
    host.keyboard.press("Escape")
    wait_for(host, "document.getElementById('confirm').hidden", f"Esc closes the {what} confirmation")
    time.sleep(0.6)
    now = host.evaluate("[Number(document.body.dataset.tick), Number(document.body.dataset.branches)]")
    check(now[0] >= tick and now[1] == branches, f"'no' and Esc cancel the {what} (week {tick} -> {now[0]}, branches {now[1]})")
    host.click(button)
    if wait_for(host, "!document.getElementById('confirm').hidden", f"{what} asks a third time"):
        host.click("#confirmYes")


def controls(host):
    """Reset and Drop confirm first; space, S and F; a typed lever value; the slider's middle; the
    zero toggle; the branches' colours."""
    # Reset: asks first; 'yes' starts the run again at week 0 with one branch.
    branches = host.evaluate("Number(document.body.dataset.branches)")
    tick = host.evaluate("Number(document.body.dataset.tick)")
    confirm_first(host, "#reset", "Reset", branches)
    wait_for(host, f"Number(document.body.dataset.branches) === 1 && Number(document.body.dataset.tick) < {min(tick, 20)}",
             "'yes' resets the run")
    check(host.evaluate("Number(document.body.dataset.tick)") < tick, "after 'yes' the run starts again")
    # Keys: space plays and pauses, S steps one week, F forks.
    for _ in range(2):
        playing = host.evaluate("S.playing")
        press(host, " ")
        wait_for(host, f"S.playing === {'false' if playing else 'true'}", f"space {'pauses' if playing else 'plays'}")
    if host.evaluate("S.playing"):
        press(host, " ")
        wait_for(host, "S.playing === false", "space pauses")
    time.sleep(0.5)
    week = host.evaluate("S.branches.get('A').tick")
    press(host, "s")
    wait_for(host, f"S.branches.get('A').tick !== {week}", "S steps")
    time.sleep(0.5)
    after = host.evaluate("S.branches.get('A').tick")
    check(after == week + 1 and not host.evaluate("S.playing"), f"S steps exactly one week when paused ({week} -> {after})")
    # A typed value is applied exactly; the slider's middle is the lever's default.
    lever = "bureaucracy.friction"
    press(host, "l")
    wait_for(host, "getComputedStyle(document.getElementById('levers')).display !== 'none'", "L opens the levers drawer")
    spec = host.evaluate(f"S.hello.levers.find(l => l.name === '{lever}')")
    idx = host.evaluate(f"S.hello.levers.findIndex(l => l.name === '{lever}')")
    want = 0.437 if abs(spec["default"] - 0.437) > 0.01 else 0.613
    typed = host.locator(f'[id="typed-{lever}"]')
    typed.scroll_into_view_if_needed()
    typed.fill(str(want))
    typed.press("Enter")
    wait_for(host, f"S.branches.get('A').levers[{idx}] !== {spec['default']}", "the typed value arrives")
    time.sleep(0.3)
    got = host.evaluate(f"S.branches.get('A').levers[{idx}]")
    shown = typed.input_value()
    check(got == want and shown == str(want), f"a typed lever value is applied exactly (typed {want}, server {got}, shown {shown})")
    click_slider(host, lever, 0.5)
    wait_for(host, f"S.branches.get('A').levers[{idx}] !== {want}", "the slider's middle is applied")
    time.sleep(0.3)
    got = host.evaluate(f"S.branches.get('A').levers[{idx}]")
    check(got == spec["default"], f"the slider's middle sets the lever's default ({got}, default {spec['default']})")
    off = host.evaluate("""S.hello.levers.filter(l => (l.kind === 'real' || l.kind === 'integer') && l.min < l.default && l.default < l.max
        && (fromSlider(l, 500) !== l.default || toSlider(l, l.default) !== 500)).map(l => l.name)""")
    check(not off, "every slider's middle is its lever's default" + (f" (not: {off})" if off else ""))
    host.keyboard.press("Escape")
    # F forks; the two branches' lines in their colours from the server, branch A black.
    press(host, "f")
    ok = wait_for(host, "Number(document.body.dataset.branches) === 2", "F forks")
    check(ok and host.locator("#tab-B").is_visible(), "F makes a new branch tab")
    press(host, " ")
    wait_for(host, "S.playing && S.branches.get('B').tick > S.branches.get('B').forkedAt + 20", "both branches run on")
    wait_for(host, "(() => { const c = JSON.parse(document.getElementById('chart0').dataset.lineColours || '{}'); return c.A && c.B; })()",
             "chart 0 draws both branches")
    r = host.evaluate("""() => ({ sent: S.hello.branchColours.slice(0, 2), charts: [0, 1, 2, 3].map(i =>
        JSON.parse(document.getElementById('chart' + i).dataset.lineColours || '{}')),
      pixels: (() => { const c = document.getElementById('chart0'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const want = S.hello.branchColours[1].toLowerCase(), n = [0, 0];
        const hex = (k) => '#' + [d[k], d[k + 1], d[k + 2]].map(x => x.toString(16).padStart(2, '0')).join('');
        for (let k = 0; k < d.length; k += 4) if (d[k + 3] === 255) { const h = hex(k); if (h === want) n[1]++; else if (h === '#000000') n[0]++; }
        return n; })() })""")
    lines = [(c.get("A"), c.get("B")) for c in r["charts"]]
    check(r["sent"][0].lower() == "#000000" and all(a == r["sent"][0].lower() and b == r["sent"][1].lower() and a != b for a, b in lines)
          and min(r["pixels"]) > 100, f"branch A's lines black, B's in the server's second colour on every chart "
          f"(sent {r['sent']}, drawn {lines[0]}, chart 0 pixels {r['pixels']})")
    # Drop: asks first.
    if host.evaluate("Number(document.body.dataset.branches)") == 2:
        host.click("#tab-B")
        confirm_first(host, "#drop", "Drop", 2)
        wait_for(host, "Number(document.body.dataset.branches) === 1", "'yes' drops the branch")
    # Axes from 0: off, the trust chart's axis starts above 0; on, every chart's at 0.
    trust = host.evaluate("S.hello.charts.findIndex(c => c.key === 'trust')")
    if host.evaluate("document.getElementById('zero').checked"):
        host.click("#zero")
    wait_for(host, f"Number(document.getElementById('chart{trust}').dataset.y0) > 0", "the trust chart's axis fitted to its data")
    host.click("#zero")
    ok = wait_for(host, "[0, 1, 2, 3].every(i => Number(document.getElementById('chart' + i).dataset.y0) === 0)",
                  "'Axes from 0' puts every axis at 0")
    check(ok, "with 'Axes from 0' every chart's y axis starts at 0 (" + host.evaluate(
        "[0, 1, 2, 3].map(i => document.getElementById('chart' + i).dataset.y0).join(', ')") + ")")
    host.click("#zero")
    ok = wait_for(host, f"Number(document.getElementById('chart{trust}').dataset.y0) > 0", "'Axes from 0' off again")
    check(ok, "without it the trust chart's axis starts above 0 (" + host.evaluate(
        f"document.getElementById('chart{trust}').dataset.y0") + ")")


def srv_levers(srv):
    import json
    import urllib.request
    with urllib.request.urlopen(srv.url(path="/api/levers")) as r:
        return json.load(r)


def replay_matches(buurt, exported):
    """`buurt run` on the exported YAML reproduces the branch's rows exactly (up to its week)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, exported["yamlFile"])
        with open(path, "w") as f:
            f.write(exported["yaml"])
        out = os.path.join(tmp, "replay")
        subprocess.run([buurt, "run", path, "--out", out, "--quiet", "--threads", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "timeseries.csv")) as f:
            replayed = list(csv.reader(f))
        live = list(csv.reader(io.StringIO(exported["csv"])))
        n = len(live)
        for a, b in zip(live, replayed):
            if a != b:
                print("    first difference:\n    live:   " + ",".join(a) + "\n    replay: " + ",".join(b))
                break
        check(n > 100 and replayed[:n] == live, f"`buurt run` on the export reproduces branch {exported['branch']}'s "
              f"{n - 1} weeks exactly")


# ---------- the audit's defects (page-fixes): phone votes, small projectors, tallies, keys, restarts ----------

PHONE_VOTES_JS = """() => {
  const box = (id) => { const e = document.getElementById(id), r = e.getBoundingClientRect();
    return { h: Math.round(r.height), content: e.scrollHeight, top: Math.round(r.top + scrollY), shown: r.height > 0 && getComputedStyle(e).display !== 'none' }; };
  return { votes: box('votes'), form: box('proposeForm'), proposals: box('proposals'), changes: box('changesBox'),
           main: box('fig0').top, page: document.documentElement.scrollHeight };
}"""

LAYOUT_JS = """() => {
  const r = (id) => document.getElementById(id).getBoundingClientRect();
  const inView = (e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0 && b.top >= -1 && b.bottom <= innerHeight + 1
    && b.left >= -1 && b.right <= innerWidth + 1; };
  const spill = [];
  for (const e of document.querySelectorAll('main figure, #side > section, #bar, #hostbar, header')) {
    if (getComputedStyle(e).display === 'none') continue;
    if (e.scrollHeight > e.clientHeight + 2 && !(e.id === 'votes' || e.id === 'changesBox')) spill.push(e.id || e.tagName);
  }
  const votes = document.getElementById('votes');
  return { plots: [0, 1, 2, 3].map(i => Number(document.getElementById('chart' + i).dataset.plot || 0)),
           canvases: [0, 1, 2, 3].map(i => Math.round(r('chart' + i).height)),
           network: Math.round(r('network').height), changes: Math.round(r('changes').height),
           changesHeading: inView(document.querySelector('#changesBox h2')),
           scroll: document.documentElement.scrollHeight > innerHeight + 1 || document.documentElement.scrollWidth > innerWidth + 1,
           spill: spill, votesCut: votes.scrollHeight > votes.clientHeight + 2,
           closeVote: inView(document.getElementById('closeVote')),
           rowsInView: [...document.querySelectorAll('#proposals li')].filter(inView).length,
           rows: document.querySelectorAll('#proposals li').length,
           applyInView: [...document.querySelectorAll('#proposals li button')].filter(inView).length,
           bar: Math.round(r('bar').height), chartTop: Math.round(r('chart0').top), chartH: Math.round(r('chart0').height) };
}"""


def ws_url(srv):
    return f"ws://127.0.0.1:{srv.port}/ws"


def open_phones(page, srv, n, prefix):
    """n phones as bare WebSockets from inside a page (each its own viewer id); each proposes its own
    value of the grant size, so n proposals with one vote each."""
    page.evaluate("""([url, n, prefix]) => { window.__phones = [];
      for (let k = 0; k < n; k++) { const ws = new WebSocket(url + '?viewer=' + prefix + String(k).padStart(20, '0'));
        ws.onopen = () => ws.send(JSON.stringify({type: 'propose', branch: 'A', lever: 'funding.grant_size', value: 11000 + 1000 * k}));
        window.__phones.push(ws); } }""", [ws_url(srv), n, prefix])


def page_fixes(browser, srv, out):
    # 1. The phone: the audience's proposals near the top, whole and usable; the change list whole.
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(srv.url() + "?lang=nl")
    wait_for(phone, "Number(document.body.dataset.updates) > 0 && S.hello", "phone page loads")
    r = phone.evaluate(PHONE_VOTES_JS)
    whole = all(r[k]["shown"] and r[k]["h"] >= r[k]["content"] - 1 and r[k]["h"] > 30 for k in ("votes", "form", "proposals", "changes"))
    check(whole and r["votes"]["top"] < r["main"], f"390x844: the proposals, the propose form and the changes are whole "
          f"and the proposals come before the charts ({r})")
    box = phone.locator("#proposeButton").bounding_box()
    check(box and box["y"] + box["height"] <= 844, f"390x844: 'Stel voor' is on the first screen (at y={box and round(box['y'])})")
    check(phone.evaluate("document.getElementById('proposeValue').value") != "", "the propose form starts at the lever's current value")
    g = phone.evaluate("""(() => { const gs = [...document.querySelectorAll('#proposeLever optgroup')];
        return { groups: gs.length, first: gs.length ? gs[0].label : '', loose: document.querySelectorAll('#proposeLever > option').length,
                 selected: document.getElementById('proposeLever').selectedOptions[0].parentElement.label }; })()""")
    check(g["groups"] >= 5 and g["loose"] == 0 and g["selected"] == g["first"],
          f"the phone's lever list is grouped as the host's panel, policy groups first ({g})")
    phone.select_option("#proposeLever", "bureaucracy.friction")
    phone.fill("#proposeValue", "0,3")
    phone.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)      # a real tap, no scrolling inside a box
    wait_for(phone, "document.querySelector('#proposals li button') !== null", "a proposal made on the phone shows on it")
    b = phone.locator("#proposals li button").first.bounding_box()
    r = phone.evaluate(PHONE_VOTES_JS)
    check(b and b["height"] >= 36 and b["y"] + b["height"] <= r["votes"]["top"] + r["votes"]["h"] and r["votes"]["h"] >= r["votes"]["content"] - 1,
          f"390x844: the vote button is whole inside the proposals ({b})")
    phone.screenshot(path=os.path.join(out, "fix-390x844-votes.png"))
    phone.screenshot(path=os.path.join(out, "fix-390x844-full.png"), full_page=True)
    phone.close()

    # 3-5. The host on small projectors with four branches and a full round of eight proposals.
    host = browser.new_page(viewport={"width": 1280, "height": 720})
    host.goto(srv.url(host=True) + "&lang=nl")
    wait_for(host, "document.body.dataset.role === 'host' && Number(document.body.dataset.updates) > 0", "host at 1280x720")
    check("token" not in host.evaluate("location.href") and host.evaluate("sessionStorage.getItem('buurt.token')") == srv.token,
          "the host token is taken out of the address bar (kept in the tab's session storage)")
    host.reload()
    wait_for(host, "document.body.dataset.role === 'host' && Number(document.body.dataset.updates) > 0", "a reload stays host")
    check(host.evaluate("S.role") == "host", "after a reload the page is still the host's (token from session storage)")
    one = host.evaluate(LAYOUT_JS)
    host.evaluate("send({type: 'reset', scenario: 'austerity'})")
    wait_for(host, "S.scenario && S.scenario.name === 'austerity' && Number(document.body.dataset.branches) === 1", "austerity starts")
    check(host.evaluate("document.getElementById('scenarioName').textContent") == "bezuinigingen", "the Dutch page names the scenario in Dutch")
    for k in range(3):
        host.evaluate("send({type: 'step', count: 40})")
        time.sleep(0.3)
        host.evaluate("send({type: 'fork', branch: S.order[S.order.length - 1]})")
        wait_for(host, f"Number(document.body.dataset.branches) === {k + 2}", f"fork {k + 1}")
    host.evaluate("send({type: 'step', count: 40})")
    time.sleep(0.5)
    open_phones(host, srv, 8, "p")
    wait_for(host, "Number(document.body.dataset.proposals) === 8", "eight proposals from eight phones")
    wait_for(host, "Number(document.body.dataset.votes) === 8", "eight votes")
    host.evaluate("S.selected = 'A'; renderAll()")
    time.sleep(0.8)
    for (w, h, least) in [(1280, 720, 100), (1024, 768, 100), (1366, 768, 110), (1920, 1080, 200)]:
        host.set_viewport_size({"width": w, "height": h})
        time.sleep(0.8)
        r = host.evaluate(LAYOUT_JS)
        check(min(r["plots"]) >= least and not r["scroll"] and not r["spill"],
              f"{w}x{h}, 4 branches, 8 proposals: every chart's plot at least {least} px high ({r['plots']}), nothing spills "
              f"({r['spill']}), no scrolling ({r['scroll']})")
        check(r["closeVote"] and r["applyInView"] == r["rows"] == 8 and not r["votesCut"],
              f"{w}x{h}: all 8 proposals with their buttons and 'Stemming sluiten' in view ({r['applyInView']} of {r['rows']})")
        # A round of 6 or more proposals takes the network's place on the projector's narrow layouts.
        net_ok = r["network"] >= 60 or (w < 1601 and host.evaluate("document.body.classList.contains('many-proposals')"))
        check(r["changes"] >= 40 and r["changesHeading"] and net_ok,
              f"{w}x{h}: the changes list ({r['changes']} px, heading shown) and the network ({r['network']} px, "
              f"or the round in its place) keep their place")
        host.screenshot(path=os.path.join(out, f"fix-{w}x{h}-4branches.png"))
    host.set_viewport_size({"width": 1280, "height": 720})
    time.sleep(0.5)
    four = host.evaluate(LAYOUT_JS)
    check(min(four["plots"]) >= min(one["plots"]) - 25,
          f"1280x720: the charts keep their size with 4 branches ({one['plots']} with 1, {four['plots']} with 4)")
    # 4. A message (and an error of many words) does not move the charts.
    host.evaluate("toast('x'); document.getElementById('toast').innerHTML = ''")
    before = host.evaluate(LAYOUT_JS)
    host.evaluate("toast(T('toast.set', {branch: 'B', lever: 'subsidiebedrag', week: 12}))")
    mid = host.evaluate(LAYOUT_JS)
    host.evaluate("toast('Geweigerd: ' + 'een lange weigering met veel woorden '.repeat(8), true)")
    after = host.evaluate(LAYOUT_JS)
    same = [(x["bar"], x["chartTop"], x["chartH"]) for x in (before, mid, after)]
    check(len(set(same)) == 1, f"a message and a long refusal leave the charts where they were (bar, chart top, height: {same})")
    # 2. Phones that leave: the projector's tally drops without anyone voting (paused: nothing else is sent).
    host.evaluate("send({type: 'pause'})")
    host.evaluate("window.__phones.slice(0, 3).forEach(ws => ws.close())")
    ok = wait_for(host, "Number(document.body.dataset.votes) === 5", "the tally drops when phones leave", timeout=5)
    votes = host.evaluate("Number(document.body.dataset.votes)")
    check(ok, f"3 of 8 phones left: the projector shows {votes} votes without anyone voting")
    host.evaluate("window.__phones.forEach(ws => ws.close())")
    wait_for(host, "Number(document.body.dataset.votes) === 0", "every phone gone: no votes")
    host.evaluate("send({type: 'closevote'})")
    # 6. Axis labels exact for the grid's step.
    bad = host.evaluate("""() => [0, 1, 2, 3].flatMap(i => JSON.parse(document.getElementById('chart' + i).dataset.yticks || '[]')
        .filter(([v, t]) => Math.abs(Number(t.replace(/\\./g, '').replace(',', '.')) - v) > 1e-9 * Math.max(1, Math.abs(v))).map(x => i + ': ' + x.join(' as ')))""")
    digits = host.evaluate("[axisDigits(0.025), axisDigits(0.25), axisDigits(2.5), axisDigits(0.05), axisDigits(5), axisDigits(0.1)]")
    check(not bad and digits == [3, 2, 1, 2, 0, 1], f"every y-axis label says its grid line exactly (digits {digits}; wrong: {bad[:4]})")
    # 9. Keys after clicking a checkbox, a list, a slider; 10. arrow keys make one marker, none for no change.
    keys_after_clicks(host)
    # 11. The speed list shows the server's speed, also one it does not offer; 13. singular forms.
    host.evaluate("send({type: 'speed', value: 40})")
    wait_for(host, "S.speed === 40", "speed 40")
    host.reload()
    wait_for(host, "S.hello && S.scenario && Number(document.body.dataset.updates) > 0", "host reloads")
    shown = host.evaluate("(() => { const s = document.getElementById('speed'); return [s.value, s.options[s.selectedIndex].text]; })()")
    check(shown == ["40", "40 weken/s"], f"the speed list shows the server's speed 40 (shows {shown})")
    host.evaluate("send({type: 'speed', value: 20}); send({type: 'reset', scenario: 'baseline', set: {'simulation.ticks': 1560}})")
    wait_for(host, "S.scenario.name === 'baseline' && Number(document.body.dataset.branches) === 1", "back to the baseline")
    host.evaluate("send({type: 'play'})")
    wait_for(host, "Number(document.body.dataset.tick) >= 40", "the baseline runs again")
    forms = host.evaluate("[counted(1, 'watching', 'watching1'), counted(3, 'watching', 'watching1'), speedText(1), S.texts.page['role.host']]")
    check(forms[:3] == ["1 kijker", "3 kijkers", "1 week/s"] and forms[3] != "GASTHEER", f"Dutch singulars and the host's role: {forms}")
    host.close()


def keys_after_clicks(host):
    host.evaluate("send({type: 'pause'})")
    wait_for(host, "S.playing === false", "paused")
    zero = host.evaluate("document.getElementById('zero').checked")
    host.click("#zero")
    host.keyboard.press(" ")
    ok = wait_for(host, "S.playing === true", "space plays after a click on 'Assen vanaf 0'", timeout=4)
    check(ok and host.evaluate("document.getElementById('zero').checked") != zero,
          "after clicking the checkbox, space plays (and leaves the checkbox as clicked)")
    host.keyboard.press(" ")
    wait_for(host, "S.playing === false", "space pauses again")
    host.click("#zero")
    host.select_option("#speed", "10")
    wait_for(host, "S.speed === 10", "speed chosen from the list")
    week = host.evaluate("S.branches.get('A').tick")
    host.keyboard.press("s")
    ok = wait_for(host, f"S.branches.get('A').tick === {week + 1}", "S steps after choosing from the speed list", timeout=4)
    check(ok, "after using the speed list, S steps")
    # A slider: five arrow presses, one marker; there and back again, none.
    lever = "bureaucracy.friction"
    host.keyboard.press("l")
    wait_for(host, "document.body.classList.contains('drawer')", "L opens the drawer after using the list")
    markers = host.evaluate("S.branches.get(S.selected).markers.length")
    slider = host.locator(f'[id="input-{lever}"]')
    slider.scroll_into_view_if_needed()
    slider.focus()
    for _ in range(5):
        host.keyboard.press("ArrowRight")
    time.sleep(1.6)
    now = host.evaluate("S.branches.get(S.selected).markers.length")
    check(now == markers + 1, f"five arrow presses on a slider make one change ({now - markers} markers)")
    host.keyboard.press("ArrowRight")
    host.keyboard.press("ArrowLeft")
    time.sleep(1.6)
    again = host.evaluate("S.branches.get(S.selected).markers.length")
    check(again == now, f"an arrow there and back makes no marker ({again - now})")
    host.keyboard.press("l")
    ok = wait_for(host, "!document.body.classList.contains('drawer')", "L closes the drawer with the slider focused", timeout=3)
    check(ok, "L works with a slider focused")


def restarts(browser, buurt, out):
    """8: a restarted server is told to the host, and controls are off while the server is away;
    7: a restart with another token says so, instead of silently making the host a viewer."""
    first = Server(buurt, "--threads", "1")
    with first as srv:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(srv.url(host=True) + "&lang=nl")
        wait_for(page, "document.body.dataset.role === 'host' && Number(document.body.dataset.updates) > 0", "host of the first server")
        page.evaluate("send({type: 'step', count: 5}); send({type: 'fork', branch: 'A'})")
        wait_for(page, "Number(document.body.dataset.branches) === 2", "a fork before the restart")
        port, token = srv.port, srv.token
    ok = wait_for(page, "document.body.classList.contains('offline') && document.getElementById('play').disabled", "server down", timeout=10)
    check(ok and page.evaluate("document.body.dataset.notice") == "offline",
          "while the server is down the host's controls are disabled and a notice says why")
    page.screenshot(path=os.path.join(out, "fix-server-down.png"))
    again = Server(buurt, "--threads", "1")
    again.port, again.token = port, token
    with again:
        ok = wait_for(page, "document.body.dataset.notice === 'restarted' && !document.body.classList.contains('offline')", "back", timeout=15)
        check(ok and page.evaluate("S.role") == "host" and not page.evaluate("document.getElementById('play').disabled")
              and page.evaluate("Number(document.body.dataset.branches)") == 1,
              "after a restart the host is told the session was restarted (its fork is gone), controls work again")
        page.screenshot(path=os.path.join(out, "fix-server-restarted.png"))
    other = Server(buurt, "--threads", "1")
    other.port = port
    with other:
        ok = wait_for(page, "document.body.dataset.notice === 'token'", "restart with a new token", timeout=15)
        check(ok and page.evaluate("S.role") == "viewer" and "regielink" in page.evaluate("document.getElementById('noticeText').textContent"),
              "restarted with a new token: the host page says its link no longer works")
        page.screenshot(path=os.path.join(out, "fix-server-new-token.png"))
        page.close()


if __name__ == "__main__":
    main()
