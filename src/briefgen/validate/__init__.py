"""Stage 2, validate: type every file, resolve every cross-reference, collect every problem.
(The numbers' consistency is checked next, by checks.check, once every reference holds.)

entries.py reads and indexes each file's entries, references.py resolves what they name,
assets.py checks the files a build reads (fonts, logo), languages.py the texts each brief
prints in its language, numbers.py each figure against its unit's range; messages.py holds
the collector they all record into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Problem, ProjectError
from ..load import CONFIG_FILE, RawProject
from ..project import Project
from ..translations import catalogs
from . import assets, entries, languages, numbers, references
from .messages import Collector

if TYPE_CHECKING:
    from ..incremental import Known


@dataclass
class Validation:
    """A checked project: the briefs that can be built, and those that cannot."""

    project: Project
    warnings: list[Problem]
    failed: dict[str, list[Problem]]  # errors confined to one brief's own file, by brief
    brief_files: dict[str, str]  # the file of each brief, by its path in the project
    # the briefs known to be as they were, whose checks found nothing then (incremental.py)
    current: set[str] = field(default_factory=set)

    def adding(self, problems: list[Problem]) -> Validation:
        """This validation with more problems found in the project (the consistency checks'):
        ProjectError for errors outside the briefs' own files."""
        found = _result(self.brief_files, self.project, [*self.warnings, *problems])
        found.current = self.current
        return found

    def project_and_warnings(self) -> tuple[Project, list[Problem]]:
        """The project and its warnings; ProjectError, listing every error, if a brief has any."""
        if self.failed:
            raise ProjectError([p for ps in self.failed.values() for p in ps] + self.warnings)
        return self.project, self.warnings


def validate(raw: RawProject, translated: bool = True, known: Known | None = None) -> Validation:
    """Type and cross-check a loaded project; with `translated` false, a brief's texts need
    not be in its language (for the commands that report on translations); the briefs
    `known` finds as they were are not cross-checked again.

    Errors in data files or briefgen.yaml raise ProjectError listing every error; errors
    confined to a brief's own file only take that brief out (see Validation.failed).
    """
    problems = list(raw.problems)
    collector = Collector(problems)
    origins: entries.Origins = {}
    config = entries.config(raw, collector, origins)
    tables = entries.tables(raw, collector, origins)
    if config is None:  # its audiences are unknown: names of audiences are not checked
        collector.unreadable.add("audience")
    briefs, salvaged = entries.briefs(raw, collector, origins)
    if not raw.briefs and config is not None:
        problems.append(
            Problem(
                "briefs/", 0, "", "no briefs found; add one YAML file per audience under briefs/"
            )
        )
    # Without a valid briefgen.yaml the data is still cross-checked, against a stand-in.
    project = Project(
        raw.root, config or entries.stand_in(), briefs=briefs, origins=origins, **tables
    )
    catalogs.apply(project, collector, inline_wins=not translated)
    config_origin = origins[("config", CONFIG_FILE)]
    if config is not None:
        assets.check(project, config_origin, collector)
        references.config(project, config_origin, collector)
    references.data(project, collector)
    numbers.check(project, collector)
    current = known.find(raw, project) if known is not None else set()
    for brief_id in project.briefs:
        if brief_id in current:
            continue
        references.brief(project, brief_id, collector)
        if translated:
            languages.check(project, brief_id, collector)
    entries.outputs(project, collector)
    for brief in salvaged:
        references.salvaged(project, brief, collector)
    entries.cut_off(raw, problems)
    brief_files = {doc.path: brief_id for brief_id, doc in raw.briefs.items()}
    found = _result(brief_files, project, problems)
    found.current = current
    return found


def _result(brief_files: dict[str, str], project: Project, problems: list[Problem]) -> Validation:
    """The validation's outcome: ProjectError for errors outside the briefs' own files; the
    briefs with errors of their own set aside."""
    errors = [p for p in problems if p.severity == "error"]
    if any(p.file not in brief_files for p in errors):
        raise ProjectError(problems)
    failed: dict[str, list[Problem]] = {}
    for problem in errors:
        failed.setdefault(brief_files[problem.file], []).append(problem)
    for brief_id in failed:
        project.briefs.pop(brief_id, None)
    warnings = sorted(p for p in problems if p.severity == "warning")
    return Validation(project, warnings, failed, brief_files)
