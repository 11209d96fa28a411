"""Result folders as pandas DataFrames with the dtypes of docs/DATA.md."""

from __future__ import annotations

import json
import os
import re

import numpy as np
import pandas as pd

from ._cli import BuurtError, dictionary_categories, lever_specs, metric_specs, summary_columns

# Columns of docs/DATA.md that are not levers or metrics: identifiers, weeks and counts (integers),
# truth values, and names. (Levers and metrics take their dtypes from the registries.)
_INTEGER = {"run_id", "point_id", "replicate", "seed", "tick", "initiative_id", "neighbourhood", "born_tick",
            "first_funded_tick", "last_grant_end_tick", "ended_tick", "grants", "source", "target", "node", "n",
            "effects", "ST_rank", "ST_rank_low", "ST_rank_high"}
_BOOL = {"joint", "bridging"}
# Truth values that may be empty (sensitivity.csv: not computable at these settings).
_NULLABLE_BOOL = {"S1_sum_over_1", "S1_clears_noise", "ST_clears_noise", "mu_star_clears_noise"}
_TEXT = {"note"}
_CATEGORY = {"theme", "status", "group", "role", "outcome", "lever"}

_FILES = {
    "runs": "runs.csv", "summary": "summary.csv", "timeseries": "timeseries.csv", "points": "points.csv",
    "sensitivity": "sensitivity.csv", "initiatives": "initiatives.csv", "network_edges": "network_edges.csv",
    "network_nodes": "network_nodes.csv", "design": "design.csv",
}


class Results(dict):
    """A result folder: `res.runs`, `res.timeseries` (long form: run_id, tick, metric, value),
    `res.timeseries_wide` (as written), `res.summary`, `res.points`, `res.sensitivity`,
    `res.initiatives`, `res.network_edges`, `res.network_nodes`, `res.design` (a file design's
    copy of its design file) as DataFrames, and `res.experiment`
    (experiment.json, or run.json of a single run) as a dict. Absent files are absent keys."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"this result folder has no {name} ({', '.join(sorted(self))} are there)") from None

    path: str = ""


def _to_bool(col: pd.Series, name: str, path: str) -> pd.Series:
    mapped = col.str.lower().map({"true": True, "false": False})
    if mapped.isna().any():
        bad = col[mapped.isna()].iloc[0]
        raise BuurtError(f"{path}: column {name}: '{bad}' is not true or false")
    return mapped.astype(bool)


def _to_int(col: pd.Series, name: str, path: str) -> pd.Series:
    empty = col == ""
    num = pd.to_numeric(col.where(~empty, None), errors="raise")
    if empty.any():
        return num.astype("Int64")
    return num.astype("int64")


def _typed(df: pd.DataFrame, path: str, metric_columns_are_counts: bool = True) -> pd.DataFrame:
    """Converts a frame of strings column by column."""
    levers, metrics, summaries = lever_specs(), metric_specs(), summary_columns()
    out = {}
    for name in df.columns:
        col = df[name]
        lever = levers.get(name)
        summary = summaries.get(name)
        metric = metrics.get(name) or (metrics.get(summary[0]) if summary else None)
        try:
            if lever is not None:
                kind = lever["kind"]
                if kind == "choice":
                    out[name] = pd.Categorical(col, categories=lever["options"])
                elif kind == "flag":
                    out[name] = _to_bool(col, name, path)
                elif kind == "integer":
                    out[name] = _to_int(col, name, path)
                else:
                    out[name] = pd.to_numeric(col.replace("", np.nan)).astype("float64")
            elif metric is not None:
                # Counts are whole numbers at a tick and at the last tick; means of counts are not.
                if (summary[1] if summary else metric["count"]):
                    out[name] = _to_int(col, name, path)
                else:
                    out[name] = pd.to_numeric(col.replace("", np.nan)).astype("float64")
            elif name in _INTEGER:
                out[name] = _to_int(col, name, path)
            elif name in _BOOL:
                out[name] = _to_bool(col, name, path)
            elif name in _NULLABLE_BOOL:
                bad = ~col.isin(["true", "false", ""])
                if bad.any():
                    raise ValueError(f"'{col[bad].iloc[0]}' is not true, false or empty")
                out[name] = col.map({"true": True, "false": False, "": pd.NA}).astype("boolean")
            elif name in _TEXT:
                out[name] = col.astype("string")
            elif name in _CATEGORY:
                listed = list(dictionary_categories().get(name, ()))
                if listed:
                    # DATA.md's full list (so loads concatenate and zero counts show); a value
                    # outside it (a newer executable) is kept, after the listed ones.
                    extra = [v for v in pd.unique(col) if v not in listed]
                    out[name] = pd.Categorical(col, categories=listed + extra)
                else:
                    out[name] = col.astype("category")
            else:
                out[name] = pd.to_numeric(col.replace("", np.nan)).astype("float64")
        except (ValueError, TypeError) as e:
            raise BuurtError(f"{path}: column {name}: {e}") from None
    return pd.DataFrame(out, columns=df.columns)


def read_csv(path: str) -> pd.DataFrame:
    """One Buurt CSV file with its dtypes."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    return _typed(raw, path)


def long_timeseries(wide: pd.DataFrame) -> pd.DataFrame:
    """timeseries.csv in long form: run_id, tick, metric (categorical), value (float)."""
    value_cols = [c for c in wide.columns if c not in ("run_id", "tick")]
    long = wide.melt(id_vars=["run_id", "tick"], value_vars=value_cols, var_name="metric", value_name="value")
    long["metric"] = pd.Categorical(long["metric"], categories=value_cols)
    long["value"] = long["value"].astype("float64")
    return long.sort_values(["run_id", "metric", "tick"], kind="stable").reset_index(drop=True)


def load(path: str) -> Results:
    """Every file of a `buurt run` or `buurt sweep` result folder (see `Results`)."""
    if not os.path.isdir(path):
        raise BuurtError(f"{path}: no such folder (a result folder of buurt run or buurt sweep)")
    res = Results()
    res.path = os.path.abspath(path)
    for key in ("experiment.json", "run.json"):
        p = os.path.join(path, key)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                res["experiment"] = json.load(f)
            break
    for key, name in _FILES.items():
        p = os.path.join(path, name)
        if os.path.exists(p):
            res[key] = read_csv(p)
    if "timeseries" in res:
        res["timeseries_wide"] = res["timeseries"]
        res["timeseries"] = long_timeseries(res["timeseries_wide"])
    if not res:
        raise BuurtError(f"{path}: holds no Buurt result files")
    return res
