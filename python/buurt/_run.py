"""`buurt run` and `buurt sweep` from Python, and design files (`design: file`)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ._cli import BuurtError, call, call_with_progress, lever_specs, metric_specs, summary_columns
from ._levers import format_value
from ._load import Results, load


def write_design(points: pd.DataFrame, path: str) -> str:
    """Writes design points (one column per lever, one row per point, in row order) as a design file.

    Every value is checked first (`format_value`): a missing or out-of-range value is a BuurtError
    naming the column, the row and the allowed values. Buurt rounds real design values to the 6
    decimals runs.csv carries; where that changes a value by more than 0.01% (a small-scale lever
    such as behaviour.spark_rate), a warning says so: runs.csv then holds the values that ran."""
    if points.empty or len(points.columns) == 0:
        raise BuurtError("a design needs at least one lever and one point")
    cols = list(points.columns)
    for c in cols:
        if c not in lever_specs():
            raise BuurtError(f"design column '{c}' is not a lever (see buurt.params())")
    lines = [",".join(cols)]
    labels = list(points.index)
    for i, row in enumerate(points.itertuples(index=False, name=None)):
        fields = []
        for c, v in zip(cols, row):
            try:
                fields.append(format_value(c, v))
            except BuurtError as e:
                where = f"row {i}" + (f" (index {labels[i]!r})" if labels[i] != i else "")
                raise BuurtError(f"design {where}, column {e}") from None
        lines.append(",".join(fields))
    _warn_rounding(points)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def _warn_rounding(points: pd.DataFrame, decimals: int = 6, tolerance: float = 1e-4) -> None:
    specs = lever_specs()
    for c in points.columns:
        if specs[c]["kind"] != "real":
            continue
        x = pd.to_numeric(points[c], errors="coerce").to_numpy(dtype=float)
        x = x[np.isfinite(x) & (x != 0)]
        if not len(x):
            continue
        rel = np.abs(np.round(x, decimals) - x) / np.abs(x)
        k = int(np.argmax(rel))
        if rel[k] > tolerance:
            warnings.warn(f"design column {c}: buurt rounds design values to {decimals} decimals, which changes them by "
                          f"up to {rel[k]:.2%} (e.g. {x[k]!r} runs as {round(float(x[k]), decimals)!r}); the values "
                          "that ran are in runs.csv (res.runs)", stacklevel=3)


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

    With `design`, point_id is the row's position: the design must have the default index
    (0, 1, ..., n-1), so that `replicate_means(res.runs)` (indexed by point_id) lines up with it;
    a filtered or reordered design is refused (use `design.reset_index(drop=True)`, or
    `reset_index()` and keep the old labels apart, since every column must be a lever). The values
    are checked first (see `write_design`). The experiment file and `design.csv` are written to
    `<out>.inputs/` (the result folder itself holds only Buurt's files); when buurt refuses them
    (exit 2, e.g. `out` holds results of another design), the previous `<out>.inputs/` is kept as it
    was."""
    if (experiment is None) == (design is None):
        raise BuurtError("give either an experiment file or design points")
    if design is None:
        return _sweep(experiment, out=out, total=None, threads=threads, shard=shard, fresh=fresh, progress=progress,
                      desc=name or os.path.basename(os.path.abspath(out)))
    if not design.index.equals(pd.RangeIndex(len(design))):
        shown = list(design.index[:5]) + (["..."] if len(design) > 5 else [])
        raise BuurtError(f"the design's index is {shown}, not 0..{len(design) - 1}: point_id is the row position, "
                         "so results indexed by point_id would not line up with these labels. "
                         "Use design.reset_index(drop=True) (keep the labels apart to join on later)")
    inputs = os.path.abspath(out).rstrip("/") + ".inputs"
    parent = os.path.dirname(inputs)
    os.makedirs(parent, exist_ok=True)
    # The new inputs go to a folder of their own first; they take the place of the old ones just
    # before the sweep, and the old ones come back if buurt refuses the new ones.
    staged = tempfile.mkdtemp(prefix=os.path.basename(inputs) + ".new-", dir=parent)
    try:
        write_design(design, os.path.join(staged, "design.csv"))
        text = experiment_yaml(name=name or os.path.basename(os.path.abspath(out)), points_file="design.csv",
                               scenario=scenario, set=set, replicates=replicates, seed=seed, ticks=ticks,
                               timeseries=timeseries, every=every, initiatives=initiatives,
                               common_random_numbers=common_random_numbers)
        with open(os.path.join(staged, "experiment.yaml"), "w", encoding="utf-8") as f:
            f.write(text)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    previous = None
    if os.path.lexists(inputs):
        previous = tempfile.mkdtemp(prefix=os.path.basename(inputs) + ".old-", dir=parent)
        os.rmdir(previous)
        os.rename(inputs, previous)
    os.rename(staged, inputs)
    try:
        res = _sweep(os.path.join(inputs, "experiment.yaml"), out=out, total=len(design) * int(replicates),
                     threads=threads, shard=shard, fresh=fresh, progress=progress,
                     desc=name or os.path.basename(os.path.abspath(out)))
    except BuurtError as e:
        if e.code == 2:   # refused: nothing ran, so the previous inputs still describe `out`
            shutil.rmtree(inputs, ignore_errors=True)
            if previous is not None:
                os.rename(previous, inputs)
                previous = None
        raise
    finally:
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    return res


def _sweep(experiment: str, *, out: str, total: int | None, threads, shard, fresh, progress, desc) -> Results:
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
                       progress=progress, desc=desc)
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
