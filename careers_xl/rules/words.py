"""The plan's rules in one place: RAG words and colours, rollover behaviour, check rules.

The Python writer, the rollover and the generated Excel add-in (VBA constants) all read
these values, so a careers leader gets the same behaviour from the CLI and from Excel.
"""

from __future__ import annotations

from ..model import Rag

# Fill colours the writer uses for each RAG status (conditional formatting and the add-in).
RAG_FILL: dict[Rag, str] = {
    Rag.RED: "#FF0000",
    Rag.AMBER: "#FFC000",
    Rag.GREEN: "#00B050",
    Rag.BLUE: "#0070C0",
}
RAG_FONT: dict[Rag, str] = {
    Rag.RED: "#FFFFFF",
    Rag.AMBER: "#000000",
    Rag.GREEN: "#FFFFFF",
    Rag.BLUE: "#FFFFFF",
}

# Dropdown entries offered in every RAG cell, in this order ("" leaves it blank).
RAG_DROPDOWN: list[str] = ["Red", "Amber", "Green", "Complete"]

# Words a person may type for each status (compared case-insensitively, dots removed).
RAG_WORDS: dict[Rag, tuple[str, ...]] = {
    Rag.RED: ("r", "red", "not started", "not achieved", "off track"),
    Rag.AMBER: ("a", "amber", "orange", "yellow", "in progress", "started", "ongoing"),
    Rag.GREEN: ("g", "green", "on track", "achieved", "met"),
    Rag.BLUE: ("b", "blue", "complete", "completed", "done", "finished"),
}

# Rollover: an action that was not finished is marked so the leader sees it carried over.
UNFINISHED = (Rag.RED, Rag.AMBER)
CARRIED_NOTE = "Carried forward: {rag} in {year}"
CARRIED_NOTE_COLUMN = "Carried forward"  # extra column that holds the note
# How many years every dated end point moves at rollover.
ROLLOVER_YEARS = 1

# Check rules (CLI `check`, the add-in's Check button).
CHECK_EMPTY_LEAD = "Action has no lead"
CHECK_OVERDUE = "End point has passed and the action is not complete"
CHECK_GREEN_NO_EVIDENCE = "Marked {rag} but the evidence list is empty"
CHECK_NO_BENCHMARK = ("Objective has no Gatsby Benchmark: give it one (BM1-BM8) so it counts "
                      "in the benchmark tables; until then it shows as \"No benchmark\"")
