"""Host rotation: the actor that hosted least is suggested, and following the suggestion keeps
host counts within one of each other (Cards 2 and 7, R-MEET-1, R-MEET-4)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from hypothesis import given, note
from hypothesis import strategies as st

from cocreation_domain.model import HostTally
from cocreation_domain.model.hosting import after_hosting, rotation_for, spread, suggest_host

DAY = date(2025, 1, 6)
A, B, C, D = (UUID(int=n) for n in range(1, 5))


class TestSuggestion:
    """R-MEET-1: the suggestion is the current actor that hosted least, ties by longest ago."""

    def test_r_meet_1_fewest_turns_first(self) -> None:
        """R-MEET-1: the actor with the fewest turns is suggested."""
        rotation = {str(A): HostTally(2, DAY), str(B): HostTally(1, DAY), str(C): HostTally(2, DAY)}
        assert suggest_host(rotation, {A, B, C}) == B

    def test_r_meet_1_ties_go_to_longest_ago(self) -> None:
        """R-MEET-1: between equal turns, the one that hosted longest ago is suggested."""
        later = DAY + timedelta(30)
        rotation = {str(A): HostTally(1, later), str(B): HostTally(1, DAY)}
        assert suggest_host(rotation, {A, B}) == B

    def test_r_meet_1_never_hosted_counts_as_longest_ago(self) -> None:
        """R-MEET-1: an actor that never hosted wins a tie on turns."""
        rotation = {str(A): HostTally(0, None), str(B): HostTally(0, DAY)}
        assert suggest_host(rotation, {A, B}) == A

    def test_r_meet_1_full_ties_are_stable(self) -> None:
        """R-MEET-1: a full tie is broken by the actors' ids, the same way every time."""
        assert suggest_host({}, {C, A, B}) == A
        assert suggest_host({}, [B, C, A]) == A

    def test_no_current_actor_no_suggestion(self) -> None:
        """Without current actors nobody is suggested."""
        assert suggest_host({str(A): HostTally(3, DAY)}, set()) is None


class TestEnteringAndLeaving:
    """R-MEET-1: actors entering the rotation start level with those who hosted least."""

    def test_r_meet_1_a_newcomer_starts_level_with_the_least(self) -> None:
        """R-MEET-1: a new actor neither catches up on old turns nor is skipped."""
        rotation = {str(A): HostTally(3, DAY), str(B): HostTally(2, DAY)}
        assert rotation_for(rotation, {A, B, C})[str(C)] == HostTally(2, None)
        assert suggest_host(rotation, {A, B, C}) == C

    def test_r_meet_1_a_leaver_drops_out(self) -> None:
        """R-MEET-1: an actor that left is no longer in the rotation."""
        rotation = {str(A): HostTally(3, DAY), str(B): HostTally(2, DAY)}
        assert set(rotation_for(rotation, {A})) == {str(A)}

    def test_a_host_that_left_takes_no_turn(self) -> None:
        """A host that is no longer a current actor takes no turn."""
        rotation = after_hosting({str(A): HostTally(1, DAY)}, {A}, B, DAY)
        assert rotation == {str(A): HostTally(1, DAY)}

    def test_hosting_takes_a_turn(self) -> None:
        """Hosting adds one turn and remembers the day."""
        later = DAY + timedelta(7)
        rotation = after_hosting({str(A): HostTally(1, DAY)}, {A}, A, later)
        assert rotation == {str(A): HostTally(2, later)}


POOL = [UUID(int=n) for n in range(1, 9)]
OPERATIONS = st.lists(
    st.one_of(
        st.just(("meet", 0)),
        st.tuples(st.just("join"), st.integers(0, len(POOL) - 1)),
        st.tuples(st.just("leave"), st.integers(0, len(POOL) - 1)),
    ),
    max_size=60,
)


@given(
    first=st.sets(st.integers(0, len(POOL) - 1), min_size=1, max_size=len(POOL)),
    operations=OPERATIONS,
)
def test_r_meet_1_following_the_suggestion_keeps_counts_within_one(
    first: set[int], operations: list[tuple[str, int]]
) -> None:
    """R-MEET-1: "over any run of meetings that follow the suggestion, host counts differ by
    at most one", whatever actors join and leave in between."""
    current = {POOL[i] for i in first}
    rotation: dict[str, HostTally] = {}
    day = DAY
    for operation, number in operations:
        actor = POOL[number]
        if operation == "join":
            current.add(actor)
        elif operation == "leave" and len(current) > 1:
            current.discard(actor)
        elif operation == "meet":
            day += timedelta(30)
            host = suggest_host(rotation, current)
            assert host is not None
            rotation = after_hosting(rotation, current, host, day)
            note(f"{day}: {host.int} hosts; turns {sorted(t.turns for t in rotation.values())}")
            assert spread(rotation) <= 1
        assert spread(rotation_for(rotation, current)) <= 1


@given(actors=st.integers(1, 6), meetings=st.integers(0, 30))
def test_r_meet_1_everyone_hosts_before_anyone_hosts_again(actors: int, meetings: int) -> None:
    """R-MEET-1: with a fixed set of actors the suggestion goes round: after ``n`` meetings
    every actor has hosted ``n // actors`` or one more times."""
    current = set(POOL[:actors])
    rotation: dict[str, HostTally] = {}
    for number in range(meetings):
        host = suggest_host(rotation, current)
        assert host is not None
        rotation = after_hosting(rotation, current, host, DAY + timedelta(number))
    turns = sorted(t.turns for t in rotation_for(rotation, current).values())
    assert set(turns) <= {meetings // actors, meetings // actors + 1}
    assert sum(turns) == meetings
