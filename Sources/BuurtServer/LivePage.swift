/// The live workshop page: one self-contained HTML document (markup, style, script), compiled into
/// the binary. It fetches nothing from anywhere but its own server's WebSocket, uses the machine's
/// own fonts, and builds its controls and charts from the server's `hello` message.
///
/// Made for a projector at the back of a room: large type, black on white, thick lines, and the
/// Okabe-Ito colour-blind-safe palette; it reflows to one column on a phone.
public enum LivePage {
    public static let html: String = head + body + "<script>\n" + script + drawing + "\nconnect();\n</script>\n</body>\n</html>\n"

    static let head = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Buurt live</title>
<style>
:root {
  --ink: #000; --paper: #fff; --muted: #333; --line: #bbb; --panel: #f2f2f2;
  --blue: #0072B2; --orange: #E69F00; --green: #009E73; --purple: #CC79A7;
  --vermillion: #D55E00; --sky: #56B4E9; --yellow: #F0E442;
  font-family: "DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; color: var(--ink); background: var(--paper);
}
* { box-sizing: border-box; }
body { margin: 0; padding: 10px 16px 16px; line-height: 1.25; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px 26px; }
h1 { font-size: 34px; margin: 0; letter-spacing: 0.5px; }
h1 span { color: var(--blue); }
h2 { font-size: 24px; margin: 0 0 6px; }
#scenarioName { font-size: 24px; font-weight: bold; }
#scenarioInfo { font-size: 20px; color: var(--muted); }
#clock { font-size: 40px; font-weight: bold; margin-left: auto; font-variant-numeric: tabular-nums; }
#clock small { font-size: 22px; font-weight: normal; color: var(--muted); }
.badge { font-size: 18px; font-weight: bold; padding: 4px 10px; border: 3px solid var(--ink); border-radius: 6px; }
.badge.host { background: var(--ink); color: var(--paper); }
#conn.bad { background: var(--vermillion); color: #fff; border-color: var(--vermillion); }
#hostbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 10px; margin: 10px 0 6px;
  padding: 8px 10px; background: var(--panel); border-radius: 8px; }
#hostbar[hidden] { display: none; }
button, select, .button { font: inherit; font-size: 20px; font-weight: bold; min-height: 48px; padding: 6px 16px;
  border: 3px solid var(--ink); border-radius: 8px; background: var(--paper); color: var(--ink); cursor: pointer; }
button:hover, .button:hover { background: #e8e8e8; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 4px solid var(--blue); outline-offset: 2px; }
button.primary { background: var(--ink); color: var(--paper); min-width: 130px; }
button:disabled { opacity: 0.4; cursor: default; }
select { font-weight: normal; }
.sep { width: 2px; align-self: stretch; background: var(--line); margin: 0 4px; }
.button input[type=file] { display: none; }
#branches { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 6px 0; }
#branches .label { font-weight: bold; }
.tab { display: inline-flex; align-items: center; gap: 8px; font-weight: bold; }
.tab[aria-pressed=true] { background: var(--ink); color: var(--paper); }
.tab svg { width: 46px; height: 12px; }
#toast { position: fixed; left: 50%; bottom: 18px; transform: translateX(-50%); z-index: 10; width: max-content;
  max-width: min(1100px, 94vw); font-size: 22px; pointer-events: none; }
#toast div { margin: 6px 0; padding: 10px 16px; border: 3px solid var(--ink); border-left: 12px solid var(--blue);
  background: var(--paper); box-shadow: 0 4px 14px rgba(0,0,0,0.25); }
#toast div.error { border-left-color: var(--vermillion); font-weight: bold; }
main { display: grid; gap: 12px; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(0, 1.05fr) 400px; }
figure { margin: 0; border: 2px solid var(--line); border-radius: 8px; padding: 6px 8px; min-width: 0; min-height: 0;
  display: flex; flex-direction: column; }
