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

import math
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ._cli import BuurtError
from ._levers import domain, spec_of
from ._load import Results, load
from ._run import replicate_means, sweep


def _entry(name: str, given) -> tuple[list[float], dict]:
    """A lever's SALib bounds and how a sample value maps back to a lever value."""
    d = domain(name, given)
    if not d.is_range:
        # One unit of sample space per value: floor(x) picks the value (the upper end: the last one).
        return [0.0, float(len(d.values))], {"kind": d.kind, "values": list(d.values), "origin": d.origin}
    if d.kind == "integer":
        # Half a unit beyond each end, so that rounding gives every whole number the same share.
        return [d.low - 0.5, d.high + 0.5], {"kind": d.kind, "range": [int(d.low), int(d.high)], "origin": d.origin}
    return [d.low, d.high], {"kind": d.kind, "range": [d.low, d.high], "origin": d.origin}


def problem(levers: Sequence[str] | Mapping[str, object]) -> dict:
    """A SALib problem over `levers`: names, or a mapping of names to specs, read as `buurt.ema`
    reads them (`buurt._levers.SPEC_RULES`):

    * None: a real or integer lever's plausible range where the registry marks it uncertain
      (`buurt params --uncertain`), else its allowed range; all options of a choice; true and false
      of a flag.
    * a (low, high) tuple: a range of a real or integer lever.
    * a list of values: those values only (options of a choice, e.g. `["collaborative"]`; true/false;
      or numbers).

    SALib samples a real range as it is. A set of k values spans [0, k], one unit per value
    (floor picks it; choices, flags and listed numbers); an integer range low..high spans
    [low - 0.5, high + 0.5] (rounding gives each whole number an equal share). The problem's
    `buurt` entry records this per lever; `design(problem, X)` maps a sample back."""
    items = levers.items() if isinstance(levers, Mapping) else [(n, None) for n in levers]
    names, bounds, how = [], [], {}
    for name, given in items:
        b, h = _entry(name, given)
        names.append(name)
        bounds.append(b)
        how[name] = h
    return {"num_vars": len(names), "names": names, "bounds": bounds, "buurt": how}


def _column(name: str, x: np.ndarray, bounds, how: dict | None, dist: str = "unif") -> list:
    lo, hi = float(bounds[0]), float(bounds[1])
    if dist != "unif":   # SALib's other distributions read `bounds` as their parameters
        if how is not None and ("values" in how or how["kind"] != "real"):
            raise BuurtError(f"'{name}': a {dist} distribution only for a real range")
        return list(x)
    bad = ~np.isfinite(x) | (x < lo) | (x > hi)
    if bad.any():
        i = int(np.argmax(bad))
        raise BuurtError(f"sample row {i}, column '{name}': {x[i]!r} is outside the problem's bounds {lo}..{hi}")
    if how is None:   # a problem made by hand: read as problem() would have made it for the registry's kind
        spec = spec_of(name)
        if spec["kind"] == "choice":
            how = {"values": list(spec["options"])}
        elif spec["kind"] == "flag":
            how = {"values": [False, True]}
        elif spec["kind"] == "integer":
            return [int(math.floor(v + 0.5)) for v in x]
        else:
            return list(x)
    if "values" in how:
        values = how["values"]
        k = len(values)
        idx = np.minimum(np.floor((x - lo) / (hi - lo) * k).astype(int), k - 1)
        return [values[i] for i in idx]
    if how["kind"] == "integer":
        a, b = how["range"]
        return [int(min(max(math.floor(v + 0.5), a), b)) for v in x]
    return list(x)


def design(problem: dict, X) -> pd.DataFrame:
    """A SALib sample matrix as design points (one column per lever): real values as sampled,
    integer ranges rounded, value sets mapped to their values (see `problem`)."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != problem["num_vars"]:
        raise BuurtError(f"the sample has shape {X.shape}; expected (N, {problem['num_vars']})")
    how = problem.get("buurt", {})
    dists = problem.get("dists") or ["unif"] * len(problem["names"])
    cols = {name: _column(name, X[:, j], problem["bounds"][j], how.get(name), dists[j])
            for j, name in enumerate(problem["names"])}
    return pd.DataFrame(cols, columns=problem["names"])


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
    known = list(ours["outcome"].astype(str).unique())
    outcomes = list(outcomes or known)
    unknown = [o for o in outcomes if o not in known or o not in res.runs.columns]
    if unknown:
        raise BuurtError(f"{path}: no sensitivity indices for {', '.join(unknown)} in sensitivity.csv "
                         f"(its outcomes: {', '.join(known)})")
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
