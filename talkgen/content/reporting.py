"""The reporting items of qualitative research a talk's handout can carry.

Reporting guidelines ask a write-up to say who did the research, whom they asked and how, how the
themes came out of the data, and whether an ethics committee approved it. A ten-minute talk drops
most of that; the handout need not. Each item below is an optional field under `method:` in
talk.yaml; the handout's appendix shows those given, and `talkgen validate` names those left out.

Sources: COREQ, the 32-item checklist for interviews and focus groups (Tong, Sainsbury & Craig
2007, International Journal for Quality in Health Care 19(6):349-357), and SRQR, the 21 Standards
for Reporting Qualitative Research (O'Brien et al. 2014, Academic Medicine 89(9):1245-1251). The
item numbers are theirs; COREQ has no ethics item.
"""

from __future__ import annotations

from dataclasses import dataclass

from talkgen.content.model import Method


@dataclass(frozen=True)
class ReportingItem:
    """One item: its key under `method:`, its heading, and the guideline items it answers."""

    key: str
    heading: str
    coreq: str | None
    srqr: str

    @property
    def guidelines(self) -> str:
        """The items it answers, e.g. `COREQ 1-8 · SRQR 6`."""
        parts = [f"COREQ {self.coreq}"] if self.coreq else []
        return " · ".join([*parts, f"SRQR {self.srqr}"])


REPORTING_ITEMS: tuple[ReportingItem, ...] = (
    ReportingItem("team", "Research team and reflexivity", "1–8", "6"),
    ReportingItem("sampling", "Sampling and participants", "10–13, 16", "8"),
    ReportingItem("data_collection", "Data collection", "14, 17–21", "10–11"),
    ReportingItem("analysis", "How the themes were derived", "9, 26", "14"),
    ReportingItem("coding", "Who coded, and with what software", "24, 27", "13"),
    ReportingItem("saturation", "Saturation", "22", "8"),
    ReportingItem("ethics", "Ethics approval and consent", None, "9"),
)


def given_items(method: Method) -> list[tuple[ReportingItem, str]]:
    """The items `method` gives, in checklist order, each with its (Markdown) text."""
    given = []
    for item in REPORTING_ITEMS:
        text = getattr(method, item.key)
        if text and text.strip():
            given.append((item, text))
    return given


def missing_items(method: Method) -> list[ReportingItem]:
    """The items `method` leaves out, in checklist order."""
    given = {item.key for item, _ in given_items(method)}
    return [item for item in REPORTING_ITEMS if item.key not in given]
