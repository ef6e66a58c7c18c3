"""The talk as a typed model: what the content folder says, checked and cross-referenced.

These classes are the value that flows from `load_talk` to the planner, the charts, the deck and
the handout. They hold no file handles and do no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from talkgen import limits
from talkgen.content.language import language_tag
from talkgen.errors import Problem

SlideKind = Literal[
    "title",
    "agenda",
    "text",
    "method",
    "overview",
    "theme",
    "quote",
    "chart",
    "image",
    "conclusion",
    "contact",
]
SLIDE_KINDS: tuple[str, ...] = SlideKind.__args__  # type: ignore[attr-defined]
TalkFormat = Literal["lightning", "ignite", "pechakucha", "custom"]
ChartType = Literal["bar", "stacked-bar", "pie", "donut", "line", "heatmap"]
ChartStyle = Literal["picture", "native"]
"""How a chart is put on its slide: a picture (plotly, the default) or a native, editable
PowerPoint chart (docs/charts.md)."""
BuiltinChart = Literal["prevalence", "participants", "matrix", "cooccurrence"]
BUILTIN_CHARTS: tuple[str, ...] = BuiltinChart.__args__  # type: ignore[attr-defined]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]

# A speaking pace talkgen believes, in words per minute: slow, deliberate speech is about 100,
# a fast talk about 180 (Tauroza & Allison 1990 measured 150 on average for lectures and radio);
# outside 60-300 the number is a typo or another unit.
PACE_MIN, PACE_MAX = 60, 300
# No slide is shorter than this: a slide the audience cannot even read is a planning mistake,
# and a 0 s slide breaks every ratio in the timing report.
MIN_SLIDE_SECONDS = 5


def _visible(value: str) -> str:
    """Text must show something: letters, digits, punctuation or symbols, not only zero-width
    marks (U+200B …) that strip to nothing on a slide."""
    if value and not any(unicodedata.category(c)[0] in "LNPS" for c in value):
        raise ValueError(
            "has no visible characters (only spaces or zero-width marks); write some text, or "
            "remove the key"
        )
    return value


def _a_number(value: object) -> object:
    """Refuse yes/no where a number is meant (`seconds: yes` is not one second)."""
    if isinstance(value, bool):
        raise ValueError("is a yes-or-no value, not a number; write a number, e.g. 30")
    return value


# Every text field is at most SHORT_TEXT long (the models' `str_max_length`) unless it is `Long`.
Text = Annotated[
    str, Field(min_length=1, max_length=limits.SHORT_TEXT.value), AfterValidator(_visible)
]
Long = Annotated[str, Field(max_length=limits.LONG_TEXT.value)]
# Numbers must be finite (YAML reads 1e999 as infinity) and within a range a talk can use.
Seconds = Annotated[
    float,
    BeforeValidator(_a_number),
    Field(ge=MIN_SLIDE_SECONDS, le=limits.SLIDE_SECONDS.value, allow_inf_nan=False),
]
Weight = Annotated[
    float, BeforeValidator(_a_number), Field(gt=0, le=limits.WEIGHT.value, allow_inf_nan=False)
]
ChartValue = Annotated[
    float,
    Field(ge=-limits.CHART_VALUE.value, le=limits.CHART_VALUE.value, allow_inf_nan=False),
]
# Only these kinds of link become live in the deck and the handout: a `javascript:` or `file:`
# address would run code or open a local file when the audience clicks it.
LINK_SCHEMES = ("http", "https", "mailto")


def check_address(value: str) -> str:
    """A web or mail address: `http:`, `https:` or `mailto:` (`https://` is added to a bare
    `www.example.org`), within the address length limit; ValueError saying what to write
    otherwise."""
    text = value.strip()
    if len(text) > limits.ADDRESS.value:
        raise ValueError(
            f"the address is {len(text):,} characters, over talkgen's limit, {limits.ADDRESS}; "
            "give a shorter address (a link shortener, or the site's front page)"
        )
    if ":" not in text and "." in text and " " not in text:
        text = f"https://{text}"  # `www.example.org`: a web address without its scheme
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme not in LINK_SCHEMES:
        raise ValueError(
            f"'{text[:60]}' is not a web or mail address; "
            "write an address starting with https://, http:// or mailto:"
        )
    return text


Address = Annotated[str, Field(max_length=limits.ADDRESS.value), AfterValidator(check_address)]

# Below this many participants talkgen writes counts, never percentages ("6 of 14", not "43%"):
# with 14 people one person is 7 %, and a percentage suggests a precision a small qualitative
# sample does not have.
SMALL_SAMPLE = 20

_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,3}):(\d{2})$")


def parse_duration(value: object) -> int:
    """Seconds in a `m:ss` or `h:mm:ss` duration such as `10:00`; ValueError when it is not one."""
    text = str(value).strip()
    match = _DURATION.match(text)
    if not match or isinstance(value, bool):
        raise ValueError(
            f"'{text}' is not a duration; write minutes:seconds in quotes, e.g. \"10:00\""
        )
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        raise ValueError(
            f"'{text}' has more than 59 seconds or minutes in a field; write e.g. \"10:30\""
        )
    total = hours * 3600 + minutes * 60 + seconds
    if total > limits.DURATION.value:
        raise ValueError(
            f"'{text}' is over talkgen's limit for the {limits.DURATION.name} (8 hours); "
            'give the slot\'s length, e.g. "10:00"'
        )
    if total <= 0:
        raise ValueError(f"'{text}' is no time at all; give the slot's length, e.g. \"10:00\"")
    return total


def format_duration(seconds: float) -> str:
    """`m:ss` for a number of seconds (rounded), with a sign when negative."""
    sign = "-" if seconds < 0 else ""
    whole = round(abs(seconds))
    return f"{sign}{whole // 60}:{whole % 60:02d}"


class Strict(BaseModel):
    """Base for content models: unknown keys are errors (they are usually typos)."""

    # `title: 2013` means the text "2013"; numbers must be finite (no `.nan`, no `inf`).
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        str_max_length=limits.SHORT_TEXT.value,
        allow_inf_nan=False,
        coerce_numbers_to_str=True,
    )


class Contact(Strict):
    """How the audience can reach the speaker."""

    email: str | None = None
    web: Address | None = None
    social: str | None = None
    phone: str | None = None


class Section(Strict):
    """A part of the talk that is not a theme: method, conclusion. Points go on the slide, the
    text goes in the handout, the notes are what the speaker says."""

    title: str | None = None
    points: list[Text] = []
    text: Long | None = None
    notes: Long | None = None


class Method(Section):
    """The method section, plus what a reader of the handout needs to judge the study: the items
    of the COREQ and SRQR reporting guidelines a talk can carry (see talkgen/content/reporting.py).
    Each is optional Markdown; the handout's reporting appendix shows those given."""

    team: Long | None = None
    sampling: Long | None = None
    data_collection: Long | None = None
    analysis: Long | None = None
    coding: Long | None = None
    saturation: Long | None = None
    ethics: Long | None = None


