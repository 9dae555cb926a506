"""Sentences and tense cues live in `newsfuse.text.tense` (the figures and grouping read them too);
this name stays for the modules that import it from here."""

from newsfuse.text.tense import Sentences, sentence_spans, tense_from_doc, tense_near

__all__ = ["Sentences", "sentence_spans", "tense_from_doc", "tense_near"]
