"""The risk checklist's question file.

The default set is docs/data/checklist.yml, written for this kit. An
organisation that holds permission for another set names its own file in
`extra.checklist_questions` (a path from the kit's folder). The file is read
and checked once, when the configuration is loaded (supportkit.load.config).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportkit.core.errors import shown
from supportkit.load.schema import At, Invalid, ListOf, Record, boolean, option, parse, read_yaml, slug
from supportkit.load.schema import text as words


def version(value: Any) -> str:
    if isinstance(value, bool):
        raise Invalid(f"{shown(value)} is not a version", "write the version in quotes, for example \"1.0\"")
    if isinstance(value, (int, float, _dt.date)):
        return str(value)
    return words(value, 40)


def question_id(value: Any) -> str:
    try:
        return slug(value)
    except Invalid:
        raise Invalid(f"{shown(value)} is not a question id",
                      "use lower-case letters, digits and hyphens only, for example threats or turns-up") from None


@dataclass(frozen=True)
class Question(Record):
    id: str = option(question_id, required=True, help="a short name, for example threats")
    text: str = option(words, required=True, help="the question, in plain words")
    hint: str = option(words)
    urgent: bool = option(boolean, default=False)


@dataclass(frozen=True)
class Checklist(Record):
    version: str = option(version, required=True, help="the version of this question set, for example \"1.0\"")
    source: str = option(words, required=True, help="who wrote the questions")
    licence: str = option(words, help="the terms the questions may be used under")
    permission: str = option(words, help="who gave you permission to use the questions, and when")
    questions: tuple = option(ListOf(Question, min_items=1, max_items=60, unique="id", noun="question"), required=True,
                              help="the list of questions")

    def check(self, at: At) -> None:
        if not self.licence and not self.permission:
            raise (at / "licence").error(
                "a required value is missing",
                "add licence: (the terms the questions may be used under), or permission: "
                "(who gave you permission to use them, and when). Questions from a published "
                "form may not be used without permission")

    @property
    def urgent_numbers(self) -> list[int]:
        """The 1-based numbers of the urgent questions."""
        return [i + 1 for i, q in enumerate(self.questions) if q.urgent]


def load_checklist(path: Path) -> Checklist:
    """Read and check a question file; raise KitError naming the file, the key and the fix."""
    data, smap = read_yaml(path)
    return parse(Checklist, data, At(path, maps=(smap,)))
