"""A thread's key dates: the days outlets name and keep referring back to, with cited sentences."""

import datetime as dt
import json

from newsfuse.models import Article
from newsfuse.timex import TimeTagger
from newsfuse.timex.keydates import key_dates, key_dates_to_dicts


def thread(*reports):
    """(outlet, published, text) reports -> tagged articles."""
    tagger = TimeTagger()
    articles = []
    for number, (outlet, published, text) in enumerate(reports):
        article = Article(id=f"a{number}", path=f"a{number}.txt", raw=text, text=text, source=outlet, published=published)
        article.times = tagger.tag(text, dt.date.fromisoformat(published), article_id=article.id)
        articles.append(article)
    return articles


REPORTS = [
    ("Alpha", "2024-03-04", "About 2,400 miners at the Dravec mine walked out on Monday over pay."),
    ("Bravo", "2024-03-05", "Output at Dravec stopped on Monday when 2,400 miners went on strike."),
    # a busy day nobody mentions again
    ("Alpha", "2024-03-23", "Folk singers played a concert for the strikers in the town square on Saturday."),
    ("Bravo", "2024-03-23", "A concert in Dravec on Saturday raised money for the strike fund."),
    ("Charlie", "2024-03-23", "Strikers and their families gathered for a concert in the square on Saturday."),
    ("Delta", "2024-03-23", "Musicians performed for the striking miners of Dravec on Saturday evening."),
    # the walkout, referred back to again and again
    ("Charlie", "2024-04-02", "Talks opened in Selm on Tuesday, four weeks after the strike began on 4 March."),
    ("Delta", "2024-05-27", "The miners, on strike since they walked out on 4 March, voted on Monday to accept the offer."),
    ("Alpha", "2024-06-03", "Miners went back to work at Dravec on Monday, three months after the walkout of 4 March."),
]


def test_a_day_referred_back_to_outranks_a_busy_day_nobody_recalls():
    found = key_dates(thread(*REPORTS), n=1, k=1)
    assert [d.date for d in found] == ["2024-03-04"]
    assert found[0].referring >= 3
    assert set(found[0].outlets) == {"Alpha", "Bravo", "Charlie", "Delta"}


def test_dates_come_oldest_first_with_k_sentences_that_cite_their_article():
    articles = thread(*REPORTS)
    text = {a.id: a.text for a in articles}
    found = key_dates(articles, n=3, k=2)
    assert [d.date for d in found] == sorted(d.date for d in found)
    for day in found:
        assert 1 <= len(day.sentences) <= 2
        for sentence in day.sentences:
            assert text[sentence.article_id][sentence.start:sentence.end] == sentence.text
        assert len({s.article_id for s in day.sentences}) == len(day.sentences)  # one per outlet first


def test_json_has_the_documented_shape():
    rows = key_dates_to_dicts(key_dates(thread(*REPORTS), n=2, k=1))
    assert rows and json.loads(json.dumps(rows)) == rows
    for row in rows:
        assert {"date", "sentences", "outlets", "articles"} <= set(row)
        assert all(set(s) == {"text", "article_id", "start", "end"} for s in row["sentences"])


def test_without_n_a_sensible_number_of_dates():
    found = key_dates(thread(*REPORTS))
    assert 3 <= len(found) <= 12


def test_background_dates_stay_out_unless_asked_for():
    reports = [("Alpha", "2024-03-10", "The mine, founded on 12 May 1961, has been on strike since Monday."),
               ("Bravo", "2024-03-11", "Dravec, established on 12 May 1961, is the oldest mine of the region.")]
    assert "1961-05-12" not in [d.date for d in key_dates(thread(*reports), n=5)]
    assert "1961-05-12" in [d.date for d in key_dates(thread(*reports), n=5, background=True)]


def test_since_a_recent_day_of_the_story_is_a_look_back_not_background():
    reports = [
        ("Alpha", "2025-03-04", "Part of the Orsen dam's spillway collapsed on Tuesday, flooding the fields below."),
        ("Bravo", "2025-03-12", "Officials have held daily briefings since the spillway collapsed on 4 March."),
        ("Charlie", "2025-03-12", "Mirel has been a ghost town since 4 March, its mayor said on Wednesday."),
        # background: a year long past after "since"
        ("Bravo", "2025-03-13", "The valley has not seen such high water since 2011, the basin authority said."),
    ]
    (day,) = [d for d in key_dates(thread(*reports), n=5, k=1) if d.date == "2025-03-04"]
    assert day.referring == 2 and day.outlets == ["Alpha", "Bravo", "Charlie"]
    assert not any(d.date.startswith("2011") for d in key_dates(thread(*reports), n=5, k=1))


def test_the_days_own_report_says_what_happened_not_a_later_recall():
    reports = [
        ("Alpha", "2025-03-04", "Part of the Orsen dam's spillway collapsed on Tuesday and water flooded the fields below."),
        ("Bravo", "2025-04-20", "Farmers still talk about the spillway that collapsed on 4 March."),
        ("Charlie", "2025-05-02", "Repairs to the spillway, which collapsed on 4 March, will take a year."),
    ]
    (day,) = [d for d in key_dates(thread(*reports), n=1, k=1)]
    assert day.date == "2025-03-04" and day.sentences[0].article_id == "a0"


