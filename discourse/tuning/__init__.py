"""``discourse tune``: parameter sweeps scored by label-free and gold-label metrics.

>>> result = discourse.tune(["seeds/"], config, {"k": "4..12", "method": ["kmeans", "nmf"]})
>>> print(result.summary()); result.write("dashboards")   # tuning.html + discourse.toml
"""
from .grid import expand_grid, parse_grid, resolve_name
from .sweep import LABEL_FREE, LABEL_METRICS, TuneResult, evaluate_setting, rank_settings, tune, tune_segments

__all__ = ["tune", "tune_segments", "TuneResult", "parse_grid", "resolve_name", "expand_grid",
           "evaluate_setting", "rank_settings", "LABEL_FREE", "LABEL_METRICS"]
