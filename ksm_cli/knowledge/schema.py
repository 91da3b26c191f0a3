"""pydantic schemas of the knowledge files in ``data/``.

Imported only on the validation path (``ksm validate``, a ``--data`` directory, or the first
run after the shipped knowledge changed); the read path uses the validated compact form.
All models are strict and reject unknown keys.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
ModelId = Annotated[str, StringConstraints(pattern=r"^V\d+[a-z]?(-\d*[a-z]?)?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


# --- models.yaml -----------------------------------------------------------------------


class Quote(Strict):
    text: Text
    source: Text


class Point(Strict):
    text: Text
    note: Text | None = None


class Variant(Strict):
    id: ModelId
    name: Text
    source: Text
    note: Text | None = None


class NumericCheck(Strict):
    measure: Literal["einwohner", "stellenumfang_vzae", "budget_eur_pro_ew"]
    operator: Literal[">", ">=", "<", "<="]
    value: float
    unit: Text


class Criterion(Strict):
    id: Ident
    criterion: Text
    group: Text | None = None
    result: Text
    comment: Text
    check: NumericCheck | None = None
    note: Text | None = None


class GuideValue(Strict):
    id: Ident
    text: Text
    vzae: float = Field(gt=0)
    per_einwohner: int = Field(gt=0)
    approximate: bool
    source: Text


class Recommendation(Strict):
    id: Literal[
        "personelle_verstetigung",
        "strategie",
        "klimaschutzziele",
        "finanzierung",
        "controlling",
        "netzwerke",
        "massnahmen_innen",
        "massnahmen_aussen",
    ]
    label: Text
    text: Text
    models: list[ModelId] = []


class Steckbrief(Strict):
    title: Text
    source: Text
    conditions: list[Criterion] = Field(min_length=1)
    guide_values: list[GuideValue] = []
    properties: list[Criterion] = []
    recommendations: list[Recommendation] = []
    notes: list[Text] = []


class Model(Strict):
    id: ModelId
    name: Text
    short_name: Text | None = None
    short_description: Text
    covers: list[ModelId] = []
    rank: int = Field(ge=1, le=11)
    placement: Literal["inside", "outside"]
    for_landkreis: bool
    landkreis_model: ModelId | None = None
    funding_role: Literal["during_funding", "fallback_after_funding"] | None = None
    variants: list[Variant] = []
    advantages: list[Point]
    disadvantages: list[Point]
    # Why the source gives no Vorteile/Nachteile: required where both lists are empty, and only there
    empty_reason: Quote | None = None
    steckbrief: Steckbrief | None = None
    source: Text
    notes: list[Text] = []


class Document(Strict):
    title: Text
    publisher: Text
    project_page: Text
    source: Text


class FundingRole(Strict):
    label: Text
    text: Text
    source: Text


class CentralQuestions(Strict):
    """The four central questions of Kapitel 3.1, with the sentence that introduces them."""

    intro: Text
    questions: list[Text] = Field(min_length=1)
    source: Text


class SteckbriefInfo(Strict):
    text: Text
    url: Text
    source: Text


class ModelsFile(Strict):
    schema_version: Literal[1]
    document: Document
    development_order: Quote
    keep_level: Quote
    funding_roles: dict[Literal["during_funding", "fallback_after_funding"], FundingRole]
    central_questions: CentralQuestions
    steckbrief_info: SteckbriefInfo
    models: list[Model] = Field(min_length=1)


# --- tasks.yaml ------------------------------------------------------------------------


class Area(Strict):
    id: Ident
    name: Text
    side: Text
    examples: list[Text] = []
    source: Text
    note: Text | None = None


class Table(Strict):
    id: Ident
    name: Text
    source: Text


class Group(Strict):
    id: Ident
    table: Ident
    name: Text
    area: Ident
    source: Text
    note: Text | None = None


class Task(Strict):
    id: Ident
    group: Ident
    text: Text
    examples: list[Text] = []
    landkreis_only: bool = False
    source: Text
    note: Text | None = None


class SelfAssessment(Strict):
    text: Text
    columns: Text
    source: Text
    note: Text | None = None
    wording_note: Text | None = None  # on the source's own wording, shown wherever the text is


class AnchoringQuestions(Strict):
    """The questions Kapitel 4.2 asks before its ways, quoted."""

    text: Text
    items: list[Text] = Field(min_length=1)
    source: Text


class AnchoringWay(Strict):
    """One way of Kapitel 4.2; the task rows and models it relates to are ksm's reading."""

    id: Ident
    label: Text
    text: Text
    source: Text
    groups: list[Ident] = []
    tasks: list[Ident] = []
    tasks_note: Text
    models: list[Text] = []
    models_source: Text | None = None