class Privacy(Strict):
    """How talkgen protects the participants in what the talk shows (docs/privacy.md).

    `min_group` is k of k-anonymity (Sweeney 2002): every combination of participant attributes
    shown (attribution lines, the who-took-part chart) must be shared by at least k participants.
    3 is the smallest k at which a participant cannot tell by elimination whose words a quote
    are, as each of two can (deductive disclosure, Kaiser 2009); 1 turns the check off.
    `max_quotes` is how many of one participant's quotes the talk may show before a warning."""

    min_group: Annotated[int, Field(ge=1, le=100)] = 3
    max_quotes: Annotated[int, Field(ge=1, le=100)] = 2


class Reference(Strict):
    """A work cited in the talk."""

    text: Text
    url: Address | None = None


class OutlineEntry(Strict):
    """One slide the speaker asks for, in the order of the talk."""

    kind: SlideKind
    id: Id | None = None
    title: str | None = None
    points: list[Text] = []
    notes: Long | None = None
    theme: Id | None = None
    quote: Id | None = None
    chart: Id | None = None
    image: str | None = None
    alt: Long | None = None
    caption: Long | None = None
    seconds: Seconds | None = None
    weight: Weight | None = None
    layout: str | None = None
    line: int | None = Field(default=None, exclude=True)
    key_lines: dict[str, int] = Field(default={}, exclude=True, repr=False)

    def line_of(self, key: str) -> int | None:
        """The line a key of this entry was written on (the entry's first line if unknown)."""
        return self.key_lines.get(key, self.line)


class HandoutOptions(Strict):
    """Options for the PDF handout."""

    paper: Literal["a4", "letter"] = "a4"


