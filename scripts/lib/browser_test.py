#!/usr/bin/env python3
"""Real-browser test of `buurt serve` (see scripts/browser-test).

    python3 scripts/lib/browser_test.py BUURT_BINARY OUT_DIR
"""
import csv
import io
import os
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
        ok = wait_for(host, "[...document.querySelectorAll('#changes li')].some(li => li.textContent.includes('bureaucracy.friction'))",
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
        wait_for(phone, "S.scenario && S.scenario.name === 'my-district'", "viewers follow the reset")
        check(not outside, "nothing fetched from outside the server" + (f": {outside}" if outside else ""))
        check(not errors, "no script errors" + (f": {errors}" if errors else ""))
        browser.close()
        code = srv.stop()
        check(code == 130, f"Ctrl-C stops the server with exit code 130 (got {code})")
    print(f"browser-test: {checks.passed} passed, {checks.failed} failed")
    print(f"screenshots: {out}/serve.png, {out}/serve-phone.png")
    sys.exit(1 if checks.failed else 0)


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


if __name__ == "__main__":
    main()
