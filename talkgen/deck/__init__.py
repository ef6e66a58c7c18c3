"""The deck: the planned talk as an editable, accessible .pptx on our template or the user's.

`build_deck(plan, charts, out_path, template=None, auto_advance=False)` is the one entry point;
`chart_boxes(plan, template=None)` tells the charts stage, before it renders, the size of the box
each chart will be shown in. Inside: `layouts` finds the template's layouts by name, `compose`
fills one slide, `boxes` measures the charts' boxes, `fit` measures text with real font metrics,
`xml` owns the few raw XML edits, `package` opens the template and writes the file.
"""

from talkgen.deck.boxes import chart_boxes
from talkgen.deck.builder import DEFAULT_TEMPLATE, DeckResult, build_deck

__all__ = ["DEFAULT_TEMPLATE", "DeckResult", "build_deck", "chart_boxes"]