class TalkInfo(Strict):
    """The talk file (`talk.yaml`): who, where, how long, and the slides' own words."""

    title: Text
    subtitle: str | None = None
    speaker: Text
    affiliation: str | None = None
    contact: Contact = Contact()
    slides_url: Address | None = None
    event: Text
    venue: str | None = None
    date: str | None = None
    duration: str = "10:00"
    pace: Annotated[float, BeforeValidator(_a_number), Field(ge=PACE_MIN, le=PACE_MAX)] = 130
    format: TalkFormat = "lightning"
    language: str = "en"
    attribution: list[Text] | None = None
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    summary: Long | None = None
    method: Method = Method()
    privacy: Privacy = Privacy()
    conclusion: Section = Section()
    future: Long | None = None
    acknowledgements: Long | None = None
    notes: dict[SlideKind, Long] = {}
    outline: Annotated[list[OutlineEntry], Field(max_length=limits.SLIDES.value)] | None = None
    layouts: dict[SlideKind, str] = {}
    references: list[Reference] = []
    handout: HandoutOptions = HandoutOptions()
    themes: list[Id] | None = None
    chart_style: ChartStyle = "picture"
    key_lines: dict[str, int] = Field(default={}, exclude=True, repr=False)

    def line_of(self, *keys: str) -> int | None:
        """The line of a key in the talk file, e.g. `line_of("layouts", "quote")`."""
        return self.key_lines.get(".".join(keys))

    @field_validator("language", mode="before")
    @classmethod
    def _language_is_a_tag(cls, value: object) -> str:
        return language_tag(value)

    @field_validator("slides_url")
    @classmethod
    def _slides_url_fits_a_qr_code(cls, value: str | None) -> str | None:
        import segno

        if value is not None:
            try:
                segno.make(value, error="m")
            except segno.DataOverflowError:
                raise ValueError(
                    f"the address is too long for the QR code on the contact slide "
                    f"({len(value):,} characters); give a shorter address"
                ) from None
        return value

    @field_validator("duration", mode="before")
    @classmethod
    def _duration_is_minutes_seconds(cls, value: object) -> str:
        parse_duration(value)
        return str(value).strip()

    @property
    def duration_seconds(self) -> int:
        """The slot's length in seconds."""
        return parse_duration(self.duration)

    @property
    def file_slug(self) -> str:
        """The base name of the output files: the `slug`, or one made from the title."""
        if self.slug:
            return self.slug
        words = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
        return words[:60].rstrip("-") or "talk"


class Theme(Strict):
    """A theme found in the research: a Markdown file under `themes/`."""

    id: Id
    title: Text
    short: str | None = None
    summary: Long = ""
    points: list[Text] = []
    notes: Long | None = None
    color: Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")] | None = None
    order: int | None = None
    path: Path | None = Field(default=None, exclude=True)
    line: int | None = Field(default=None, exclude=True)
    label_line: int | None = Field(default=None, exclude=True)
    """The line `label` was written on (`short:`, else `title:`); None: unknown."""

    @property
    def label(self) -> str:
        """The short title for chart axes, or the title."""
        return self.short or self.title


class Participant(Strict):
    """A pseudonymous participant with descriptive attributes (country, channel, role ...)."""

    id: Id
    attributes: dict[str, str] = {}
    line: int | None = Field(default=None, exclude=True)

    @property
    def label(self) -> str:
        """How the participant is named everywhere: `Participant 8` for `P08`."""
        from talkgen.content.attribution import participant_label

        return participant_label(self.id)


class Quote(Strict):
    """A participant's words, linked to one or more themes."""

    id: Id
    participant: Id
    themes: list[Id] = Field(min_length=1)
    text: Annotated[str, Field(min_length=1, max_length=limits.QUOTE_TEXT.value)]
    featured: bool = False
    notes: Long | None = None
    # The quote's own language when it differs from the talk's (a te reo Māori quote in an
    # English talk): a BCP 47 tag, used for the deck's runs and the handout's hyphenation.
    language: str | None = None
    path: Path | None = Field(default=None, exclude=True)
    line: int | None = Field(default=None, exclude=True)
    key_lines: dict[str, int] = Field(default={}, exclude=True, repr=False)

    def line_of(self, key: str) -> int | None:
        """The line a key of this quote was written on (the quote's first line if unknown)."""
        return self.key_lines.get(key, self.line)

    @field_validator("language", mode="before")
    @classmethod
    def _language_is_a_tag(cls, value: object) -> str | None:
        return None if value is None or str(value).strip() == "" else language_tag(value)


class Coding(Strict):
    """That a participant raised a theme (one row of `coding.csv`)."""

    participant: Id
    theme: Id
    line: int | None = Field(default=None, exclude=True)


class ChartSeries(Strict):
    """One named series of numbers in a declared chart."""

    name: Text
    values: list[ChartValue]


