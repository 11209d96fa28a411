#!/usr/bin/env python3
"""Loads a sweep's runs.csv and timeseries.csv with pandas (a real CSV consumer) and checks them:
the expected columns in order, one row per run (and per kept tick), no missing values, numbers
where numbers belong.

    python3 scripts/check_outputs.py RESULT_DIR [BUURT_BINARY]
"""
import json
import subprocess
import sys

import pandas as pd


def fail(msg):
    print(f"check_outputs: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    out = sys.argv[1]
    buurt = sys.argv[2] if len(sys.argv) > 2 else ".build/release/buurt"
    exp = json.load(open(f"{out}/experiment.json"))
    metrics_csv = subprocess.run([buurt, "params", "--metrics", "--format", "csv"], check=True,
                                 capture_output=True, text=True).stdout
    metrics = [line.split(",")[0] for line in metrics_csv.strip().splitlines()[1:]]
    factors = [f["lever"] for f in exp["factors"]]

    runs = pd.read_csv(f"{out}/runs.csv")
    expected = ["run_id", "point_id", "replicate", "seed"] + factors + [
        f"{m}_{s}" for m in metrics for s in ("final", "mean", "lastyear")]
    if list(runs.columns) != expected:
        fail(f"runs.csv columns differ:\n{list(runs.columns)}\n{expected}")
    if len(runs) != exp["runs_total"]:
        fail(f"runs.csv has {len(runs)} rows, expected {exp['runs_total']}")
    if runs.isna().any().any():
        fail(f"runs.csv has missing values in {list(runs.columns[runs.isna().any()])}")
    if list(runs["run_id"]) != list(range(len(runs))):
        fail("run_id is not 0..n-1 in order")
    numeric = [c for c in runs.columns if c not in factors]
    bad = [c for c in numeric if not pd.api.types.is_numeric_dtype(runs[c])]
    if bad:
        fail(f"non-numeric columns: {bad}")

    kept = exp.get("timeseries_metrics") or []
    if kept:
        ts = pd.read_csv(f"{out}/timeseries.csv")
        if list(ts.columns) != ["run_id", "tick"] + kept:
            fail(f"timeseries.csv columns: {list(ts.columns)}")
        if ts.isna().any().any():
            fail("timeseries.csv has missing values")
        per_run = ts.groupby("run_id").size()
        if len(per_run) != exp["runs_total"] or per_run.nunique() != 1:
            fail("timeseries.csv does not have the same ticks for every run")
        if not all(pd.api.types.is_numeric_dtype(ts[c]) for c in ts.columns):
            fail("timeseries.csv has non-numeric columns")
    print(f"check_outputs: {out}: runs.csv {runs.shape}, "
          + (f"timeseries.csv {ts.shape}, " if kept else "") + "columns and values as expected (pandas "
          + pd.__version__ + ")")


if __name__ == "__main__":
    main()
