"""Domain errors raised by services and turned into clear 400/409/412 answers at the edges."""

from __future__ import annotations


class DomainError(Exception):
    """A request the editorial rules refuse; the message is shown to the user as is."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field or self.field


class InvalidStatusTransition(DomainError):
    field = "status"


class StaleEdit(DomainError):
    """The object changed since the editor loaded it (version or If-Match mismatch)."""


class AlreadyDecided(DomainError):
    """Another editor decided this suggestion first."""
