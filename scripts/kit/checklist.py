"""The risk checklist's questions: load and validate a question file.

The default set is docs/data/checklist.yml, written for this kit. An
organisation that holds permission for another set names its own file in
`extra.checklist_questions` (a path relative to the kit's folder). kit.config.load()
calls load_checklist() before anything is built, so a bad file stops the build
with a ConfigError naming the file, the key and the fix.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from kit.config import ConfigError, Field, Invalid, ListOf, _check_mapping, read_yaml, text


def question_id(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value.strip()):
        return value.strip()
    raise Invalid(f"{value!r} is not a question id",
                  "use lower-case letters, digits and hyphens only, for example threats or turns-up")


def version(value: Any) -> str:
    if isinstance(value, bool):
        raise Invalid(f"{value!r} is not a version", "write the version in quotes, for example \"1.0\"")
    if isinstance(value, (int, float, _dt.date)):
        return str(value)
    return text(value)


QUESTION_SCHEMA = {
    "id": Field(question_id, required=True, help="a short name, for example threats"),
    "text": Field(text, required=True, help="the question, in plain words"),
    "hint": Field(text),
    "urgent": Field(bool, default=False),
}

CHECKLIST_SCHEMA = {
    "version": Field(version, required=True, help="the version of this question set, for example \"1.0\""),
    "source": Field(text, required=True, help="who wrote the questions"),
    "licence": Field(text, help="the terms the questions may be used under"),
    "permission": Field(text, help="who gave you permission to use the questions, and when"),
    "questions": Field(ListOf(QUESTION_SCHEMA), required=True, help="the list of questions"),
}


def load_checklist(path: Path | str) -> dict:
    """Read and check a question file; raise ConfigError naming the file, key and fix."""
    path = Path(path)
    data = read_yaml(path)
    checklist = _check_mapping(data, CHECKLIST_SCHEMA, "", path)
    if not checklist["licence"] and not checklist["permission"]:
        raise ConfigError(path, "licence", "a required value is missing",
                          "add licence: (the terms the questions may be used under), or permission: "
                          "(who gave you permission to use them, and when). Questions from a published "
                          "form may not be used without permission")
    questions = checklist["questions"]
    if not questions:
        raise ConfigError(path, "questions", "the list is empty", "add at least one question")
    seen: dict[str, int] = {}
    for i, q in enumerate(questions):
        if q["id"] in seen:
            raise ConfigError(path, f"questions[{i}].id", f"{q['id']!r} is used twice",
                              f"give each question its own id; questions[{seen[q['id']]}] already uses it")
        seen[q["id"]] = i
    return checklist
