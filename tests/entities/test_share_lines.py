"""Share-button lines are rejected as names, with or without the shortcut that skips folding a line."""

from newsfuse.entities.clean import not_an_entity
from newsfuse.models import Article, Mention

TEXT = ("Flooding closed the river road on Tuesday.\n"
        "Share this article: Facebook | Twitter | Email\n"
        "Mayor Ana Petrova said the road would reopen by 2027, and Facebook posts showed the water.\n"
        "Follow us on Telegram & Viber\n"
        "Share on Facebook Žabljak\n")


def _mention(word: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Mention("a1", start, start + len(word), word, "ORG")


def _why(mention: Mention) -> str | None:
    return not_an_entity(Article("a1", "", TEXT, text=TEXT, source="Adriatic Wire"), mention)


def test_a_line_of_share_buttons_is_rejected():
    assert _why(_mention("Facebook")) == "rejected: share buttons"
    assert _why(_mention("Twitter")) == "rejected: share buttons"


def test_a_name_on_a_line_of_prose_is_kept():
    assert _why(_mention("Facebook", 1)) is None  # the same word in a sentence with a year and other words


def test_an_ampersand_or_a_word_outside_the_buttons_keeps_the_line():
    # "&" is a word character to fold, so the line is not only share buttons; nor is one with a place name
    assert _why(_mention("Telegram")) != "rejected: share buttons"
    assert _why(_mention("Facebook", 2)) != "rejected: share buttons"
