"""A long thread's figures, merged from its runs of stories as text (issue #21: a 50 MB article's
thread of 27 stories was merged decoded, about 900 MB more than one run), read back exactly as the
document the decoded merge wrote."""

import json

from newsfuse.pipeline.story import merged_json
from newsfuse.store import EncodedJson

RUNS = [
    {"claims": [{"value": 4500, "unit": "troops", "text": "KFOR’s 4,500 troops"}], "measures": [], "quotes": []},
    {"claims": [{"value": 1.5, "sources": [{"article_id": "a2"}]}, {"value": None}],
     "measures": [{"key": "killed", "values": [3, 4]}], "quotes": [{"speaker": "Vučić"}]},
    {"claims": [], "measures": [{"key": "injured"}], "quotes": [], "events": [{"type": "attack"}]},
]


def decoded_merge(runs):
    merged = {}
    for found in runs:
        for kind, items in found.items():
            merged.setdefault(kind, []).extend(items)
    return merged


def text_merge(runs):
    lists = {}
    for found in runs:
        for kind, items in found.items():
            pieces = lists.setdefault(kind, [])
            if items:
                pieces.append(json.dumps(items, ensure_ascii=False)[1:-1].encode())
    return merged_json(lists)


def test_the_text_merge_writes_the_bytes_the_decoded_merge_wrote():
    for runs in (RUNS, RUNS[:1], RUNS[2:], [{}], [{"claims": []}]):
        expected = json.dumps(decoded_merge(runs), ensure_ascii=False).encode()
        assert text_merge(runs).data == expected


def test_an_encoded_body_is_stored_as_text_and_read_back(store):
    merged = text_merge(RUNS)
    store.put_analyses([("thread", "t1", "facts", merged), ("story", "s1", "facts", {"claims": []})])
    assert store.get_analysis("thread", "t1", "facts") == decoded_merge(RUNS)
    kind, quote = store.conn.execute(
        "SELECT typeof(body), json_extract(body, '$.quotes[0].speaker') FROM analysis WHERE key = 't1'").fetchone()
    assert (kind, quote) == ("text", "Vučić")  # SQL reads it as any document: text, not a blob
    assert store.get_analysis("story", "s1", "facts") == {"claims": []}
    assert isinstance(merged, EncodedJson)
