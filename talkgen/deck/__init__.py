"""The deck: the planned talk as an editable, accessible .pptx on our template or the user's.

`build_deck(plan, charts, out_path, template=None, auto_advance=False)` is the one entry point.
Inside: `layouts` finds the template's layouts by name, `compose` fills one slide, `fit` measures
text with real font metrics, `xml` owns the few raw XML edits, `package` writes the file.
"""

from talkgen.deck.builder import DEFAULT_TEMPLATE, DeckResult, build_deck

__all__ = ["DEFAULT_TEMPLATE", "DeckResult", "build_deck"]
