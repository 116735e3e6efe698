"""Errors that the CLI turns into a one-line message and a non-zero exit."""


class DiscourseError(Exception):
    """Base class for expected, user-facing failures."""

    exit_code = 1


class InputError(DiscourseError):
    """An input file is missing, empty, binary or malformed (exit 1)."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what

    def __reduce__(self):  # pickled by the forked workers that read inputs: rebuilt from both parts
        return type(self), (self.where, self.what)


class ConfigError(DiscourseError):
    """A configuration file or parameter value is invalid (exit 2, a usage error)."""

    exit_code = 2


class UsageError(DiscourseError):
    """A command-line argument cannot be used (exit 2)."""

    exit_code = 2


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception's message on one line, shortened to ``limit`` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."
