"""A tiny pyabc ABC-SMC run end to end: posterior, summary, plots and the predictive check."""

import os

import pandas as pd
import pytest

import buurt.calibrate as cal
from buurt import BuurtError


def test_tiny_abc_smc(tmp_path):
    targets = [t for t in cal.TARGETS if t.column in ("participation_rate_mean", "hours_per_volunteer_mean")]
    res = cal.calibrate(out=str(tmp_path), parameters={"behaviour.volunteer_hours": (2.0, 10.0)}, targets=targets,
                        set={"population.residents": 300, "population.intermediaries": 3, "population.civil_servants": 3},
                        ticks=40, population_size=8, generations=2, ppc_draws=3)
    for f in ["posterior.csv", "summary.csv", "marginals.png", "pairs.png", "ppc.csv", "ppc.png", "abc.db", "cost.txt"]:
        assert os.path.getsize(tmp_path / f) > 0, f
    post = pd.read_csv(tmp_path / "posterior.csv")
    assert list(post.columns) == ["behaviour.volunteer_hours", "weight"]
    assert len(post) == 8 and abs(post["weight"].sum() - 1) < 1e-9
    assert post["behaviour.volunteer_hours"].between(2, 10).all()
    s = res.summary.iloc[0]
    assert s["q05"] <= s["median"] <= s["q95"] and s["default"] == 5
    ppc = pd.read_csv(tmp_path / "ppc.csv")
    assert set(ppc["source"]) == {"posterior", "defaults"} and len(ppc) == 6
    assert ppc["hours_per_volunteer_mean"].notna().all()
    assert res.runs >= 16


def test_priors_come_from_the_registry(exe):
    import json
    import subprocess

    levers = {d["name"]: d for d in json.loads(subprocess.run([exe, "params", "--format", "json"], capture_output=True,
                                                              text=True, check=True).stdout)}
    uncertain = {d["name"] for d in json.loads(subprocess.run([exe, "params", "--uncertain", "--format", "json"],
                                                              capture_output=True, text=True, check=True).stdout)}
    p = cal.priors()
    assert list(p) == list(cal.PARAMETERS)
    for lever, (lo, hi) in p.items():
        d = levers[lever]
        if lever in uncertain:
            assert d["uncertain"] and (lo, hi) == (d["plausible_min"], d["plausible_max"]), lever
            assert cal.prior_range(lever)[2] == "plausible range"
        else:
            # Not marked uncertain (behaviour.volunteer_hours): its whole allowed range, said so.
            assert not d["uncertain"] and (lo, hi) == (d["min"], d["max"]), lever
            assert "not marked uncertain" in cal.prior_range(lever)[2]
        assert lo < d["default"] < hi
    assert "behaviour.spark_rate" in uncertain and "behaviour.maturation_rate" in uncertain
    # A mapping narrows a prior; None keeps the registry's.
    q = cal.priors({"behaviour.volunteer_hours": (2.0, 10.0), "behaviour.spark_rate": None})
    assert q == {"behaviour.volunteer_hours": (2.0, 10.0), "behaviour.spark_rate": p["behaviour.spark_rate"]}
    # The targets are declared once, with their sources, on summary columns of the registry.
    assert {t.column for t in cal.TARGETS} <= set(__import__("buurt").summary_columns())
    assert all(t.source and t.tolerance > 0 for t in cal.TARGETS)


def _swiftpm_like(tmp_path, exe):
    """A checkout as SwiftPM leaves it: .build/release is a symlink to .build/<triple>/release."""
    repo = tmp_path / "repo"
    (repo / "Models").mkdir(parents=True)
    src = os.path.join(os.path.dirname(cal.__file__), "..", "..", "Models", "maak-je-stad.yaml")
    (repo / "Models" / "maak-je-stad.yaml").write_text(open(src).read())
    real = repo / ".build" / "x86_64-unknown-linux-gnu" / "release"
    real.mkdir(parents=True)
    os.symlink(exe, real / "buurt")
    os.symlink(real, repo / ".build" / "release")
    return repo


def test_maak_je_stad_is_found_beside_a_swiftpm_executable_from_any_folder(tmp_path, exe, monkeypatch):
    repo = _swiftpm_like(tmp_path, exe)
    elsewhere = tmp_path / "notebooks"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("BUURT_BIN", str(repo / ".build" / "release" / "buurt"))
    assert cal.find_repo_file(cal.MAAK_JE_STAD) == str(repo / "Models" / "maak-je-stad.yaml")
    # An explicit path wins; a wrong one is a clear error.
    other = tmp_path / "mjs.yaml"
    other.write_text("name: x\n")
    assert cal.find_repo_file(cal.MAAK_JE_STAD, str(other)) == str(other)
    with pytest.raises(BuurtError, match="no such file"):
        cal.find_repo_file(cal.MAAK_JE_STAD, str(tmp_path / "missing.yaml"))
    with pytest.raises(BuurtError, match="not found.*maak_je_stad_file"):
        cal.find_repo_file("Models/no-such-scenario.yaml")


def test_set_applies_to_every_targets_runs(tmp_path):
    sim = cal.Simulator({"behaviour.spark_rate": (5e-5, 2e-4)}, cal.TARGETS,
                        {"behaviour.trust_model": "beta", "population.residents": 300}, 26, 0.002, 26)
    for scenario in ("baseline", "maak-je-stad"):
        args = sim.command(scenario, {"behaviour.spark_rate": 1e-4}, 5, str(tmp_path))
        assert "behaviour.trust_model=beta" in args, scenario
        assert "behaviour.spark_rate=0.0001" in args
    mjs = sim.command("maak-je-stad", {}, 5, str(tmp_path))
    assert mjs[2].endswith("maak-je-stad.yaml")
    # The Maak je Stad run keeps its own scaled population (240000 x 0.002), not the baseline's 300.
    assert "population.residents=480" in mjs and "population.residents=300" not in mjs
    assert "funding.annual_budget=1200" in mjs
    # And it runs: the scaled scenario with the user's settings.
    stats = sim.statistics({"behaviour.spark_rate": 1e-4}, 5)
    assert set(stats) == {t.column for t in cal.TARGETS}


def test_seed_makes_a_calibration_with_two_processes_repeat(tmp_path):
    targets = [t for t in cal.TARGETS if t.column in ("participation_rate_mean", "hours_per_volunteer_mean")]
    posts = [cal.calibrate(out=str(tmp_path / f"c{k}"), parameters={"behaviour.volunteer_hours": (2.0, 10.0)},
                           targets=targets, set={"population.residents": 200, "population.intermediaries": 2,
                                                 "population.civil_servants": 2},
                           ticks=26, population_size=6, generations=2, ppc_draws=1, processes=2, seed=3).posterior
             for k in range(2)]
    pd.testing.assert_frame_equal(posts[0], posts[1])
