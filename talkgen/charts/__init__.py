"""Charts from the research data (plotly), exported in one browser session and cached."""

from talkgen.charts.model import RenderedChart

__all__ = ["RenderedChart"]
