#!/usr/bin/env python3
"""Do the stylized facts hold across the plausible range of the uncertain behavioural parameters?

For every stylized fact and every uncertain parameter, this runs the fact's validation experiment
(Experiments/validation/sfN-*.yaml, reduced as in the tests by Experiments/validation/reduced.csv:
a smaller district with the baseline's per-resident intermediaries, civil servants and budget,
fewer replicates and weeks) with the parameter at the low and at the high end of its plausible
range, and applies the fact's statistical test (`buurt validate`). The parameters and their ranges
are read from the registry (`buurt params --uncertain --format csv`), the experiments from their
files: nothing is copied here. A fact that holds at both ends of every parameter is robust to that
uncertainty; where it fails, it hinges on that parameter. Prints a Markdown table. With all
uncertain parameters this takes long (two sweeps per fact and parameter); pick some with --params.

    python3 scripts/robustness.py [--buurt BUURT] [--out OUT_DIR] [--params a,b,...] [--facts sf1,sf2]
"""
import argparse
import csv
import io
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    sys.exit("robustness.py needs PyYAML (pip install pyyaml)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VALIDATION = os.path.join(ROOT, "Experiments", "validation")


def registry(buurt, uncertain):
    args = [buurt, "params", "--format", "csv"] + (["--uncertain"] if uncertain else [])
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def plausible(row):
    lo, hi = (float(x) for x in row["plausible"].split(".."))
    return lo, hi


def reduced(name, buurt, defaults):
    """The validation experiment `name`, shrunk as the tests shrink it (reduced.csv)."""
    with open(os.path.join(VALIDATION, "reduced.csv")) as f:
        rows = {r["experiment"]: r for r in csv.DictReader(f)}
    r = rows[name]
    with open(os.path.join(VALIDATION, name + ".yaml")) as f:
        e = yaml.safe_load(f)
    residents = int(r["residents"])
    scale = residents / defaults["population.residents"]
    sets = dict(e.get("set") or {})
    sets["population.residents"] = residents
    if "population.intermediaries" not in e["vary"]:
        sets["population.intermediaries"] = round(defaults["population.intermediaries"] * scale)
    sets["population.civil_servants"] = round(defaults["population.civil_servants"] * scale)
    sets["funding.annual_budget"] = defaults["funding.annual_budget"] * scale
    e["set"] = sets
    e["replicates"] = int(r["replicates"])
    e["ticks"] = int(r["ticks"])
    if r["points"]:
        (lever,) = e["vary"].keys()
        e["vary"] = {lever: [float(v) for v in r["points"].split(";")]}
    return e


def run(buurt, out, fact, e, param, value):
    name = f"{fact}-robust-{param.split('.')[1]}-{value:g}"
    e = dict(e, name=name, set=dict(e["set"], **{param: value}))
    os.makedirs(f"{out}/files", exist_ok=True)
    path = f"{out}/files/{name}.yaml"
    with open(path, "w") as f:
        yaml.safe_dump(e, f, sort_keys=False)
    subprocess.run([buurt, "sweep", path, "--out", f"{out}/{name}", "--quiet", "--fresh"], check=True,
                   stdout=subprocess.DEVNULL)
    r = subprocess.run([buurt, "validate", f"{out}/{name}"], capture_output=True, text=True)
    figures = re.search(r"measured: (.*)", r.stdout)
    return r.returncode == 0, figures.group(1) if figures else r.stderr.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--buurt", default=os.path.join(ROOT, ".build/release/buurt"))
    ap.add_argument("--out", default="Results/robustness")
    ap.add_argument("--params", help="comma-separated uncertain parameters (default: all of `buurt params --uncertain`)")
    ap.add_argument("--facts", help="comma-separated experiments by prefix, e.g. sf1,sf6 (default: all)")
    a = ap.parse_args()
    params = {row["name"]: plausible(row) for row in registry(a.buurt, uncertain=True)}
    if a.params:
        wanted = a.params.split(",")
        unknown = [p for p in wanted if p not in params]
        if unknown:
            sys.exit(f"not an uncertain parameter: {', '.join(unknown)} (see buurt params --uncertain)")
        params = {p: params[p] for p in wanted}
    defaults = {row["name"]: float(row["default"]) for row in registry(a.buurt, uncertain=False)
                if re.fullmatch(r"[-0-9.e]+", row["default"])}
    with open(os.path.join(VALIDATION, "reduced.csv")) as f:
        names = [r["experiment"] for r in csv.DictReader(f)]
    if a.facts:
        names = [n for n in names if n.split("-")[0] in a.facts.split(",")]
    print("| fact | " + " | ".join(f"`{p.split('.')[1]}` low / high" for p in params) + " |")
    print("|---|" + "---|" * len(params))
    failures = []
    for name in names:
        fact = name.split("-")[0]
        e = reduced(name, a.buurt, defaults)
        cells = []
        for param, (low, high) in params.items():
            marks = []
            for end, value in (("low", low), ("high", high)):
                ok, figures = run(a.buurt, a.out, fact, e, param, value)
                marks.append("holds" if ok else "**fails**")
                if not ok:
                    failures.append(f"{fact.upper()} with {param} = {value:g} ({end}): {figures}")
            cells.append(" / ".join(marks))
        print(f"| {fact.upper()} | " + " | ".join(cells) + " |", flush=True)
    print()
    for f in failures:
        print(f"* {f}")


if __name__ == "__main__":
    main()
