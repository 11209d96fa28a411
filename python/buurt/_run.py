"""`buurt run` and `buurt sweep` from Python, and design files (`design: file`)."""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ._cli import BuurtError, call, call_with_progress, lever_specs, metric_specs, summary_columns
from ._load import Results, load


def format_value(lever: str, value) -> str:
    """A lever value the way `--set` and design files take it (choices by option, flags as true/false).

    A number for a choice lever is read as the index of its option (floor, so a unit-interval sample
    picks each option with equal chance when scaled to [0, number of options)); a number for a flag
    is true when it is at least 0.5; integer levers are rounded."""
    spec = lever_specs().get(lever)
    if spec is None:
        raise BuurtError(f"unknown lever '{lever}' (see buurt.params())")
    kind = spec["kind"]
    if kind == "choice":
        options = spec["options"]
        if isinstance(value, str):
            return value
        i = int(math.floor(float(value)))
        return options[min(max(i, 0), len(options) - 1)]
    if kind == "flag":
        if isinstance(value, (bool, np.bool_)):
            return "true" if value else "false"
        if isinstance(value, str):
            return value.lower()
        return "true" if float(value) >= 0.5 else "false"
    if isinstance(value, str):
        return value
    if kind == "integer":
        return str(int(round(float(value))))
    v = float(value)
    return repr(v) if not v.is_integer() else str(int(v))


def write_design(points: pd.DataFrame, path: str) -> str:
    """Writes design points (one column per lever, one row per point) as a design file."""
    if points.empty or len(points.columns) == 0:
        raise BuurtError("a design needs at least one lever and one point")
    cols = list(points.columns)
    for c in cols:
        if c not in lever_specs():
            raise BuurtError(f"design column '{c}' is not a lever (see buurt.params())")
    lines = [",".join(cols)]
    for row in points.itertuples(index=False, name=None):
        lines.append(",".join(format_value(c, v) for c, v in zip(cols, row)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def experiment_yaml(*, name: str, points_file: str | None = None, scenario: str | None = None,
                    set: Mapping | None = None, replicates: int = 1, seed: int = 1, ticks: int | None = None,
                    timeseries=None, every: int = 1, initiatives: bool = False,
                    common_random_numbers: bool = False) -> str:
    """The text of an experiment file (JSON-style YAML) for a file design."""
    lines = [f"name: {json.dumps(name)}"]
    if scenario:
        lines.append(f"scenario: {json.dumps(os.path.abspath(scenario) if os.path.exists(scenario) else scenario)}")
    if set:
        items = ", ".join(f"{json.dumps(k)}: {json.dumps(format_value(k, v))}" for k, v in set.items())
        lines.append("set: {" + items + "}")
    lines.append("design: file")
    lines.append(f"points: {json.dumps(points_file)}")
    lines += [f"replicates: {int(replicates)}", f"seed: {int(seed)}"]
    if ticks is not None:
        lines.append(f"ticks: {int(ticks)}")
    if timeseries:
        if timeseries == "all" or timeseries is True:
            lines.append(f"timeseries: {{metrics: all, every: {int(every)}}}")
        else:
            known = metric_specs()
            for m in timeseries:
                if m not in known:
                    raise BuurtError(f"unknown metric '{m}' (see buurt.metrics())")
            lines.append(f"timeseries: {{metrics: [{', '.join(timeseries)}], every: {int(every)}}}")
    if initiatives:
        lines.append("initiatives: true")
    if common_random_numbers:
        lines.append("common_random_numbers: true")
    return "\n".join(lines) + "\n"


def sweep(experiment: str | None = None, *, out: str, design: pd.DataFrame | None = None,
          scenario: str | None = None, set: Mapping | None = None, replicates: int = 1, seed: int = 1,
          ticks: int | None = None, timeseries=None, every: int = 1, initiatives: bool = False,
          common_random_numbers: bool = False, name: str | None = None, threads: int | None = None,
          shard: str | None = None, fresh: bool = False, progress: bool = True) -> Results:
    """`buurt sweep`: an experiment file, or design points (a DataFrame, one column per lever) run
    through a design file. Resumes a partial result in `out` like the command; returns `load(out)`.

    With `design`, the experiment file and `design.csv` are written to `<out>.inputs/` (the result
    folder itself holds only Buurt's files)."""
    if (experiment is None) == (design is None):
        raise BuurtError("give either an experiment file or design points")
    if design is not None:
        inputs = os.path.abspath(out).rstrip("/") + ".inputs"
        os.makedirs(inputs, exist_ok=True)
        write_design(design, os.path.join(inputs, "design.csv"))
        text = experiment_yaml(name=name or os.path.basename(os.path.abspath(out)), points_file="design.csv",
                               scenario=scenario, set=set, replicates=replicates, seed=seed, ticks=ticks,
                               timeseries=timeseries, every=every, initiatives=initiatives,
                               common_random_numbers=common_random_numbers)
        experiment = os.path.join(inputs, "experiment.yaml")
        with open(experiment, "w", encoding="utf-8") as f:
            f.write(text)
        total = len(design) * int(replicates)
    else:
        total = None
    args = ["sweep", experiment, "--out", out, "--quiet"]
    if threads:
        args += ["--threads", str(int(threads))]
    if shard:
        args += ["--shard", shard]
    if fresh:
        args.append("--fresh")
    if total is None:
        # The run count of an experiment file: `buurt check` parses it without running anything.
        total = _run_count(experiment)
    call_with_progress(args, total=total, journal=os.path.join(out, ".buurt-sweep", "runs.journal"),
                       progress=progress, desc=name or os.path.basename(os.path.abspath(out)))
    return load(out)


def _run_count(experiment: str) -> int:
    import re

    text = call(["check", experiment])
    m = re.search(r"(\d+) runs", text)
    return int(m.group(1)) if m else 0


def run(*, set: Mapping | None = None, scenario: str | None = None, seed: int | None = None,
        ticks: int | None = None, out: str | None = None, initiatives: bool = False,
        network_every: int | None = None, threads: int | None = None, progress: bool = True) -> Results:
    """`buurt run`: one run; returns `load(out)` (a temporary folder when `out` is not given).
    With `progress`, buurt's own progress line shows on standard error."""
    made = out is None
    if made:
        out = tempfile.mkdtemp(prefix="buurt-run-")
    args = ["run"] + ([scenario] if scenario else []) + ["--out", out]
    for k, v in (set or {}).items():
        args += ["--set", f"{k}={format_value(k, v)}"]
    # `--option=value`: a negative number after a separate `--ticks` reads as a missing value.
    if seed is not None:
        args.append(f"--seed={int(seed)}")
    if ticks is not None:
        args.append(f"--ticks={int(ticks)}")
    if initiatives:
        args.append("--initiatives")
    if network_every:
        args.append(f"--network-every={int(network_every)}")
    if threads:
        args.append(f"--threads={int(threads)}")
    if not progress:
        args.append("--quiet")
    try:
        call(args, stream_stderr=progress)
    except BaseException:
        if made:
            shutil.rmtree(out, ignore_errors=True)
        raise
    return load(out)


def outcome_columns(runs: pd.DataFrame) -> list[str]:
    """The summary columns (`<metric>_final`, `_mean`, `_lastyear`, as the registry lists them) of a runs table."""
    summaries = summary_columns()
    return [c for c in runs.columns if c in summaries]


def replicate_means(runs: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Mean of each outcome over the replicates of each design point, indexed by point_id."""
    cols = list(columns or outcome_columns(runs))
    return runs.groupby("point_id", sort=True)[cols].mean()
