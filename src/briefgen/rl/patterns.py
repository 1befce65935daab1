"""ReportLab's paragraph module, its regular expressions compiled when first used.

As it is imported, reportlab.platypus.paragraph compiles a pattern for web addresses that is
case-insensitive over most of Unicode (`uri_pat`), which only the splitting of an address too
long for its line uses: 25-40 ms, a twentieth of the CPU time of the process a cold build runs
in, and spent before the build can send its charts to be drawn. Every import of ReportLab's
platypus or graphics imports that module, so `defer` (called as briefgen is imported) has it
compiled when first used instead: the module is found and loaded as usual, with `re.compile`
deferred for its own calls while it runs; then the finder is gone. ReportLab uses the
patterns as it uses compiled ones, through their methods (tests/test_rl_patterns.py).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import re
    from collections.abc import Callable
    from importlib.machinery import ModuleSpec
    from types import ModuleType

MODULE = "reportlab.platypus.paragraph"


class DeferredPattern:
    """A regular expression, compiled (by `compiler`) when one of its methods or attributes
    is first used; copied and pickled as the compiled pattern would be. Not a re.Pattern to
    isinstance, nor to re's functions that take one: ReportLab calls its patterns' methods."""

    __slots__ = ("_args", "_compiled", "_compiler")

    def __init__(self, compiler: Callable[..., re.Pattern[Any]], *args: Any) -> None:
        self._compiler, self._args = compiler, args
        self._compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # a slot not set yet (a copy being made): not the pattern's
            raise AttributeError(name)
        if self._compiled is None:
            self._compiled = self._compiler(*self._args)
        return getattr(self._compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return self._compiler, self._args

    def __repr__(self) -> str:
        return f"DeferredPattern({self._args[0]!r})"


class _Loader:
    """MODULE's own loader, which runs it with re.compile deferred for its calls."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        import re

        from . import swapped

        compile_now = re.compile

        def compile_later(pattern: Any, flags: int = 0) -> Any:
            if sys._getframe(1).f_globals.get("__name__") == MODULE:  # not a module it imports
                return DeferredPattern(compile_now, pattern, flags)
            return compile_now(pattern, flags)

        with swapped(re, compile=compile_later):
            self._loader.exec_module(module)
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _Finder)]  # done

    def __getattr__(self, name: str) -> Any:  # the rest of a loader's interface
        return getattr(self._loader, name)


class _Finder:
    """Finds MODULE where Python would, and hands it to _Loader (which removes the finder)."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if name != MODULE:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def defer() -> None:
    """Have MODULE, if it is not imported yet, compile its patterns when first used."""
    if MODULE not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