.plot { position: relative; flex: 1 1 0; min-height: 230px; }
.plot canvas { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: block; }
#netplot { min-height: 420px; }
figcaption { font-size: 22px; font-weight: bold; }
.legend { font-size: 17px; font-weight: normal; display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 2px 0; }
.legend i { display: inline-block; width: 26px; height: 6px; vertical-align: middle; margin-right: 6px; border-radius: 3px; }
.legend b { font-variant-numeric: tabular-nums; }
#netpanel { grid-column: 3; grid-row: 1 / span 2; }
.ramp { display: inline-block; width: 120px; height: 14px; vertical-align: middle; border: 1px solid var(--ink);
  background: linear-gradient(90deg, #D55E00, #BBBBBB, #0072B2); margin: 0 6px; }
#changes { font-size: 17px; margin: 6px 0 0; padding-left: 1.6em; max-height: 5.6em; overflow-y: auto; flex: none; }
#levers { grid-column: 4; grid-row: 1 / span 2; max-height: 90vh; overflow-y: auto; min-height: 0;
  border: 2px solid var(--line); border-radius: 8px; padding: 6px 10px; }
@media (min-width: 1501px) and (min-height: 760px) {
  html, body { height: 100%; }
  body { display: flex; flex-direction: column; }
  main { flex: 1 1 0; min-height: 0; grid-template-rows: minmax(0, 1fr) minmax(0, 1fr); }
  #levers { max-height: none; }
  .plot { min-height: 150px; }
  #netplot { min-height: 300px; }
}
details { border-top: 2px solid var(--line); padding: 4px 0; }
summary { font-size: 22px; font-weight: bold; cursor: pointer; padding: 4px 0; text-transform: capitalize; }
.lever { margin: 8px 0 12px; }
.lever .top { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; }
.lever .name { font-weight: bold; font-size: 19px; overflow-wrap: anywhere; }
.lever .value { font-weight: bold; font-size: 21px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.lever .value small { font-weight: normal; font-size: 15px; color: var(--muted); }
.lever .desc { font-size: 15px; color: var(--muted); margin-top: 2px; }
.lever.pending .value { color: var(--vermillion); }
.lever.pending .value::after { content: " (at reset)"; font-size: 14px; }
input[type=range] { width: 100%; height: 36px; accent-color: var(--blue); margin: 2px 0; }
input[type=checkbox] { width: 32px; height: 32px; accent-color: var(--blue); vertical-align: middle; }
.lever select { width: 100%; }
.viewer-note { font-size: 17px; color: var(--muted); }
@media (max-width: 1500px) {
  main { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) 380px; }
  #netpanel { grid-column: 1 / span 2; grid-row: auto; }
  #levers { grid-column: 3; grid-row: 1 / span 3; }
}
@media (max-width: 900px) {
  :root { font-size: 18px; }
  main { grid-template-columns: minmax(0, 1fr); }
  #netpanel, #levers { grid-column: 1; grid-row: auto; max-height: none; }
  #clock { margin-left: 0; font-size: 32px; }
  .plot { min-height: 250px; }
  #netplot { min-height: 400px; }
}
</style>
</head>

"""#

    static let body = #"""
<body data-updates="0" data-tick="0" data-branches="0" data-role="">
<header>
  <h1>Buurt <span>live</span></h1>
  <div><div id="scenarioName">connecting…</div><div id="scenarioInfo"></div></div>
  <div id="clock">week <span id="week">0</span><small id="weekOf"></small></div>
  <div id="role" class="badge">…</div>
  <div id="conn" class="badge">connecting</div>
</header>
<section id="hostbar" hidden aria-label="Host controls">
  <select id="scenarioPick" aria-label="Scenario"></select>
  <label class="button" title="Upload a scenario YAML file and start it">Upload YAML<input type="file" id="upload" accept=".yaml,.yml,text/yaml"></label>
  <button id="reset" title="Start the chosen scenario again from week 0">Reset</button>
  <span class="sep"></span>
  <button id="play" class="primary">▶ Play</button>
  <button id="step" title="One week">Step</button>
  <label>Speed <select id="speed" aria-label="Speed"></select></label>
  <span class="sep"></span>
  <button id="fork" title="Copy the selected branch as it is now into a new branch">Fork here</button>
  <button id="drop" title="Remove the selected branch">Drop branch</button>
  <button id="export" title="Download the selected branch as a replayable scenario (YAML) and as CSV">Export</button>
</section>
<div id="branches" aria-label="Branches"></div>
<div id="toast" role="status" aria-live="polite"></div>
<main>
  <figure><figcaption id="cap0"></figcaption><div class="plot"><canvas class="chart" id="chart0"></canvas></div></figure>
  <figure><figcaption id="cap1"></figcaption><div class="plot"><canvas class="chart" id="chart1"></canvas></div></figure>
  <figure><figcaption id="cap2"></figcaption><div class="plot"><canvas class="chart" id="chart2"></canvas></div></figure>
  <figure><figcaption id="cap3"></figcaption><div class="plot"><canvas class="chart" id="chart3"></canvas></div></figure>
  <figure id="netpanel"><figcaption>Network <span id="netBranch"></span></figcaption>
    <div class="legend">
      <span><i style="background:#000"></i>established</span>
      <span><i style="background:#009E73"></i>newcomer</span>
      <span><i style="background:#CC79A7"></i>under-represented</span>
      <span>◆ intermediary ■ civil servant ▮ funder</span>
      <span>trust<span class="ramp"></span>low → high</span>
    </div>
    <div class="plot" id="netplot"><canvas id="network" data-frames="0" data-edges="0" data-nodes="0"></canvas></div>
    <ol id="changes" aria-label="Lever changes"></ol>
  </figure>
  <aside id="levers" aria-label="Levers"><h2>Levers <span id="leverBranch"></span></h2>
    <div id="leverNote" class="viewer-note"></div><div id="leverGroups"></div></aside>
</main>

"""#
}