# A thread still developing: its newest day was reported by three outlets that day, and no later
# report could refer back to it yet; a busier day weeks earlier was never recalled.
DEVELOPING = [
    ("Alpha", "2025-02-03", "The Orsen dam cracked on Monday and engineers lowered the reservoir."),
    ("Bravo", "2025-02-04", "Engineers lowered the Orsen reservoir after the dam cracked on Monday."),
    ("Charlie", "2025-02-12", "A week after the dam cracked on 3 February, 200 families were still away."),
    ("Alpha", "2025-02-15", "Schoolchildren sang for the evacuated families at a benefit concert on Saturday."),
    ("Bravo", "2025-02-15", "A benefit concert for the evacuated families filled the town hall on Saturday."),
    ("Charlie", "2025-02-15", "Singers and bands played for the evacuees at a concert on Saturday evening."),
    ("Delta", "2025-02-15", "Thousands attended Saturday's benefit concert for the families of Orsen."),
    ("Alpha", "2025-03-04", "The spillway of the Orsen dam collapsed on Tuesday, flooding two villages."),
    ("Bravo", "2025-03-04", "Two villages below Orsen were flooded on Tuesday when the dam's spillway collapsed."),
    ("Delta", "2025-03-04", "Water poured through the collapsed spillway of the Orsen dam on Tuesday."),
]


def test_the_newest_day_of_a_developing_thread_is_not_outranked_for_want_of_later_reports():
    found = key_dates(thread(*DEVELOPING), n=2, k=1)
    assert [d.date for d in found] == ["2025-02-03", "2025-03-04"]
    assert found[1].referring == 0  # nobody could look back at it yet


def test_a_span_keeps_only_its_days():
    articles = thread(*DEVELOPING)
    found = key_dates(articles, n=3, k=1, within=(dt.date(2025, 2, 10), dt.date(2025, 2, 28)))
    assert found and all("2025-02-10" <= d.date <= "2025-02-28" for d in found)
    assert "2025-02-15" in [d.date for d in found]


# A thread longer than a year: its first day is still what later reports date things from, more
# than a year on (a period that far back is background for one article, not for the thread).
LONG_THREAD = [
    ("Alpha", "2024-06-25", "The singer Arlo Venn died at his home in Selm on Tuesday, aged 50."),
    ("Bravo", "2024-06-26", "Arlo Venn died at his home in Selm on Tuesday after a cardiac arrest."),
    ("Alpha", "2024-09-10", "Prosecutors charged his doctor with manslaughter on Tuesday, 11 weeks after Venn died on 25 June."),
    ("Charlie", "2025-01-14", "The doctor's hearing opened on Tuesday, seven months after Venn died on 25 June 2024."),
    ("Delta", "2025-09-27", "The doctor was convicted on Saturday of causing the singer's death on 25 June 2024."),
    ("Bravo", "2025-09-28", "A jury found that the doctor caused Venn's death on 25 June 2024 and convicted him on Saturday."),
    ("Charlie", "2025-09-29", "More than a year after Arlo Venn died on 25 June 2024, his doctor faces four years in prison."),
]


def test_the_first_day_of_a_long_thread_is_recalled_more_than_a_year_later():
    found = {d.date: d for d in key_dates(thread(*LONG_THREAD), n=2, k=1)}
    assert "2024-06-25" in found
    assert found["2024-06-25"].referring >= 5  # the reports of 2025 count as looking back


# A hearing announced ahead by six outlets that nobody reports once the day has come (it was
# postponed), beside a smaller day that was reported when it happened.
UNKEPT = [
    ("Alpha", "2025-05-09", "Repair crews poured the first concrete for a new spillway on Friday."),
    ("Bravo", "2025-05-10", "Crews began pouring concrete for the new spillway on Friday."),
    ("Charlie", "2025-05-20", "Water levels in the reservoir were unchanged today, the authority said."),
] + [(outlet, f"2025-04-{day}", f"A hearing on the dam will be held on 2 May, {outlet} was told.")
     for outlet, day in (("Alpha", 24), ("Bravo", 25), ("Charlie", 26), ("Delta", 27), ("Echo", 28), ("Foxtrot", 29))]


def test_a_day_only_ever_named_ahead_ranks_below_one_reported_when_it_came():
    found = key_dates(thread(*UNKEPT), n=1, k=1)
    assert [d.date for d in found] == ["2025-05-09"]


def test_a_day_after_the_last_report_is_not_taken_for_the_newest_news():
    reports = UNKEPT[:2] + [(outlet, "2025-05-10", f"The authority will open the valley road on 20 May, {outlet} said.")
                            for outlet in ("Charlie", "Delta", "Echo")]
    assert [d.date for d in key_dates(thread(*reports), n=1, k=1)] == ["2025-05-09"]


def test_a_wire_dateline_dates_the_copy_not_an_event():
    # Five wire reports filed on 25 April retell the blast of 20 April; 22 April, when the rig sank,
    # is named by two. The filing date of the datelines is no event of the story.
    wire = [("Wire", "2024-04-25", "NEW ORLEANS, Apr 25 (Harbour Wire) - The rig that exploded on April 20 was still "
                                   "leaking oil, the Coast Guard said.")] * 3
    wire += [("Ledger", "2024-04-25", "HOUSTON, April 25 - Engineers said the rig that exploded on April 20 had "
                                      "passed a pressure test hours before.")] * 2
    others = [("Bulletin", "2024-04-23", "The burning rig sank into the Gulf on April 22, two days after the blast."),
              ("Herald", "2024-04-24", "Crews watched the rig sink on April 22 after burning for a day and a half.")]
    found = key_dates(thread(*wire, *others), n=2, k=1)
    assert [d.date for d in found] == ["2024-04-20", "2024-04-22"]


def test_the_september_11_attacks_are_not_a_day_of_the_thread():
    reports = [(outlet, "2010-09-16", "The fund was to be run by Kenneth Feinberg, who had paid victims of the "
                                      "September 11 attacks, officials said.") for outlet in ("A", "B", "C")]
    reports.append(("D", "2010-09-20", "The Macondo well was declared dead on September 19 after the relief well."))
    found = key_dates(thread(*reports), n=1, k=1)
    assert [d.date for d in found] == ["2010-09-19"]
