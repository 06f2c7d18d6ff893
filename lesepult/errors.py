"""The one error model: what went wrong, told so a reader can act on it.

Every failure a reader can cause (bad input, an unknown id, a file too large)
is a `UserError` carrying the HTTP status it stands for. The domain raises
them without knowing HTTP; the app factory maps them to responses in one
place, and the CLI prints their message.
"""
from __future__ import annotations


class UserError(ValueError):
    """Input that cannot be used; the message is for the reader."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self)


class NotFound(UserError):
    status = 404


class Conflict(UserError):
    status = 409


class TooLarge(UserError):
    status = 413
