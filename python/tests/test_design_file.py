"""Design files: a SALib sample run through ONE `buurt sweep` equals `buurt run` of each row."""

import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import buurt
import buurt.salib as bs
from conftest import SMALL


def test_salib_sample_through_sweep_equals_run_of_each_row(tmp_path, exe):
    from SALib.sample import sobol as sobol_sample

    problem = bs.problem({"bureaucracy.friction": None, "funding.grant_size": (2000, 40000), "funding.mode": None,
                          "funding.use_it_or_lose_it": None, "funding.term_weeks": (26, 104)})
    assert problem["bounds"][2] == [0.0, 2.0]  # one unit per option
    X = sobol_sample.sample(problem, 2, calc_second_order=False, seed=3)
    res = bs.run(problem, X, out=str(tmp_path / "sweep"), set=SMALL, replicates=2, seed=8, ticks=40, progress=False)
    runs = res.runs
    assert len(runs) == 2 * len(X)
    assert res.experiment["design"] == "file"
    # Every lever column holds the sample's value as buurt took it.
    design = bs.design(problem, X)
    for i in range(len(X)):
        row = runs[(runs["point_id"] == i)].iloc[0]
        assert row["bureaucracy.friction"] == pytest.approx(round(design.loc[i, "bureaucracy.friction"], 6), abs=1e-9)
        assert row["funding.mode"] == buurt.format_value("funding.mode", design.loc[i, "funding.mode"])
        assert row["funding.term_weeks"] == round(design.loc[i, "funding.term_weeks"])
    # Replay every run (each row of the sample, each replicate) with buurt run and compare every number.
    text = open(os.path.join(res.path, "runs.csv")).read().splitlines()
    header = text[0].split(",")
    levers = [c for c in header[4:] if c not in buurt.summary_columns()]
    assert len(text) - 1 == 2 * len(X) == 28
    for line in text[1:]:
        fields = line.split(",")
        sets = dict(SMALL)
        sets.update({k: fields[header.index(k)] for k in levers})
        one = buurt.run(set=sets, seed=int(fields[3]), ticks=40, out=str(tmp_path / f"run-{fields[0]}"), progress=False)
        summary = open(os.path.join(one.path, "summary.csv")).read().splitlines()[1].split(",")[1:]
        assert fields[4 + len(levers):] == summary, f"run {fields[0]}"


def test_sobol_cross_check_with_salib(saltelli_dir):
    table = bs.cross_check(saltelli_dir, ["sustained_total_final", "mean_trust_institutions_final"])
    assert len(table) > 0
    assert np.isfinite(table[["S1_salib", "ST_salib"]].to_numpy()).all()
    # The same estimators (Saltelli 2010 first order, Jansen total) on the same numbers.
    np.testing.assert_allclose(table["ST_buurt"], table["ST_salib"], atol=1e-3)
    np.testing.assert_allclose(table["S1_buurt"], table["S1_salib"], atol=1e-3)


def test_bad_design_is_exit_2_with_line_and_column(tmp_path, exe):
    (tmp_path / "d.csv").write_text("funding.mode,bureaucracy.friction\ncompetitive,0.5\ncompetitve,0.2\n")
    (tmp_path / "e.yaml").write_text("name: bad\ndesign: file\npoints: d.csv\nticks: 5\n")
    proc = subprocess.run([exe, "sweep", str(tmp_path / "e.yaml"), "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "d.csv:3" in proc.stderr and "funding.mode" in proc.stderr and "collaborative" in proc.stderr
    with pytest.raises(buurt.BuurtError, match="not a lever"):
        buurt.write_design(pd.DataFrame({"funding.grantsize": [1000]}), str(tmp_path / "x.csv"))


def test_cross_check_with_an_unknown_outcome_is_a_clear_error(saltelli_dir):
    with pytest.raises(buurt.BuurtError, match="no sensitivity indices for no_such_final"):
        bs.cross_check(saltelli_dir, ["no_such_final"])
