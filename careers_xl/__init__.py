"""careers-xl: read, refresh, roll over and report on careers strategic-plan workbooks."""

from .errors import CareersXLError, NoPlanFound, UnreadableWorkbook
from .model import AcademicYear, Action, Benchmark, Objective, Plan, Problem, Rag
from .read.plan import read_plan
from .rules.rollover import rollover
from .write.new import write_plan

__version__ = "0.1.0"
__all__ = [
    "AcademicYear", "Action", "Benchmark", "CareersXLError", "NoPlanFound", "Objective",
    "Plan", "Problem", "Rag", "UnreadableWorkbook", "read_plan", "rollover", "write_plan",
]
