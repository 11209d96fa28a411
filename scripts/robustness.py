#!/usr/bin/env python3
"""Do the stylized facts hold across the plausible range of the uncertain behavioural parameters?

For every fact SF1-SF8 and every behavioural parameter, this runs the fact's validation experiment
(reduced as in the tests: a smaller district, fewer replicates, common random numbers) with the
parameter at the low and at the high end of its plausible range (the ranges of
Experiments/sensitivity.yaml), and applies the fact's statistical test (`buurt validate`). A fact
that holds at both ends of every parameter is robust to that uncertainty; where it fails, it hinges
on that parameter. Prints a Markdown table. About 5 minutes on 2 cores.

    python3 scripts/robustness.py [BUURT] [OUT_DIR]
"""
import os
import re
import subprocess
import sys

BUURT = sys.argv[1] if len(sys.argv) > 1 else ".build/release/buurt"
OUT = sys.argv[2] if len(sys.argv) > 2 else "Results/robustness"

PARAMS = {  # plausible ranges, as in Experiments/sensitivity.yaml
    "behaviour.trust_gain": (0.01, 0.08),
    "behaviour.trust_asymmetry": (1.5, 5),
    "behaviour.trust_forgetting": (0.002, 0.01),
    "behaviour.burnout_threshold": (0.1, 0.3),
    "behaviour.recovery_rate": (0.03, 0.08),
    "behaviour.encounters_per_week": (1, 4),
    "behaviour.case_demand": (0.006, 0.018),
    "behaviour.spark_rate": (0.00005, 0.0002),
    "behaviour.good_encounter_share": (0.7, 0.9),
}


def district(residents, intermediaries=True):
    s = residents / 10000
    d = {"population.residents": residents, "population.civil_servants": round(30 * s),
         "funding.annual_budget": 100000 * s}
    if intermediaries:
        d["population.intermediaries"] = round(40 * s)
    return d


# The reduced validation experiments (as in Tests/BuurtValidationTests).
FACTS = {
    "sf1": (district(4000), {"bureaucracy.friction": "[0, 0.25, 0.5, 0.75, 1]"}, 14, 260, ""),
    "sf2": (district(2500), {"succession.planning": "[0, 1]"}, 12, 520, ""),
    "sf3": (dict(district(2500), **{"funding.term_weeks": 26, "funding.use_it_or_lose_it": "false"}),
            {"funding.core_share": "[0, 0.8]"}, 8, 260, ""),
    "sf4": (district(2500), {"funding.grant_size": "[1000, 2500, 5000, 10000, 25000, 50000]"}, 8, 260, ""),
    "sf5": (district(2500), {"funding.mode": "[competitive, collaborative]"}, 12, 260, ""),
    "sf6": (dict(district(5000), **{"austerity.programme_cut_weeks": 52}), {"austerity.programme_cut_week": "[0, 104]"}, 8, 364,
            "timeseries: {metrics: [mean_trust_institutions], every: 1}\n"),
    "sf7": (district(2500), {"government.outreach_hours": "[0, 8]"}, 8, 260, ""),
    "sf8": (dict(district(2500, intermediaries=False), **{"behaviour.emergence_rate": 0}),
            {"population.intermediaries": "[0, 10]"}, 8, 260, ""),
}


def run(fact, param, value):
    base, vary, reps, ticks, extra = FACTS[fact]
    name = f"{fact}-robust-{param.split('.')[1]}-{value}"
    sets = dict(base, **{param: value})
    text = f"name: {name}\nset:\n" + "".join(f"  {k}: {v}\n" for k, v in sets.items())
    text += "vary:\n" + "".join(f"  {k}: {v}\n" for k, v in vary.items())
    text += f"design: grid\nreplicates: {reps}\ncommon_random_numbers: true\nseed: 300\nticks: {ticks}\n{extra}"
    os.makedirs(f"{OUT}/files", exist_ok=True)
    path = f"{OUT}/files/{name}.yaml"
    open(path, "w").write(text)
    subprocess.run([BUURT, "sweep", path, "--out", f"{OUT}/{name}", "--quiet"], check=True, stdout=subprocess.DEVNULL)
    r = subprocess.run([BUURT, "validate", f"{OUT}/{name}"], capture_output=True, text=True)
    figures = re.search(r"measured: (.*)", r.stdout)
    return r.returncode == 0, figures.group(1) if figures else r.stderr.strip()


def main():
    print("| fact | " + " | ".join(f"`{p.split('.')[1]}` low / high" for p in PARAMS) + " |")
    print("|---|" + "---|" * len(PARAMS))
    failures = []
    for fact in FACTS:
        cells = []
        for param, (low, high) in PARAMS.items():
            marks = []
            for end, value in (("low", low), ("high", high)):
                ok, figures = run(fact, param, value)
                marks.append("holds" if ok else "**fails**")
                if not ok:
                    failures.append(f"{fact.upper()} with {param} = {value} ({end}): {figures}")
            cells.append(" / ".join(marks))
        print(f"| {fact.upper()} | " + " | ".join(cells) + " |", flush=True)
    print()
    for f in failures:
        print(f"* {f}")


if __name__ == "__main__":
    main()