class Anchoring(Strict):
    text: Text
    source: Text
    questions: AnchoringQuestions
    ways: list[AnchoringWay] = Field(min_length=1)


class Statement(Strict):
    """A statement a document makes, with its source; ``outside``: a public source beside the seeds
    (reference/domain.md), which the document marks as such."""

    text: Text
    source: Text
    outside: bool = False


class JobDescription(Strict):
    """What the Stellenbeschreibung rests on: the guide's purpose of Kapitel 4, the measurable goals
    and the pay grade (outside sources)."""

    purpose: Statement
    goals: Statement
    pay_grade: Statement


class TasksFile(Strict):
    schema_version: Literal[1]
    areas: list[Area] = Field(min_length=1)
    tables: list[Table] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    self_assessment: SelfAssessment
    anchoring: Anchoring
    job_description: JobDescription
    tasks: list[Task] = Field(min_length=1)


# --- flowchart.yaml --------------------------------------------------------------------


class Stage(Strict):
    id: Ident
    number: int = Field(ge=1)
    title: Text
    question: Text
    source: Text


class Option(Strict):
    id: Ident
    label: Text
    next: Ident
    said: Text  # ksm: the answer as a statement, after „Sie haben angegeben, dass …“
    said_erstvorhaben: Text | None = None  # the same for the time after the Anschlussvorhaben
    would: Text  # ksm: the answer as a possibility, after „Wenn …“ (levers)
    lever: bool = True  # ksm: False for a state nobody would bring about; never offered as a lever
    consequence: Quote  # what the source concludes from this answer
    warning: Quote | None = None
    note: Text | None = None


class Node(Strict):
    stage: Ident
    label: Text
    question: Text
    question_landkreis: Text | None = None  # the question as a Landkreis is asked it
    question_erstvorhaben: Text | None = None  # asked for the time after the Anschlussvorhaben
    help: Text
    source: Text
    reconstructed: bool = False
    note: Text | None = None
    options: list[Option] = Field(min_length=2)


class RefineOption(Strict):
    id: Ident
    label: Text
    variant: ModelId
    said: Text  # ksm: the answer as a statement


class Refine(Strict):
    """An optional follow-up question that names the variant of the result's model."""

    id: Ident
    question: Text
    help: Text
    source: Text
    note: Text | None = None
    options: list[RefineOption] = Field(min_length=2)


class Result(Strict):
    label: Text
    models: list[ModelId] = Field(min_length=1)
    alternatives: list[ModelId] = []
    refine: Refine | None = None
    note: Text | None = None
    warning: Quote | None = None
    without_post: bool = False  # the result keeps no central post (V1 to V4): never an "Empfehlung"
    meaning: Quote | None = None  # what the result means for Klimaschutz in the Kommune
    source: Text


class Timing(Strict):
    kind: Literal["ongoing", "deadline", "window"]
    months_before_end: int | None = Field(default=None, ge=0, le=120)
    end: Literal["erstvorhaben"] | None = None
    after: Ident | None = None
    before: Ident | None = None


class PlanStep(Strict):
    id: Ident
    label: Text
    text: Text
    applies_to: Literal["erstvorhaben", "anschlussvorhaben"] | None = None
    optional: bool = False
    budget_cycle: bool = False  # dated by the month of the Haushaltsbeschluss, where given
    timing: Timing
    details: list[Text] = []
    source: Text
    note: Text | None = None


class FollowUpFunding(Strict):
    typical_months: int = Field(gt=0, le=120)
    source: Text
    note: Text | None = None


class Fahrplan(Strict):
    source: Text
    note: Text
    anschlussvorhaben: FollowUpFunding
    steps: list[PlanStep] = Field(min_length=1)


class SuccessFactor(Strict):
    id: Ident
    label: Text
    text: Text
    source: Text


class SuccessFactors(Strict):
    source: Text
    intro: Text
    items: list[SuccessFactor] = Field(min_length=1)


class ErstvorhabenPath(Strict):
    label: Text
    text: Text
    source: Text
    note: Text


class Answered(Strict):
    question: Ident
    answer: Ident


class FutureTopics(Strict):
    label: Text
    intro: Text
    items: list[Text] = Field(min_length=1)
    source: Text
    shown_for: list[Answered] = Field(min_length=1)
    note: Text | None = None


class Foundations(Strict):
    label: Text
    intro: Text
    items: list[Text] = Field(min_length=1)
    closing: Text
    source: Text
    note: Text | None = None


