"""talkgen: research results in, a timed lightning talk out (deck, handout, timing report)."""

__version__ = "0.1.0"
