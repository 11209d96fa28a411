#!/usr/bin/env python3
"""From a Buurt sweep to a figure with pandas and matplotlib (docs/ANALYSIS.md walks through it).

    python3 docs/examples/quickstart_figure.py [RESULT_DIR] [OUT.png]

RESULT_DIR defaults to Results/quickstart (made by scripts/quickstart); OUT.png to
RESULT_DIR/plots/quickstart_figure.png. Left panel: a metric over time, the mean over runs with
a 95% confidence band, one line per value of the first varied lever (runs of the other levers
pooled). Right panel: the metric's
final value against that lever, mean with 95% confidence intervals. Exits non-zero, saying why,
when a file or column is missing. CI runs it on a real sweep (scripts/test).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

# Two-sided 95% Student-t quantiles by degrees of freedom (scipy.stats.t.ppf(0.975, df)),
# so the example needs only pandas and matplotlib.
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 12: 2.179, 15: 2.131, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}

# The Okabe-Ito palette: colour-blind safe.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]


def t975(df):
    if df < 1:
        return float("nan")
    return T975[min(k for k in T975 if k >= df)] if df <= 120 else 1.960


def fail(message):
    print(f"quickstart_figure: {message}", file=sys.stderr)
    sys.exit(1)


def mean_ci(values):
    """Mean and 95% Student-t interval of each group, as columns mean, low, high, n."""
    g = values.agg(["mean", "std", "count"])
    half = g["std"] / g["count"] ** 0.5 * g["count"].map(lambda n: t975(n - 1))
    return pd.DataFrame({"mean": g["mean"], "low": g["mean"] - half, "high": g["mean"] + half, "n": g["count"]})


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "Results/quickstart"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(folder, "plots", "quickstart_figure.png")
    for name in ("experiment.json", "runs.csv", "timeseries.csv"):
        if not os.path.exists(os.path.join(folder, name)):
            fail(f"{folder}/{name} is missing (run scripts/quickstart, or buurt sweep with a timeseries)")

    experiment = json.load(open(os.path.join(folder, "experiment.json")))
    levers = [f["lever"] for f in experiment["factors"]]
    runs = pd.read_csv(os.path.join(folder, "runs.csv"))
    ts = pd.read_csv(os.path.join(folder, "timeseries.csv"))

    # The metric to show: lasting initiatives if the sweep kept them, else the first kept metric.
    kept = [c for c in ts.columns if c not in ("run_id", "tick")]
    if not kept:
        fail("timeseries.csv has no metric columns")
    metric = "self_sustaining_initiatives" if "self_sustaining_initiatives" in kept else kept[0]
    lever = levers[0]
    for column in ["run_id", lever, f"{metric}_final"]:
        if column not in runs.columns:
            fail(f"runs.csv has no column {column}")

    # A lever with many values (a sampling design) is shown in four ranges of equal count.
    group = runs[lever]
    if pd.api.types.is_numeric_dtype(group) and group.nunique() > 8:
        group = pd.qcut(group, 4, duplicates="drop").astype(str)
    runs = runs.assign(group=group)

    # Tidy join: every time-series row gets its run's lever value.
    d = ts.merge(runs[["run_id", "group"]], on="run_id", validate="many_to_one")
    series = mean_ci(d.groupby(["group", "tick"])[metric])
    final = mean_ci(runs.groupby("group")[f"{metric}_final"])

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [3, 2]})
    for i, (value, s) in enumerate(series.groupby(level="group")):
        s = s.droplevel("group")
        colour = COLOURS[i % len(COLOURS)]
        left.fill_between(s.index, s["low"], s["high"], color=colour, alpha=0.18, linewidth=0)
        left.plot(s.index, s["mean"], color=colour, linewidth=1.8, label=str(value))
    left.set_xlabel("time (weeks)")
    left.set_ylabel(metric)
    left.set_title(f"{metric}: mean over runs, 95% band", fontsize=10)
    left.legend(title=lever, fontsize=8, title_fontsize=8, frameon=False)

    x = list(range(len(final)))
    right.errorbar(x, final["mean"], yerr=[final["mean"] - final["low"], final["high"] - final["mean"]],
                   fmt="o", color=COLOURS[0], capsize=4)
    right.set_xticks(x, [str(v) for v in final.index], rotation=30 if len(x) > 4 else 0, fontsize=8)
    right.set_xlabel(lever)
    right.set_ylabel(f"{metric}_final")
    right.set_title("final value: mean with 95% CI", fontsize=10)
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(alpha=0.3)
    fig.suptitle(f"{experiment['name']}: {experiment.get('question', '')}", fontsize=10)
    fig.tight_layout()

    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    fig.savefig(out, dpi=150)
    if not os.path.getsize(out):
        fail(f"{out} is empty")
    print(f"quickstart_figure: wrote {out} ({len(runs)} runs, {series.shape[0]} (group, tick) means, "
          f"pandas {pd.__version__}, matplotlib {matplotlib.__version__})")


if __name__ == "__main__":
    main()