class Beschlussvorlage(Strict):
    """What the draft Beschlussvorlage rests on beside the guide: the structure of municipal
    Vorlagen and why councils look at the cost of a post (outside sources)."""

    structure: Statement
    cost_focus: Statement


class FlowchartFile(Strict):
    schema_version: Literal[1]
    reconstruction_note: Text
    source: Text
    intro: Quote
    stages: list[Stage] = Field(min_length=1)
    start: Ident
    nodes: dict[Ident, Node] = Field(min_length=1)
    results: dict[Ident, Result] = Field(min_length=1)
    fahrplan: Fahrplan
    erstvorhaben: ErstvorhabenPath
    future_topics: FutureTopics
    foundations: Foundations
    success_factors: SuccessFactors
    beschlussvorlage: Beschlussvorlage


# --- mentoring.yaml --------------------------------------------------------------------


class MentoringDocument(Strict):
    title: Text
    publisher: Text
    source: Text


class RuleSet(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
    label: Text
    minimum_days: float = Field(gt=0, le=365)
    reference_days: list[float] = Field(min_length=2, max_length=2)
    default: bool
    text: Text
    source: Text
    note: Text | None = None


class SourcedText(Strict):
    """A statement of the Handreichung with its place; ``note`` is ksm's reading or a remark on
    the seed's wording."""

    text: Text
    source: Text
    note: Text | None = None


class Obligation(Strict):
    vorhaben: Literal["erstvorhaben", "anschlussvorhaben"]
    # the role the minimum is spent in (5.4: "für Ihre Rolle als Mentorin oder Mentor")
    role: Literal["mentor", "mentee"]
    text: Text
    source: Text
    # for a KSM in that Vorhaben whose registered role does not include ``role`` (Handreichung 2)
    as_mentee: SourcedText


class Role(Strict):
    id: Literal["mentor", "mentee", "beide"]
    label: Text
    text: Text
    # the roles this registration includes ("beide": mentor and mentee)
    acts_as: list[Literal["mentor", "mentee"]] = Field(min_length=1)
    source: Text


class WeeksCredit(Strict):
    weeks: int = Field(gt=0, le=104)
    credit_days: float = Field(gt=0, le=365)


class ShortName(Strict):
    """ksm's short wording of a format for sentences: with its article, and in the plural."""

    one: Text
    many: Text


class Forums(Strict):
    text: Text
    items: list[Text] = Field(min_length=1)
    source: Text
    note: Text | None = None


class MentoringFormat(Strict):
    id: Ident
    name: Text
    short: ShortName
    description: Text
    form: Text
    credit_days: float | None = Field(default=None, gt=0, le=365)
    credit_by_weeks: list[WeeksCredit] = []
    frequency: Text
    capacity: Text
    source: Text
    note: Text | None = None
    # Where the source asks for the number of posts as evidence of this format (Handreichung 5.5);
    # the entry then asks for it. None: the number of posts is not asked for.
    posts_as_evidence: Text | None = None
    # how the mentors record a session (the Kurzdokumentation of 3.1.1-3.1.3)
    session_record: SourcedText | None = None
    # the Community forums a forum patron chooses from (3.2.1)
    forums: Forums | None = None


class DocumentationDuty(Strict):
    text: Text
    url: Text
    source: Text


class TopicGroup(Strict):
    id: Ident
    name: Text
    source: Text
    topics: list[Text] = Field(min_length=1)
    note: Text | None = None


class Programme(Strict):
    """Statements of the Handreichung that a KSM meets beside the credits."""

    mentees: SourcedText  # 5.1: no obligation to take up the offers
    individual_mentoring: SourcedText  # 3.3: one-to-one mentoring not possible yet
    after_verstetigung: SourcedText  # 5.3: voluntary once the post is permanent
    travel_costs: SourcedText  # 5.4


class MentoringFile(Strict):
    schema_version: Literal[1]
    document: MentoringDocument
    hours_per_day: float = Field(gt=0, le=24)
    hours_per_day_source: Text
    rule_sets: list[RuleSet] = Field(min_length=1)
    obligation: Obligation
    roles: list[Role] = Field(min_length=1)
    formats: list[MentoringFormat] = Field(min_length=1)
    documentation: DocumentationDuty
    programme: Programme
    topic_groups: list[TopicGroup] = Field(min_length=1)


SCHEMAS = {"models": ModelsFile, "flowchart": FlowchartFile, "tasks": TasksFile, "mentoring": MentoringFile}
