"""`buurt.run` and `buurt.sweep(design=...)`: errors that name their cause, designs checked before they run."""

import os

import numpy as np
import pandas as pd
import pytest

import buurt

TINY = {"population.residents": 200, "population.intermediaries": 2, "population.civil_servants": 2}


def test_run_failure_carries_buurts_message_also_while_streaming_progress(tmp_path):
    # A value only buurt itself checks (in a scenario file), so the message is buurt's own stderr.
    (tmp_path / "bad.yaml").write_text("name: bad\nfunding:\n  grant_size: 1\n")
    for progress in (True, False):
        with pytest.raises(buurt.BuurtError, match=r"grant_size.*out of range.*500") as e:
            buurt.run(scenario=str(tmp_path / "bad.yaml"), ticks=5, progress=progress, out=str(tmp_path / f"o{progress}"))
        assert e.value.code == 2


def test_run_negative_ticks_is_a_range_error_and_leaves_no_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with pytest.raises(buurt.BuurtError, match="out of range"):
        buurt.run(ticks=-5, progress=False)
    assert not [f for f in os.listdir(tmp_path) if f.startswith("buurt-run-")]


def test_wrong_executable_is_a_clear_error(monkeypatch):
    from buurt import _cli

    monkeypatch.setenv("BUURT_BIN", "/bin/true")
    _cli._registry.cache_clear()
    try:
        with pytest.raises(buurt.BuurtError, match="not the buurt executable"):
            buurt.params()
    finally:
        _cli._registry.cache_clear()


@pytest.mark.parametrize("lever, values, message", [
    ("funding.use_it_or_lose_it", [True, np.nan], r"row 1, column 'funding\.use_it_or_lose_it': missing value"),
    ("funding.mode", pd.Categorical(["collaborative", None, "collaborative"]).codes,
     r"row 1, column 'funding\.mode': option index -1 is outside 0\.\.1"),
    ("funding.mode", [0, 1, 5], r"row 2, column 'funding\.mode': option index 5"),
    ("funding.mode", [0.5, 1], r"row 0, column 'funding\.mode': 0\.5 is neither an option"),
    ("funding.mode", ["competitive", "competitve"], r"row 1.*'competitve' is not an option.*collaborative"),
    ("funding.mode", [np.nan], r"row 0, column 'funding\.mode': missing value"),
    ("funding.term_weeks", [52, np.nan], r"row 1, column 'funding\.term_weeks': missing value.*whole number"),
    ("funding.grant_size", [None], r"row 0, column 'funding\.grant_size': missing value"),
    ("funding.grant_size", [pd.NA], r"row 0, column 'funding\.grant_size': missing value"),
    ("funding.grant_size", [1000.0, 1.0], r"row 1, column 'funding\.grant_size': 1\.0 is out of range.*500 to 500000"),
    ("funding.use_it_or_lose_it", [0.7], r"row 0.*not true or false"),
])
def test_missing_or_invalid_design_values_are_refused_naming_lever_and_row(tmp_path, lever, values, message):
    with pytest.raises(buurt.BuurtError, match=message):
        buurt.sweep(design=pd.DataFrame({lever: values}), out=str(tmp_path / "o"), ticks=5, set=TINY, progress=False)
    assert not os.path.exists(tmp_path / "o.inputs") and not os.listdir(tmp_path), "nothing written for a refused design"


def test_valid_values_still_map_as_documented():
    f = buurt.format_value
    assert [f("funding.mode", v) for v in (0, 1, np.int64(1), 1.0, "collaborative")] == \
        ["competitive", "collaborative", "collaborative", "collaborative", "collaborative"]
    assert [f("funding.use_it_or_lose_it", v) for v in (True, np.bool_(False), "True", 1, 0.0)] == \
        ["true", "false", "true", "true", "false"]
    assert f("funding.term_weeks", 26.6) == "27" and f("funding.grant_size", 2500.0) == "2500"
    assert f("behaviour.spark_rate", 0.000123456789) == "0.000123456789"
    with pytest.raises(buurt.BuurtError, match=r"'funding\.grant_size': 1 is out of range"):
        buurt.run(set={"funding.grant_size": 1}, progress=False)


def test_sweep_refuses_a_design_whose_index_is_not_the_row_position(tmp_path):
    d = pd.DataFrame({"funding.grant_size": [1000.0, 40000.0, 2000.0, 30000.0]}, index=[3, 2, 1, 0])
    with pytest.raises(buurt.BuurtError, match=r"index is \[3, 2, 1, 0\].*reset_index\(drop=True\)"):
        buurt.sweep(design=d, out=str(tmp_path / "o"), ticks=5, set=TINY, progress=False)
    res = buurt.sweep(design=d.reset_index(drop=True), out=str(tmp_path / "o"), ticks=5, set=TINY, progress=False)
    assert list(res.runs.sort_values("point_id")["funding.grant_size"]) == [1000.0, 40000.0, 2000.0, 30000.0]


def test_a_refused_sweep_keeps_the_previous_inputs(tmp_path):
    kw = dict(out=str(tmp_path / "o"), ticks=5, set=TINY, progress=False)
    buurt.sweep(design=pd.DataFrame({"funding.grant_size": [1000.0, 2000.0]}), fresh=True, **kw)
    before = {f: open(tmp_path / "o.inputs" / f).read() for f in ("design.csv", "experiment.yaml")}
    with pytest.raises(buurt.BuurtError, match="different experiment|holds results") as e:
        buurt.sweep(design=pd.DataFrame({"funding.grant_size": [3000.0, 4000.0]}), **kw)
    assert e.value.code == 2
    after = {f: open(tmp_path / "o.inputs" / f).read() for f in ("design.csv", "experiment.yaml")}
    assert after == before
    assert sorted(os.listdir(tmp_path)) == ["o", "o.inputs"], "no staged or backup folders left"
    # An accepted new design (fresh) does replace them.
    buurt.sweep(design=pd.DataFrame({"funding.grant_size": [3000.0, 4000.0]}), fresh=True, **kw)
    assert "3000" in open(tmp_path / "o.inputs" / "design.csv").read()
    assert sorted(os.listdir(tmp_path)) == ["o", "o.inputs"]


def test_design_values_buurt_rounds_noticeably_give_a_warning(tmp_path):
    with pytest.warns(UserWarning, match=r"behaviour\.spark_rate: buurt rounds design values to 6 decimals"):
        buurt.write_design(pd.DataFrame({"behaviour.spark_rate": [0.000123456789]}), str(tmp_path / "a.csv"))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        buurt.write_design(pd.DataFrame({"behaviour.trust_gain": [0.0312345678]}), str(tmp_path / "b.csv"))
