"""spaCy's attribute ruler, read by table lookup instead of its general Matcher.

`en_core_web_sm`'s `attribute_ruler` holds 179 rules (171 of one token, 8 of two) that set a token's
coarse part of speech, morphology and a few lemmas from its fine tag, its lower-case form and its
dependency label. spaCy runs them through its general `Matcher`, which costs about a fifth of the
whole spaCy pass on news text (14 of 66 CPU seconds on the 772 ECB+ texts). `speed_up(ruler)` gives
the loaded component a `match` and `set_annotations` that index the same rules by tag and by
lower-case form, so each token is checked against the few rules that can match it; the result is
the same: every rule that matches sets its attributes on its token, later rules over earlier ones,
with spaCy's own `set_token_attrs` (a test compares every token's attributes with the stock
component's on real texts). A rule using an attribute or operator this module does not read
leaves the component as it is.
"""

from __future__ import annotations

from collections.abc import Callable

# token attribute → how to read it from `doc.to_array`
_READ = ("TAG", "LOWER", "DEP", "IS_SPACE")


class _Token:
    """One token of a rule's pattern: each check is (column, operator, value)."""

    __slots__ = ("checks",)

    def __init__(self, checks: tuple[tuple[int, str, object], ...]) -> None:
        self.checks = checks

    def holds(self, row, strings) -> bool:
        for column, operator, value in self.checks:
            got = row[column]
            if operator == "==":
                if got != value:
                    return False
            elif operator == "in":
                if got not in value:
                    return False
            elif operator == "not in":
                if got in value:
                    return False
            elif not value(got, strings):  # "re": a regular expression on the string
                return False
        return True


def _compile_token(spec: dict, strings) -> _Token | None:
    checks = []
    for key, value in spec.items():
        if key not in _READ:
            return None
        column = _READ.index(key)
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            checks.append((column, "==", int(value)))
        elif isinstance(value, str):
            checks.append((column, "==", strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
            operator, words = next(iter(value.items()))
            checks.append((column, "in" if operator == "IN" else "not in",
                           frozenset(strings.add(word) for word in words)))
        elif isinstance(value, dict) and len(value) == 1 and "REGEX" in value:
            checks.append((column, "re", _searcher(value["REGEX"])))
        else:
            return None
    return _Token(tuple(checks))


def _searcher(pattern: str) -> Callable[[int, object], bool]:
    """Whether the string behind a hash contains `pattern` (the Matcher's REGEX: `re.search`),
    remembered per hash."""
    import re

    regex, seen = re.compile(pattern), {}

    def search(key: int, strings) -> bool:
        found = seen.get(key)
        if found is None:
            found = seen[key] = regex.search(strings[key]) is not None
        return found

    return search


class _Rule:
    __slots__ = ("number", "tokens", "index")

    def __init__(self, number: int, tokens: list[_Token], index: int) -> None:
        self.number, self.tokens, self.index = number, tokens, index


class FastRules:
    """The ruler's rules: those of one token decided once per distinct (tag, lower-case form,
    dependency, space) of a token and remembered; those of several indexed by the exact tag or
    lower-case form their first token requires."""

    def __init__(self, ruler) -> None:
        strings = ruler.vocab.strings
        self.single: list[dict[int, list[_Rule]]] = [{}, {}]  # one-token rules by tag, by form
        self.single_anywhere: list[_Rule] = []
        self.first: list[dict[int, list[_Rule]]] = [{}, {}]  # by tag, by lower-case form
        self.longer: list[_Rule] = []  # rules of several tokens with no exact first tag or form
        self.supported = True
        self.seen: dict[tuple, tuple[int, ...]] = {}
        for number, pattern in enumerate(ruler.patterns):
            for tokens in pattern["patterns"]:
                compiled = [_compile_token(spec, strings) for spec in tokens]
                if not compiled or any(token is None for token in compiled):
                    self.supported = False
                    return
                rule = _Rule(number, compiled, ruler.indices[number])
                exact = [(column, value) for column, operator, value in compiled[0].checks
                         if operator == "==" and column in (0, 1)]
                index, anywhere = (self.single, self.single_anywhere) if len(compiled) == 1 else (self.first, self.longer)
                if exact:
                    index[exact[0][0]].setdefault(exact[0][1], []).append(rule)
                else:
                    anywhere.append(rule)

    def _alone(self, row, strings) -> tuple[int, ...]:
        key = tuple(row)
        found = self.seen.get(key)
        if found is None:
            if len(self.seen) > 200_000:
                self.seen.clear()
            by_tag, by_form = self.single
            found = self.seen[key] = tuple(sorted(
                rule.number for rule in (*by_tag.get(row[0], ()), *by_form.get(row[1], ()), *self.single_anywhere)
                if rule.index in (0, -1) and rule.tokens[0].holds(row, strings)))
        return found

    def matches(self, rows, strings) -> list[tuple[int, int]]:
        """(rule number, token index it sets) for every rule that matches, in spaCy's order of
        application (rule number, then position)."""
        found: list[tuple[int, int]] = []
        by_tag, by_lower = self.first
        longer, count = self.longer, len(rows)
        for start, row in enumerate(rows):
            found.extend((number, start) for number in self._alone(row, strings))
            candidates = [*by_tag.get(row[0], ()), *by_lower.get(row[1], ()), *longer]
            for rule in candidates:
                tokens = rule.tokens
                if start + len(tokens) <= count and all(
                        token.holds(rows[start + offset], strings) for offset, token in enumerate(tokens)):
                    found.append((rule.number, start + (rule.index if rule.index >= 0 else len(tokens) + rule.index)))
        found.sort()
        return found


def speed_up(ruler) -> bool:
    """Give the loaded `attribute_ruler` the indexed `match` and `set_annotations`; False (and the
    component unchanged) when one of its rules uses something this module does not read."""
    rules = FastRules(ruler)
    if not rules.supported:
        return False
    from spacy.attrs import IDS
    from spacy.tokens._retokenize import set_token_attrs

    columns = [IDS[name] for name in _READ]
    attrs = ruler.attrs

    merged_by_rules: dict[tuple[int, ...], dict] = {}

    def match(doc):
        return rules.matches(doc.to_array(columns).tolist(), doc.vocab.strings) if len(doc) else []

    def set_annotations(doc, matches):
        by_position: dict[int, list[int]] = {}
        for number, position in matches:
            by_position.setdefault(position, []).append(number)
        for position, numbers in by_position.items():
            key = tuple(numbers)
            values = merged_by_rules.get(key)
            if values is None:
                values = merged_by_rules[key] = {name: value for number in key for name, value in attrs[number].items()}
            set_token_attrs(doc[position], values)

    ruler.match: Callable = match
    ruler.set_annotations: Callable = set_annotations
    return True
