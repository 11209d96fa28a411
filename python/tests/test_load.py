"""The loaders against every file kind, with the dtypes of docs/DATA.md and the registries."""

import pandas as pd
import pandas.api.types as t
import pytest

import buurt


def test_registries_come_from_the_executable(exe):
    import json
    import subprocess

    levers = json.loads(subprocess.run([exe, "params", "--format", "json"], capture_output=True, text=True, check=True).stdout)
    p = buurt.params()
    assert list(p["name"]) == [d["name"] for d in levers]
    assert set(p["kind"].astype(str)) == {"real", "integer", "flag", "choice"}
    mode = p.set_index("name").loc["funding.mode"]
    assert mode["kind"] == "choice" and "competitive" in mode["options"]
    m = buurt.metrics()
    csv = subprocess.run([exe, "params", "--metrics", "--format", "csv"], capture_output=True, text=True, check=True).stdout
    assert list(m["name"]) == [line.split(",")[0] for line in csv.splitlines()[1:]]
    assert m["count"].dtype == bool and m["count"].any() and not m["count"].all()


def test_run_folder(run_dir):
    res = buurt.load(run_dir)
    assert {"summary", "timeseries", "timeseries_wide", "initiatives", "network_edges", "network_nodes", "experiment"} <= set(res)
    assert isinstance(res.experiment, dict)
    metrics = buurt.metrics().set_index("name")
    wide = res.timeseries_wide
    assert wide["run_id"].dtype == "int64" and wide["tick"].dtype == "int64"
    for name in metrics.index:
        expected = "int64" if metrics.loc[name, "count"] else "float64"
        assert str(wide[name].dtype) == expected, name
    long = res.timeseries
    assert list(long.columns) == ["run_id", "tick", "metric", "value"]
    assert isinstance(long["metric"].dtype, pd.CategoricalDtype)
    assert len(long) == len(wide) * len(metrics)
    assert long["value"].dtype == "float64"
    s = res.summary
    assert s["seed"].dtype == "int64"
    count = metrics.index[metrics["count"]][0]
    assert s[f"{count}_final"].dtype == "int64" and s[f"{count}_mean"].dtype == "float64"
    ini = res.initiatives
    assert ini["joint"].dtype == bool
    assert isinstance(ini["theme"].dtype, pd.CategoricalDtype) and isinstance(ini["status"].dtype, pd.CategoricalDtype)
    assert str(ini["born_tick"].dtype) == "int64"
    assert str(ini["ended_tick"].dtype) in ("Int64", "int64")  # nullable where censored
    assert ini["maturity"].dtype == "float64"
    assert res.network_edges["bridging"].dtype == bool
    assert res.network_edges["source"].dtype == "int64"
    assert isinstance(res.network_nodes["role"].dtype, pd.CategoricalDtype)


def test_sweep_folder(saltelli_dir):
    res = buurt.load(saltelli_dir)
    runs = res.runs
    assert isinstance(runs["funding.mode"].dtype, pd.CategoricalDtype)
    assert list(runs["funding.mode"].cat.categories) == list(
        buurt.params().set_index("name").loc["funding.mode", "options"])
    assert runs["funding.use_it_or_lose_it"].dtype == bool
    assert runs["funding.term_weeks"].dtype == "int64"
    assert runs["bureaucracy.friction"].dtype == "float64"
    assert runs["point_id"].dtype == "int64" and runs["seed"].dtype == "int64"
    assert res.experiment["design"] == "saltelli"
    pts = res.points
    assert pts["n"].dtype == "int64" and pts["mean"].dtype == "float64"
    assert isinstance(pts["outcome"].dtype, pd.CategoricalDtype)
    assert isinstance(pts["funding.mode"].dtype, pd.CategoricalDtype)
    sens = res.sensitivity
    assert list(sens.columns[:3]) == ["lever", "outcome", "S1"] and sens["ST"].dtype == "float64"
    assert sens["S1_sum_low"].dtype == "float64" and str(sens["S1_sum_over_1"].dtype) == "boolean"
    # places are whole numbers, empty (<NA>) where an outcome is constant
    assert all(str(sens[c].dtype) in ("int64", "Int64") for c in ("ST_rank", "ST_rank_low", "ST_rank_high"))
    ranked = sens.dropna(subset=["ST_rank"])
    assert ((ranked["ST_rank_low"] <= ranked["ST_rank"]) & (ranked["ST_rank"] <= ranked["ST_rank_high"])).all()
    assert len(res.initiatives) > 0 and res.initiatives["run_id"].max() == runs["run_id"].max()


