"""A problem found in the content folder, reported with file, line and field."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.field or "", self.message)

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = str(Path(self.path).relative_to(root))
            except ValueError:
                pass
        where = f"{path}:{self.line}" if self.line else path
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"
