"""Feature scoring of the levers for three outcomes, and a pairs plot (EMA Workbench).

An LHS over funding, government and succession levers, run as ONE `buurt sweep` through a design
file, then the Workbench's extra-trees feature scores of each lever for three outcomes (initiatives
sustained, trust in institutions, participation) as a heat map, and a pairs scatter of the three
outcomes coloured by funding mode.

    python docs/examples/feature_scoring.py --out Results/feature-scoring        # 300 runs
    python docs/examples/feature_scoring.py --small --out /tmp/fs                 # the test's size
"""

import argparse
import os
import time

import buurt
import buurt.ema
from ema_workbench.analysis import feature_scoring, pairs_plotting

LEVERS = {
    "funding.grant_size": (2000, 50000),
    "funding.core_share": (0.0, 0.6),
    "funding.mode": None,
    "bureaucracy.friction": (0.0, 1.0),
    "government.outreach_hours": (0.0, 8.0),
    "succession.planning": (0.0, 1.0),
}
OUTCOMES = ["sustained_total_final", "mean_trust_institutions_final", "participation_rate_mean"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="Results/feature-scoring")
    ap.add_argument("--small", action="store_true", help="a quick run: 40 experiments, small district, 2 years")
    ap.add_argument("--experiments", type=int)
    args = ap.parse_args()
    n = args.experiments or (40 if args.small else 300)
    fixed = ({"population.residents": 1200, "population.intermediaries": 8, "population.civil_servants": 6}
             if args.small else {"population.residents": 4000, "population.intermediaries": 16})
    started = time.time()
    model = buurt.ema.model("scoring", uncertainties=LEVERS, outcomes=OUTCOMES, set=fixed,
                            ticks=104 if args.small else 520, seed=11, out=os.path.join(args.out, "runs"))
    with buurt.ema.Evaluator(model) as evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=n, uncertainty_sampling_kwargs={"rng": 7})
    x = experiments[[p.name for p in model.uncertainties]]
    scores = feature_scoring.get_feature_scores_all(x, outcomes)
    print(f"{len(experiments)} experiments in {time.time() - started:.0f} s. Extra-trees feature scores:")
    print(scores.round(3).to_string())

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    os.makedirs(args.out, exist_ok=True)
    scores.to_csv(os.path.join(args.out, "feature_scores.csv"))
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    sns.heatmap(scores, annot=True, fmt=".2f", cmap="viridis", ax=ax)
    ax.set_title("Feature scores (extra trees)")
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "feature_scores.png"), dpi=120)
    plt.close(fig)
    fig, axes = pairs_plotting.pairs_scatter(experiments, outcomes, group_by="funding_mode", legend=True)
    fig.set_size_inches(8, 8)
    fig.savefig(os.path.join(args.out, "pairs.png"), dpi=110)
    print(f"Wrote feature_scores.csv, feature_scores.png and pairs.png in {args.out} ({time.time() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
