"""`--jobs` defaults to the cores the process may really use: a cgroup CPU quota (a CI runner
given 2 cores of a bigger host) caps it, whatever the host's core count."""

from __future__ import annotations

import os

from newsfuse.pipeline import workers


def test_cgroup_v2_quota_is_read(tmp_path):
    (tmp_path / "cpu.max").write_text("200000 100000\n")
    assert workers.cgroup_cpu_quota(tmp_path) == 2.0
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert workers.cgroup_cpu_quota(tmp_path) is None


def test_cgroup_v1_quota_is_read(tmp_path):
    folder = tmp_path / "cpu"
    folder.mkdir()
    (folder / "cpu.cfs_quota_us").write_text("150000\n")
    (folder / "cpu.cfs_period_us").write_text("100000\n")
    assert workers.cgroup_cpu_quota(tmp_path) == 1.5
    (folder / "cpu.cfs_quota_us").write_text("-1\n")
    assert workers.cgroup_cpu_quota(tmp_path) is None


def test_no_cgroup_files_means_no_limit(tmp_path):
    assert workers.cgroup_cpu_quota(tmp_path) is None


def test_default_jobs_never_exceeds_the_quota(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    monkeypatch.setattr(workers, "CGROUP_ROOT", tmp_path)
    (tmp_path / "cpu.max").write_text("200000 100000\n")
    assert workers.default_jobs() == 2
    (tmp_path / "cpu.max").write_text("50000 100000\n")  # half a core: still one worker
    assert workers.default_jobs() == 1
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert workers.default_jobs() == 16
