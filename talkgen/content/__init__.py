"""Reading the content folder: `load_talk(folder)` returns a checked `Talk`."""

from talkgen.content.loader import load_talk
from talkgen.content.model import Participant, Quote, Talk, TalkInfo, Theme

__all__ = ["Participant", "Quote", "Talk", "TalkInfo", "Theme", "load_talk"]
