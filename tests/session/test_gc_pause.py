"""The collector is held off only for long folds, and always left as it was found."""

from __future__ import annotations

import gc

import pytest

from exercise.session.gc_pause import LONG_FOLD, collection_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_a_long_fold_pauses_the_collector_and_restores_it():
    gc.enable()
    with collection_paused(LONG_FOLD):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_short_fold_leaves_it_running():
    gc.enable()
    with collection_paused(LONG_FOLD - 1):
        assert gc.isenabled()


def test_an_error_in_the_fold_still_restores_it():
    gc.enable()
    with pytest.raises(ValueError), collection_paused(LONG_FOLD * 10):
        raise ValueError("a damaged row")
    assert gc.isenabled()


def test_a_caller_that_disabled_it_keeps_it_disabled():
    gc.disable()
    with collection_paused(LONG_FOLD * 10):
        assert not gc.isenabled()
    assert not gc.isenabled()
