"""A folder ingested into a store of release 0.2.0 (ids from the files' full paths) and ingested
again today (ids from the path inside the folder) adds nothing: the articles are recognised by the
ids they were stored under, not taken in a second time."""

from dataclasses import replace

from newsfuse.ingest import read_inputs
from newsfuse.pipeline.run import analyze, analyze_records

TEXTS = {
    "quay.txt": "Harbour crane fails at Marrow Bay\n\nThe main crane at Marrow Bay failed on Tuesday, the "
                "harbour board said, and 48 containers were left on the quay overnight.",
    "ferry.txt": "Ferry service resumes after storm\n\nFerries between Kessel and Marrow Bay ran again on "
                 "Thursday after two days in port, the operator said.",
}


def _folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_folder_stored_under_former_ids_is_not_taken_in_twice(tmp_path, store):
    folder = _folder(tmp_path)
    records = list(read_inputs([str(folder)]))
    assert all(r.former_identity and r.former_id != r.article_id for r in records)
    # what release 0.2.0 stored: the same records under the ids of their full paths
    old = [replace(r, identity=r.former_identity, former_identity=None) for r in records]
    first = analyze_records(old, store)
    assert first.added == 2

    again = analyze([str(folder)], store)
    assert (again.added, again.already_stored) == (0, 2)
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
