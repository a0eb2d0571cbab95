"""Release windows against turn dates: no inject comes out before its date or after its window.

A deck card is drawn only in a turn whose date lies inside its window (the engine skips the
others), so here every card must be reachable by some turn that draws its deck, and every turn
that draws must have some card to draw. Scheduled and triggered injects are not filtered by the
engine, so a window on them is a promise checked statically: every turn that could release the
inject lies inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from exercise.content.dates import first_day, last_day
from exercise.content.model import Deck, Inject, Library, Scenario
from exercise.content.yamlio import ContentError, Document

Problems = Iterator[ContentError]
DocOf = Callable[[str, str], Document]


def check_windows(lib: Library, doc_of: DocOf) -> Problems:
    for inj in lib.injects.values():
        yield from _check_window_shape(doc_of("inject", inj.id), inj)
    for scenario in lib.scenarios.values():
        for n, deck in enumerate(scenario.decks):
            yield from _check_deck(lib, doc_of, scenario, n, deck)
        yield from _check_scheduled(lib, doc_of, scenario)
        yield from _check_triggered(lib, doc_of, scenario)


def _check_window_shape(doc: Document, inj: Inject) -> Problems:
    w = inj.window
    if w is None:
        return
    if w.start and w.until and first_day(w.until) < first_day(w.start):
        yield doc.error(
            ("window", "until"), f"the window closes ({w.until}) before it opens ({w.start})"
        )
    elif w.until and last_day(w.until) < first_day(inj.date):
        yield doc.error(
            ("window", "until"),
            f"the window closes ({w.until}) before the inject's date ({inj.date})",
        )
    if w.start and first_day(w.start) < first_day(inj.date):
        yield doc.error(
            ("window", "from"),
            f"the window opens ({w.start}) before the inject's own date ({inj.date}): "
            "it would come out before it happened",
        )


def _turn_label(scenario: Scenario, number: int) -> str:
    return f"turn {number} ({scenario.turns[number - 1].date})"


def _where(inj: Inject) -> tuple[str, ...]:
    return ("window",) if inj.window is not None else ("date",)


def _check_deck(lib: Library, doc_of: DocOf, scenario: Scenario, n: int, deck: Deck) -> Problems:
    n_turns = len(scenario.turns)
    drawing = [t for t in (deck.turns or range(1, n_turns + 1)) if 1 <= t <= n_turns]
    if deck.draws == 0:  # drawn only by hand, so in any turn
        drawing = list(range(1, n_turns + 1))
    cards = [lib.injects[i] for i in deck.injects if i in lib.injects]
    for card in cards:
        window = card.release_window()
        if drawing and not any(window.contains(_date(scenario, t)) for t in drawing):
            turns = ", ".join(_turn_label(scenario, t) for t in drawing)
            yield doc_of("inject", card.id).error(
                _where(card),
                f"deck '{deck.id}' of scenario '{scenario.id}' draws in {turns}; none is inside "
                f"this card's window {window.text()}, so it can never be drawn",
            )
    if deck.draws == 0 or not cards:
        return
    yield from _check_draws(doc_of("scenario", scenario.id), scenario, n, deck, cards)


def _check_draws(
    doc: Document, scenario: Scenario, n: int, deck: Deck, cards: list[Inject]
) -> Problems:
    """Every automatic draw finds a card, whatever the draws before it took."""
    n_turns = len(scenario.turns)
    listed = list(enumerate(deck.turns)) if deck.turns else [(-1, t) for t in range(1, n_turns + 1)]
    earlier: list[set[str]] = []  # one entry per card drawn automatically in an earlier turn
    for m, t in sorted((p for p in listed if 1 <= p[1] <= n_turns), key=lambda p: p[1]):
        dated = {c.id for c in cards if c.release_window().contains(_date(scenario, t))}
        where: tuple[str | int, ...] = ("decks", n, "turns", m) if m >= 0 else ("decks", n)
        if not dated:
            yield doc.error(
                where,
                f"deck '{deck.id}' draws in {_turn_label(scenario, t)}, but no card's window "
                "contains that date: the draw would find nothing",
            )
        elif (left := len(dated) - _most_taken(earlier, dated)) < deck.draws:
            yield doc.error(where, _short_message(deck, _turn_label(scenario, t), dated, left))
        earlier.extend(dated for _ in range(deck.draws))


def _short_message(deck: Deck, turn: str, dated: set[str], left: int) -> str:
    cards = ", ".join(sorted(dated))
    if deck.draws == 1:
        return (
            f"deck '{deck.id}' draws in {turn}, but earlier draws may take every card dated for "
            f"it ({cards}): the draw may find nothing"
        )
    return (
        f"deck '{deck.id}' draws {deck.draws} in {turn}, but as few as {left} of the cards dated "
        f"for it ({cards}) may be left by then: a draw may find nothing"
    )


def _most_taken(draws: list[set[str]], wanted: set[str]) -> int:
    """The most cards of `wanted` that the earlier draws can take between them: a maximum
    matching of draws to the cards each could have drawn (augmenting paths; decks are small)."""
    holder: dict[str, int] = {}  # card -> the draw that took it

    def take(d: int, seen: set[str]) -> bool:
        for card in draws[d] & wanted:
            if card in seen:
                continue
            seen.add(card)
            if card not in holder or take(holder[card], seen):
                holder[card] = d
                return True
        return False

    return sum(take(d, set()) for d in range(len(draws)))


def _date(scenario: Scenario, number: int) -> str:
    return scenario.turns[number - 1].date


def _check_scheduled(lib: Library, doc_of: DocOf, scenario: Scenario) -> Problems:
    n_turns = len(scenario.turns)
    for turn, inj_ids in scenario.schedule:
        for inj_id in inj_ids:
            inj = lib.injects.get(inj_id)
            if inj is None or inj.window is None or not 1 <= turn <= n_turns:
                continue
            window = inj.release_window()
            if not window.contains(_date(scenario, turn)):
                yield doc_of("inject", inj_id).error(
                    ("window",),
                    f"scenario '{scenario.id}' schedules this inject in "
                    f"{_turn_label(scenario, turn)}, outside its window {window.text()}",
                )


def _check_triggered(lib: Library, doc_of: DocOf, scenario: Scenario) -> Problems:
    n_turns = len(scenario.turns)
    for inj_id in scenario.triggered:
        inj = lib.injects.get(inj_id)
        if inj is None or inj.window is None or inj.trigger is None:
            continue
        window = inj.release_window()
        first = inj.trigger.from_turn or 1
        last = min(inj.trigger.until_turn or n_turns, n_turns)
        outside = [t for t in range(first, last + 1) if not window.contains(_date(scenario, t))]
        if outside:
            turns = ", ".join(_turn_label(scenario, t) for t in outside)
            yield doc_of("inject", inj_id).error(
                ("window",),
                f"its trigger can release it in {turns} of scenario '{scenario.id}', outside "
                f"its window {window.text()}: narrow trigger.from_turn/until_turn or the window",
            )
