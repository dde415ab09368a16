"""Exceptions raised by ferrojit.

- ``TypingError`` (a ``TypeError``): the function uses Python outside the compiled subset,
  or its types don't fit. The message names the file, line and column, shows the line
  with a caret, and says what was inferred.
- ``InternalCompilerError`` (a ``RuntimeError``): a bug in ferrojit.
- ``PerformanceWarning``: code runs slower than it could (e.g. it fell back to the
  interpreter under ``nopython=False``).
"""

from ._native import InternalCompilerError, PerformanceWarning, TypingError

__all__ = ["TypingError", "InternalCompilerError", "PerformanceWarning"]
