"""`buurt.run` and `buurt.sweep(design=...)`: errors that name their cause, designs checked before they run."""

import os

import numpy as np
import pandas as pd
import pytest

import buurt

TINY = {"population.residents": 200, "population.intermediaries": 2, "population.civil_servants": 2}


def test_run_failure_carries_buurts_message_also_while_streaming_progress(tmp_path, capfd):
    for progress in (True, False):
        with pytest.raises(buurt.BuurtError, match=r"funding\.grant_size.*out of range") as e:
            buurt.run(set={"funding.grant_size": 1}, ticks=5, progress=progress, out=str(tmp_path / f"o{progress}"))
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
