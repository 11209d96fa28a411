"""Scenario discovery with the EMA Workbench: under which funding and government levers do
initiatives last?

An LHS over funding and government levers (the Workbench's sampler), run as ONE `buurt sweep`
through a design file (buurt.ema.Evaluator), then PRIM on the runs where the self-sustaining
initiatives of the last year (a time-series outcome, averaged over the last 52 weeks) are at least X
and trust in institutions at the end is at least Y (X and Y: the 60% quantiles of the sample, or
--min-sustaining / --min-trust). Prints the box (the levers it restricts and their limits), its
coverage and density, and what it says in words; writes the peeling trajectory and the box.

    python docs/examples/scenario_discovery.py --out Results/discovery            # 400 runs
    python docs/examples/scenario_discovery.py --small --out /tmp/discovery       # the test's size
"""

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd

import buurt
import buurt.ema
from ema_workbench.analysis import prim

LEVERS = {
    "funding.grant_size": (2000, 50000),
    "funding.core_share": (0.0, 0.6),
    "funding.term_weeks": (26, 156),
    "funding.mode": None,
    "bureaucracy.friction": (0.0, 1.0),
    "government.open_share": (0.0, 1.0),
    "government.outreach_hours": (0.0, 8.0),
}


def box_table(limits: pd.DataFrame) -> pd.DataFrame:
    """PRIM's box limits with a categorical limit (a Python set, whose order changes from one
    process to the next) written as its sorted values joined by ' | ', so box.csv repeats byte for byte."""
    def cell(v):
        return " | ".join(sorted(map(str, v))) if isinstance(v, (set, frozenset)) else v

    return limits.apply(lambda col: col.map(cell))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="Results/scenario-discovery")
    ap.add_argument("--small", action="store_true", help="a quick run: 40 experiments, small district, 2 years")
    ap.add_argument("--experiments", type=int)
    ap.add_argument("--min-sustaining", type=float)
    ap.add_argument("--min-trust", type=float)
    args = ap.parse_args()
    n = args.experiments or (40 if args.small else 400)
    fixed = ({"population.residents": 1200, "population.intermediaries": 8, "population.civil_servants": 6}
             if args.small else {"population.residents": 4000, "population.intermediaries": 16})
    ticks = 104 if args.small else 520
    started = time.time()

    model = buurt.ema.model(
        "discovery", uncertainties=LEVERS,
        outcomes=["self_sustaining_initiatives", "mean_trust_institutions_final", "sustained_total_final"],
        set=fixed, ticks=ticks, every=4, seed=7, out=os.path.join(args.out, "runs"))
    with buurt.ema.Evaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=n, uncertainty_sampling_kwargs={"rng": 7})

    # The time series outcome: one row per experiment, one column per kept week.
    ticks_kept = model.ticks_kept
    last_year = outcomes["self_sustaining_initiatives"][:, ticks_kept > ticks_kept[-1] - 52].mean(axis=1)
    trust = outcomes["mean_trust_institutions_final"]
    x_min = args.min_sustaining if args.min_sustaining is not None else float(np.quantile(last_year, 0.6))
    y_min = args.min_trust if args.min_trust is not None else float(np.quantile(trust, 0.6))
    y = (last_year >= x_min) & (trust >= y_min)
    print(f"{len(experiments)} experiments in {time.time() - started:.0f} s; "
          f"{y.sum()} ({y.mean():.0%}) with at least {x_min:.2f} self-sustaining initiatives in the last year "
          f"and trust in institutions at least {y_min:.3f}")
    if y.sum() == 0 or y.all():
        sys.exit("no contrast: every experiment or none meets the condition; choose other thresholds")

    x = experiments[[p.name for p in model.uncertainties]]
    # Whole-number levers as floats: PRIM's pasting writes limits such as 101.5 into a copy of the
    # box, which pandas 3 refuses for an int64 column (ema-workbench 3.0 does not convert).
    x = x.astype({c: float for c in x.columns if pd.api.types.is_integer_dtype(x[c])})
    finder = prim.Prim(x, y, peel_alpha=0.1, mass_min=0.05)
    box = finder.find_box()
    traj = box.peeling_trajectory
    # The box: the most covering box on the trajectory with a density of at least 0.8 (or the densest).
    good = traj[traj["density"] >= 0.8]
    i = int(good["coverage"].idxmax()) if len(good) else int(traj["density"].idxmax())
    box.select(i)
    limits = box.box_lim
    restricted = [c for c in limits.columns if not limits[c].equals(box.box_lims[0][c])]
    print(f"PRIM box {i}: coverage {box.coverage:.2f}, density {box.density:.2f}, mass {box.mass:.2f}, "
          f"{len(restricted)} restricted levers")
    words = []
    names = {p.name: p.variable_name[0] for p in model.uncertainties}
    for c in restricted:
        lo, hi = limits[c].iloc[0], limits[c].iloc[1]
        if isinstance(lo, (set, frozenset)):
            words.append(f"{names[c]} is {' or '.join(sorted(map(str, lo)))}")
        else:
            full_lo, full_hi = box.box_lims[0][c].iloc[0], box.box_lims[0][c].iloc[1]
            part = []
            if lo > full_lo:
                part.append(f"at least {lo:.3g}")
            if hi < full_hi:
                part.append(f"at most {hi:.3g}")
            words.append(f"{names[c]} is {' and '.join(part)}")
        shown = box_table(limits[[c]])[c]
        print(f"  {names[c]}: {shown.iloc[0]} .. {shown.iloc[1]}")
    print("In words: initiatives last and trust holds up when " + ("; ".join(words) or "(no restriction)")
          + f". {box.coverage:.0%} of such runs lie in this box, and {box.density:.0%} of the runs in it are such runs.")

    os.makedirs(args.out, exist_ok=True)
    traj.to_csv(os.path.join(args.out, "peeling_trajectory.csv"), index=False)
    box_table(limits).to_csv(os.path.join(args.out, "box.csv"))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    sc = ax.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis")
    ax.scatter([box.coverage], [box.density], s=160, facecolors="none", edgecolors="red", label=f"box {i}")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_title("PRIM peeling trajectory")
    fig.colorbar(sc, label="restricted levers")
    ax.legend()
    fig.tight_layout()
    figure = os.path.join(args.out, "prim_tradeoff.png")
    fig.savefig(figure, dpi=120)
    print(f"Wrote {figure}, peeling_trajectory.csv and box.csv in {args.out} ({time.time() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
