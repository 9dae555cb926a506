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
    """The ruler's rules: for each distinct (tag, lower-case form, dependency, space) of a token,
    the rules of one token that match it and the rules of several whose first token matches it,
    decided once and remembered (those of several found by the exact tag or lower-case form their
    first token requires); only the later tokens of those are checked token by token."""

    def __init__(self, ruler) -> None:
        strings = ruler.vocab.strings
        self.single: list[dict[int, list[_Rule]]] = [{}, {}]  # one-token rules by tag, by form
        self.single_anywhere: list[_Rule] = []
        self.first: list[dict[int, list[_Rule]]] = [{}, {}]  # by tag, by lower-case form
        self.longer: list[_Rule] = []  # rules of several tokens with no exact first tag or form
        self.supported = True
        self.seen: dict[tuple, tuple[tuple[int, ...], tuple[_Rule, ...]]] = {}  # per token attributes
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

    def _decide(self, key: tuple, row, strings) -> tuple[tuple[int, ...], tuple[_Rule, ...]]:
        """For a token of these attributes: the one-token rules that match it, and the rules of
        several tokens whose first token it matches (both depend on the token alone)."""
        if len(self.seen) > 200_000:
            self.seen.clear()
        by_tag, by_form = self.single
        alone = tuple(sorted(
            rule.number for rule in (*by_tag.get(row[0], ()), *by_form.get(row[1], ()), *self.single_anywhere)
            if rule.index in (0, -1) and rule.tokens[0].holds(row, strings)))
        by_tag, by_form = self.first
        starting = tuple(rule for rule in (*by_tag.get(row[0], ()), *by_form.get(row[1], ()), *self.longer)
                         if rule.tokens[0].holds(row, strings))
        found = self.seen[key] = (alone, starting)
        return found

    def by_position(self, rows, strings) -> list[tuple[int, tuple[int, ...]]]:
        """(token index, the numbers of the rules that set it, ascending) for every token some rule
        matches, in token order: spaCy applies a token's rules in rule-number order, later over earlier."""
        seen, count = self.seen, len(rows)
        numbers: list[tuple[int, ...]] = []
        longer: dict[int, list[int]] = {}  # token index -> rules of several tokens that set it
        for start, row in enumerate(rows):
            key = tuple(row)
            alone, starting = seen.get(key) or self._decide(key, row, strings)
            numbers.append(alone)
            for rule in starting:
                tokens = rule.tokens
                if start + len(tokens) <= count and all(
                        tokens[offset].holds(rows[start + offset], strings) for offset in range(1, len(tokens))):
                    at = start + (rule.index if rule.index >= 0 else len(tokens) + rule.index)
                    longer.setdefault(at, []).append(rule.number)
        for at, more in longer.items():
            numbers[at] = tuple(sorted((*numbers[at], *more)))
        return [(at, found) for at, found in enumerate(numbers) if found]


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

    # `AttributeRuler.__call__` hands what `match` returns to `set_annotations` and nothing else:
    # here that is (token index, rule numbers) per token, not spaCy's sorted (rule, start, end)
    def match(doc):
        return rules.by_position(doc.to_array(columns).tolist(), doc.vocab.strings) if len(doc) else []

    def set_annotations(doc, matches):
        for position, numbers in matches:
            values = merged_by_rules.get(numbers)
            if values is None:
                values = merged_by_rules[numbers] = {name: value for number in numbers
                                                     for name, value in attrs[number].items()}
            set_token_attrs(doc[position], values)

    ruler.match: Callable = match
    ruler.set_annotations: Callable = set_annotations
    return True
