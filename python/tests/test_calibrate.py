"""A tiny pyabc ABC-SMC run end to end: posterior, summary, plots and the predictive check."""

import os

import pandas as pd

import buurt.calibrate as cal


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
