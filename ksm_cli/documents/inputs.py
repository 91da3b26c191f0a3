"""What the documents are made of, read from the Mappe's files (or the files named instead), each
from disk, never from a cache. Plain Python, no UI.

Each part is read on its own: a document that does not need a part never reads its file, and
``gesamt`` shows what is missing instead of failing. A file that cannot be read is a
``UsageError`` naming the file (and its line), as in every other command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksm_cli.assess.engine import Assessment
    from ksm_cli.knowledge.loader import Knowledge
    from ksm_cli.mappe import Mappe
    from ksm_cli.mentoring.types import Tally
    from ksm_cli.tasks.types import Comparison


class Missing(Exception):
    """A part a document needs is not there: ``part`` is "antworten", "selbsteinschaetzung" or
    "mentoring"; ``reason`` says why in German (the CLI adds how to begin it)."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(reason)
        self.part, self.reason = part, reason


class Inputs:
    """The files of one run: the Mappe (or None) and the files named instead of its own."""

    def __init__(
        self,
        knowledge: Knowledge,
        today: dt.date,
        place: Mappe | None = None,
        answers: Path | None = None,
        selbsteinschaetzung: Path | None = None,
        log: Path | None = None,
    ) -> None:
        self.knowledge, self.today, self.place = knowledge, today, place
        self.named = {"antworten": answers, "selbsteinschaetzung": selbsteinschaetzung, "mentoring": log}
        self.paths: dict[str, Path | None] = {
            "antworten": answers or (place.file("antworten") if place else None),
            "selbsteinschaetzung": selbsteinschaetzung
            or (place.file("selbsteinschaetzung") if place else None),
            "mentoring": log or (place.file("mentoring") if place else None),
        }
        self._cache: dict[str, Any] = {}

    def path(self, part: str) -> Path | None:
        return self.paths[part]

    def _named_but_missing(self, part: str) -> None:
        """A file named by its flag that is not there is an error naming it, not a part to begin."""
        named = self.named[part]
        if named is not None and not named.exists():
            from ksm_cli.errors import UsageError
            from ksm_cli.fs import display_path

            raise UsageError(f"{display_path(named)}: Datei nicht gefunden.")

    def context(self) -> dict[str, Any]:
        """The Angaben: kommune.yaml over the answers file's own (as ``ksm assess`` merges them)."""
        if "context" not in self._cache:
            context: dict[str, Any] = {}
            answers = self.paths["antworten"]
            if answers is not None and answers.exists():
                context.update(self._answers().context)
            if self.place is not None:
                from ksm_cli.assess.angaben import load_angaben

                context.update(load_angaben(self.place.file("kommune"), self.knowledge).context)
            self._cache["context"] = context
        return self._cache["context"]

    def _answers(self):
        if "answers" not in self._cache:
            from ksm_cli.assess.answers import load_answers_file

            path = self.paths["antworten"]
            assert path is not None
            self._cache["answers"] = load_answers_file(path, self.knowledge)
        return self._cache["answers"]

    def assessment(self) -> Assessment:
        """The complete assessment of the kept answers; ``Missing`` without answers or with
        questions still open."""
        if "assessment" in self._cache:
            return self._cache["assessment"]
        from ksm_cli.assess.engine import assess

        path = self.paths["antworten"]
        self._named_but_missing("antworten")
        if path is None or not path.exists():
            raise Missing("antworten", "Es gibt noch keine Antworten des Interviews")
        done: set[str] = set()
        if self.place is not None:
            from ksm_cli.plan.core import read_done

            done = set(read_done(self.place.file("fahrplan"), self.knowledge.flowchart["fahrplan"]))
        result = assess(self.knowledge, self._answers().flow, self.context(), self.today, done=done)
        if not result.complete:
            count = len(result.missing)
            raise Missing(
                "antworten",
                f"Das Interview ist nicht abgeschlossen ({count} {'Frage' if count == 1 else 'Fragen'} offen)",
            )
        self._cache["assessment"] = result
        return result

    def comparison(self) -> Comparison:
        """The IST/SOLL comparison; ``Missing`` without a self-assessment or while it is a draft."""
        if "comparison" in self._cache:
            return self._cache["comparison"]
        from ksm_cli.tasks.compare import compare
        from ksm_cli.tasks.selfassessment import read_file, sum_problems

        path = self.paths["selbsteinschaetzung"]
        self._named_but_missing("selbsteinschaetzung")
        if path is None or not path.exists():
            raise Missing("selbsteinschaetzung", "Es gibt noch keine Selbsteinschätzung")
        sa = read_file(path, self.knowledge.tasks_file)
        problems = sum_problems(sa)
        if problems:
            raise Missing(
                "selbsteinschaetzung", "Die Selbsteinschätzung ist ein Entwurf: " + "; ".join(problems)
            )
        result = compare(sa, self.knowledge.tasks_file)
        kommune = self.context().get("kommune") if self.place is not None else None
        if kommune:  # the Mappe's name of the Kommune, also after it was changed with ksm init
            result = {**result, "kommune": kommune}
        self._cache["comparison"] = result
        return result

    def mentoring(self) -> tuple[Tally, dict[str, Any]]:
        """The tally of every year of the mentoring log, and the log; ``Missing`` without a log or
        without entries."""
        if "mentoring" in self._cache:
            return self._cache["mentoring"]
        from ksm_cli.mentoring.credits import tally
        from ksm_cli.mentoring.log import read_log

        path = self.paths["mentoring"]
        self._named_but_missing("mentoring")
        if path is None or not path.exists():
            raise Missing("mentoring", "Es gibt noch kein Mentoring-Protokoll")
        log = read_log(path, self.knowledge)
        result = tally(self.knowledge, log, self.today)  # every year with entries, and this one
        if not any(y["activities"] for y in result["years"]):
            raise Missing("mentoring", "Das Mentoring-Protokoll hat noch keine Einträge")
        self._cache["mentoring"] = (result, log)
        return result, log
