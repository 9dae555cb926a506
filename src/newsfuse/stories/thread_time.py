"""How time weighs when a story joins a thread: a thread follows its topic for months.

`model.thread_time_evidence` reads these. A story within `THREAD_FRESH_DAYS` of one of the thread's
story days pays nothing; each further 30 days cost `THREAD_DECAY` log-odds, at most
`THREAD_DECAY_MAX` (reached after five quiet months). Real coverage of a disaster, an epidemic, a
war or a spill goes quiet for two to four months between turns (Haiti: the quake in January, the
donors in March, the camps in June, cholera in October): at 0.5 a month and at most 2.0 such turns
opened threads of their own (tests/data/longcov2: the quake's coverage in five threads, 37 % in the
largest). Grid on longcov2, longcov, coverage.jsonl and ECB+ train/dev in docs/stories.md.
"""

from __future__ import annotations

THREAD_FRESH_DAYS = 30
THREAD_DECAY = 0.25  # log-odds per further 30 days (0.5 before 2026-12-03)
THREAD_DECAY_MAX = 1.0  # 2.0 before 2026-12-03