def test_morris_sensitivity_and_file_design_folder(tmp_path, exe):
    """A Morris sweep's sensitivity.csv (mu*, mu, sigma, and `effects`, a count) and a file design's
    copy of its design file."""
    import subprocess

    (tmp_path / "exp.yaml").write_text("""name: py-morris
set: {population.residents: 400, population.intermediaries: 4, population.civil_servants: 4}
vary:
  bureaucracy.friction: {min: 0, max: 1}
  funding.mode: [competitive, collaborative]
design: morris
samples: 3
levels: 4
replicates: 1
seed: 2
ticks: 20
""")
    out = tmp_path / "out"
    subprocess.run([exe, "sweep", str(tmp_path / "exp.yaml"), "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([exe, "analyze", str(out)], check=True, stdout=subprocess.DEVNULL)
    sens = buurt.load(str(out)).sensitivity
    assert list(sens.columns) == ["lever", "outcome", "mu_star", "mu_star_low", "mu_star_high", "mu", "sigma", "effects", "note",
                                  "mu_star_noise", "mu_star_clears_noise"]
    # three trajectories: fewer effects than an interval needs, so no interval and no flag
    assert sens["mu_star_low"].isna().all() and str(sens["mu_star_clears_noise"].dtype) == "boolean"
    assert sens["mu_star_clears_noise"].isna().all() and sens["mu_star_noise"].dtype == "float64"
    assert sens["effects"].dtype == "int64"
    assert sens["effects"].between(0, 3).all() and (sens["effects"] > 0).any()
    for c in ["mu_star", "mu_star_low", "mu_star_high", "mu", "sigma", "mu_star_noise"]:
        assert sens[c].dtype == "float64", c
    assert isinstance(sens["lever"].dtype, pd.CategoricalDtype)
    assert set(sens["lever"].astype(str)) == {"bureaucracy.friction", "funding.mode"}
    assert str(sens["note"].dtype) == "string"

    # A file design: the result folder's copy of the design file loads with the levers' dtypes.
    (tmp_path / "d.csv").write_text("funding.mode,funding.use_it_or_lose_it,funding.term_weeks\ncompetitive,true,26\ncollaborative,false,52\n")
    (tmp_path / "f.yaml").write_text("name: py-file\nset: {population.residents: 300, population.intermediaries: 3, population.civil_servants: 3}\n"
                                     "design: file\npoints: d.csv\nticks: 10\n")
    subprocess.run([exe, "sweep", str(tmp_path / "f.yaml"), "--out", str(tmp_path / "fo"), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    design = buurt.load(str(tmp_path / "fo")).design
    assert isinstance(design["funding.mode"].dtype, pd.CategoricalDtype)
    assert list(design["funding.mode"].astype(str)) == ["competitive", "collaborative"]
    assert design["funding.use_it_or_lose_it"].dtype == bool and design["funding.term_weeks"].dtype == "int64"


def test_missing_folder_and_executable(tmp_path, monkeypatch):
    with pytest.raises(buurt.BuurtError, match="no such folder"):
        buurt.load(str(tmp_path / "nope"))
    monkeypatch.setenv("BUURT_BIN", str(tmp_path / "missing-buurt"))
    with pytest.raises(buurt.BuurtError, match="swift build -c release"):
        buurt.executable()


def test_categorical_columns_hold_the_data_dictionarys_full_lists(run_dir):
    import subprocess

    res = buurt.load(run_dir)
    text = subprocess.run([buurt.executable(), "params", "--format", "data-dictionary"], capture_output=True,
                          text=True, check=True).stdout
    for frame, col in ((res.initiatives, "theme"), (res.initiatives, "status"), (res.network_nodes, "group"),
                       (res.network_nodes, "role")):
        row = next(line for line in text.splitlines() if line.startswith(f"| `{col}` |"))
        listed = [v.strip() for v in row.rstrip(" |").split(" | ")[-1].split("\\|")]
        assert list(frame[col].cat.categories) == listed, col
        assert set(frame[col].astype(str)) <= set(listed)
    # Two loads concatenate without falling back to object dtype, and unseen values count 0.
    both = pd.concat([res.initiatives[res.initiatives["status"] == s] for s in res.initiatives["status"].unique()[:2]])
    assert isinstance(both["status"].dtype, pd.CategoricalDtype)
    assert len(res.initiatives["status"].value_counts()) == len(res.initiatives["status"].cat.categories)


def test_scenario_discovery_writes_categorical_box_limits_sorted():
    import importlib.util
    import os

    path = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "examples", "scenario_discovery.py")
    spec = importlib.util.spec_from_file_location("scenario_discovery", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    limits = pd.DataFrame({"funding_mode": [{"competitive", "collaborative"}, {"collaborative", "competitive"}],
                           "funding_grant_size": [2000.0, 50000.0]})
    table = mod.box_table(limits)
    assert list(table["funding_mode"]) == ["collaborative | competitive"] * 2
    assert list(table["funding_grant_size"]) == [2000.0, 50000.0]
