"""Hypothesis profiles: a fast slice in ``make test``, the long run in ``make fuzz``.

``HYPOTHESIS_PROFILE=fuzz`` (what ``make fuzz`` sets) runs ``FUZZ_EXAMPLES`` cases per strategy
(default 50,000; two strategies, so 100,000 in all); the default profile runs 150 per strategy.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=_SLOW_DATA
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50000")),
    deadline=None,  # a hang is caught by the alarm in the property, not by timing
    suppress_health_check=_SLOW_DATA,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
