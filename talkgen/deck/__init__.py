"""The deck: the planned talk as an editable, accessible .pptx on our template or the user's.

`build_deck(plan, charts, out_path, geometry=..., auto_advance=False)` is the one entry point; the
layout of every slide and the box of every piece come from the geometry stage
(`talkgen.geometry.lay_out`). Inside: `kinds` says what each kind of slide shows, `compose` fills
one slide, `fit` measures text with real font metrics, `xml` owns the few raw XML edits,
`package` writes the file.
"""

from talkgen.deck.builder import DeckResult, build_deck
from talkgen.geometry import DEFAULT_TEMPLATE

__all__ = ["DEFAULT_TEMPLATE", "DeckResult", "build_deck"]
