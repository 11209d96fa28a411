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