class ChartSpec(Strict):
    """A chart declared in `charts.yaml`: a new chart, or (when `id` names a built-in chart such
    as `prevalence`) the title, caption and alt text for a built-in one."""

    id: Id
    type: ChartType | None = None
    title: str | None = None
    csv: str | None = None
    x: str | None = None
    y: list[str] = []
    categories: list[str] = []
    series: list[ChartSeries] = []
    x_label: str | None = None
    y_label: str | None = None
    caption: Long | None = None
    alt: Long | None = None
    handout: bool = True
    chart_style: ChartStyle | None = None
    """`native` or `picture` for this chart on its slide; None: talk.yaml's `chart_style`."""
    axis: str | None = None
    """participants chart: the participants.csv column whose values go on the axis."""
    stack: str | None = None
    """participants chart: the column whose values are the stack's colours."""
    line: int | None = Field(default=None, exclude=True)
    label_lines: dict[str, tuple[Path, int]] = Field(default={}, exclude=True, repr=False)
    """Where each category, series name and axis label was written, by its text (spaces
    collapsed): (file, line) in charts.yaml, or in the chart's CSV for data read from one."""

    def where(self, label: str, charts_file: Path | None) -> tuple[Path | None, int | None]:
        """The file and line `label` (a category, series name or axis label of this chart) was
        written on; `charts_file` and the chart's own line when not known."""
        return self.label_lines.get(" ".join(label.split()), (charts_file, self.line))

    @property
    def is_builtin(self) -> bool:
        """Whether this entry only sets text for one of the built-in charts."""
        return self.id in BUILTIN_CHARTS


class Talk(BaseModel):
    """One talk, loaded and cross-checked: its talk file and the research it shows.

    In a study folder (`talks/*.yaml`) `name` is the talk file's name (`lightning` for
    `talks/lightning.yaml`) and `themes`, `quotes` and `codings` are only those of the themes
    the talk chooses (`themes:` in its talk file); `study_theme_count` is how many themes the
    study has. A folder with a single `talk.yaml` has `name` None and shows every theme.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    root: Path
    info: TalkInfo
    name: str | None = None
    talk_path: Path | None = None
    study_theme_count: int | None = None
    themes: list[Theme]
    participants: list[Participant]
    quotes: list[Quote]
    codings: list[Coding] = []
    charts: list[ChartSpec] = []
    deny_names: list[str] = []
    warnings: list[Problem] = []
    source_files: list[Path] = []
    """The files the talk was read from (see `talkgen.content.load_talk`): what a build's
    fingerprint digests and the deck's "modified" date comes from."""

    @property
    def talk_file(self) -> Path:
        """The talk file this talk was read from (`talk.yaml`, or `talks/NAME.yaml`)."""
        return self.talk_path or self.root / "talk.yaml"

    @property
    def themes_in_study(self) -> int:
        """How many themes the study has (the talk may show fewer of them)."""
        return self.study_theme_count if self.study_theme_count is not None else len(self.themes)

    def theme(self, theme_id: str) -> Theme:
        """The theme with this id (KeyError when there is none)."""
        return {t.id: t for t in self.themes}[theme_id]

    def quote(self, quote_id: str) -> Quote:
        """The quote with this id (KeyError when there is none)."""
        return {q.id: q for q in self.quotes}[quote_id]

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id (KeyError when there is none)."""
        return {p.id: p for p in self.participants}[participant_id]

    def chart(self, chart_id: str) -> ChartSpec | None:
        """The declared chart (or built-in chart settings) with this id, if any."""
        return next((c for c in self.charts if c.id == chart_id), None)

    def chart_style(self, chart_id: str) -> ChartStyle:
        """`native` or `picture`: how the chart is put on its slides (charts.yaml's
        `chart_style` for the chart, else talk.yaml's)."""
        spec = self.chart(chart_id)
        if spec is not None and spec.chart_style:
            return spec.chart_style
        return self.info.chart_style

    @property
    def counts_only(self) -> bool:
        """Whether shares are written as counts ("6 of 14"), never percentages: a study of fewer
        than `SMALL_SAMPLE` participants, where one person is several per cent."""
        return len(self.participants) < SMALL_SAMPLE

    @property
    def featured_quotes(self) -> list[Quote]:
        """Quotes marked featured, in file order."""
        return [q for q in self.quotes if q.featured]

    def quotes_for(self, theme_id: str) -> list[Quote]:
        """Quotes linked to a theme, featured first, in file order otherwise."""
        linked = [q for q in self.quotes if theme_id in q.themes]
        return sorted(linked, key=lambda q: not q.featured)

    def raised_by(self) -> dict[str, set[str]]:
        """For each theme id, the ids of participants who raised it (codings plus quotes)."""
        raised: dict[str, set[str]] = {t.id: set() for t in self.themes}
        for coding in self.codings:
            raised[coding.theme].add(coding.participant)
        for quote in self.quotes:
            for theme_id in quote.themes:
                raised[theme_id].add(quote.participant)
        return raised
