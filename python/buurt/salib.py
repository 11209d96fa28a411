"""SALib with Buurt: a problem from the lever registry, any SALib sample run as ONE `buurt sweep`
through a design file, and SALib's analysis (also as a cross-check of `buurt analyze`).

    import buurt.salib as bs
    from SALib.sample import sobol as sample
    from SALib.analyze import sobol
    problem = bs.problem({"funding.grant_size": (2000, 50000), "bureaucracy.friction": None})
    X = sample.sample(problem, 64, calc_second_order=False)
    res = bs.run(problem, X, out="Results/salib", replicates=2, ticks=260)
    Si = sobol.analyze(problem, bs.outputs(problem, res, "sustained_total_final"), calc_second_order=False)
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ._cli import BuurtError, lever_specs
from ._load import Results, load
from ._run import replicate_means, sweep


def _bounds(name: str, given) -> list[float]:
    spec = lever_specs().get(name)
    if spec is None:
        raise BuurtError(f"unknown lever '{name}' (see buurt.params())")
    if spec["kind"] == "choice":
        # A unit of sample space per option: floor(x) picks the option.
        return [0.0, float(len(spec["options"]))]
    if spec["kind"] == "flag":
        return [0.0, 1.0]
    lo, hi = (spec["min"], spec["max"]) if given is None else (float(given[0]), float(given[1]))
    if not (spec["min"] <= lo < hi <= spec["max"]):
        raise BuurtError(f"bounds {lo}..{hi} of '{name}' are outside its range {spec['min']}..{spec['max']}")
    return [float(lo), float(hi)]


def problem(levers: Sequence[str] | Mapping[str, tuple | None]) -> dict:
    """A SALib problem over `levers`: names (bounds: the registry's range) or a mapping of names to
    (low, high) or None. Choice levers span [0, options) (floor picks the option); flags [0, 1]
    (>= 0.5 is true); integer levers are rounded when run."""
    items = levers.items() if isinstance(levers, Mapping) else [(n, None) for n in levers]
    names, bounds = [], []
    for name, given in items:
        names.append(name)
        bounds.append(_bounds(name, given))
    return {"num_vars": len(names), "names": names, "bounds": bounds}


def design(problem: dict, X) -> pd.DataFrame:
    """A SALib sample matrix as design points (one column per lever)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != problem["num_vars"]:
        raise BuurtError(f"the sample has shape {X.shape}; expected (N, {problem['num_vars']})")
    return pd.DataFrame(X, columns=problem["names"])


def run(problem: dict, X, *, out: str, **sweep_options) -> Results:
    """Runs every row of the sample as one `buurt sweep` (a file design); returns its results.
    `sweep_options` as for `buurt.sweep` (set, scenario, replicates, seed, ticks, threads, shard, ...)."""
    return sweep(design=design(problem, X), out=out, **sweep_options)


def outputs(problem: dict, results: Results, outcome: str) -> np.ndarray:
    """The outcome column, averaged over replicates, one value per sample row (in sample order)."""
    runs = results.runs
    if outcome not in runs.columns:
        raise BuurtError(f"'{outcome}' is not a column of runs.csv")
    return replicate_means(runs, [outcome])[outcome].to_numpy()


def cross_check(path: str, outcomes: Sequence[str] | None = None) -> pd.DataFrame:
    """SALib's Sobol analysis of a finished `design: saltelli` sweep that `buurt analyze` has analysed,
    beside Buurt's own indices: lever, outcome, S1 and ST from both.

    Buurt's Saltelli design has SALib's row order (A, AB_1 .. AB_d, B per base sample), so SALib's
    `sobol.analyze(..., calc_second_order=False)` applies to the replicate means as they are."""
    from SALib.analyze import sobol

    res = load(path)
    info = res.experiment
    if info.get("design") != "saltelli":
        raise BuurtError(f"{path}: a cross-check needs a saltelli design, not {info.get('design')}")
    if "sensitivity" not in res:
        raise BuurtError(f"{path}: no sensitivity.csv; run `buurt analyze {path}` first")
    names = [f["lever"] for f in info["factors"]]
    prob = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    ours = res.sensitivity
    outcomes = list(outcomes or ours["outcome"].astype(str).unique())
    means = replicate_means(res.runs, outcomes)
    rows = []
    for outcome in outcomes:
        y = means[outcome].to_numpy()
        if np.nanvar(y) == 0:
            continue
        si = sobol.analyze(prob, y, calc_second_order=False, print_to_console=False, seed=1)
        for k, name in enumerate(names):
            mine = ours[(ours["lever"].astype(str) == name) & (ours["outcome"].astype(str) == outcome)]
            rows.append({"lever": name, "outcome": outcome, "S1_buurt": float(mine["S1"].iloc[0]),
                         "S1_salib": float(si["S1"][k]), "ST_buurt": float(mine["ST"].iloc[0]),
                         "ST_salib": float(si["ST"][k])})
    return pd.DataFrame(rows)
