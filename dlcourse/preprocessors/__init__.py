"""nbgrader preprocessors the course adds to nbgrader's own pipelines (see nbgrader_config.py)."""

from .hide_hidden_tests import HideHiddenTests
from .tidy_metadata import TidyMetadata

__all__ = ["HideHiddenTests", "TidyMetadata"]
