"""The orjson transcoder: eventsourcing's own transcoder tests, and every domain type."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.tests.persistence import (
    CustomType1AsDict,
    CustomType2AsDict,
    Mydict,
    MyInt,
    MyList,
    MyStr,
    TranscoderTestCase,
)
from hypothesis import given
from hypothesis import strategies as st

from cocreation_domain import CoCreation
from cocreation_domain.model import values
from cocreation_domain.model.checks import EARLIEST, LATEST
from cocreation_domain.model.values import (
    ActorChangeReason,
    ActorProfile,
    Baseline,
    Beneficiary,
    ClosureReason,
    Consent,
    Contribution,
    Coordinator,
    Decision,
    Goal,
    GoalKind,
    GoalProgress,
    GoalRecord,
    GoalStatus,
    Horizon,
    OnboardingTopic,
    Policies,
    Principal,
    Ripple,
    RippleKind,
    Voice,
)
from cocreation_domain.transcoder import OrjsonTranscoder
from cocreation_domain.transcodings import register_transcodings

T = TypeVar("T")


class AsPlain(Transcoding):
    """A subclass of a built-in type, stored as the built-in value."""

    def __init__(self, cls: type[Any], name: str, plain: type[Any]) -> None:
        self.type = cls
        self.name = name
        self._plain = plain

    def encode(self, obj: Any) -> Any:
        return self._plain(obj)

    def decode(self, data: Any) -> Any:
        return self.type(data)


class TestEventsourcingTranscoderTests(TranscoderTestCase):
    """eventsourcing's own transcoder test case, every test included (none skipped)."""

    def construct_transcoder(self) -> Transcoder:
        transcoder = OrjsonTranscoder()
        for transcoding in (
            CustomType1AsDict(),
            CustomType2AsDict(),
            UUIDAsHex(),
            AsPlain(tuple, "tuple_as_list", list),
            AsPlain(Mydict, "mydict", dict),
            AsPlain(MyList, "mylist", list),
            AsPlain(MyStr, "mystr", str),
            AsPlain(MyInt, "myint", int),
        ):
            transcoder.register(transcoding)
        return transcoder


del TranscoderTestCase  # collected through the subclass only


def domain_transcoder(cls: type[T]) -> T:
    """A transcoder with eventsourcing's defaults and the domain's transcodings, as the app has."""
    transcoder = cls()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)  # type: ignore[attr-defined]
    register_transcodings(transcoder)  # type: ignore[arg-type]
    return transcoder


# --- strategies for every type the JSON transcoder handles in the domain ----------------------

texts = st.text(max_size=12)
uuids = st.uuids()
dates = st.dates()
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=3)
datetimes = st.datetimes(timezones=st.sampled_from([None, UTC]))
enums = st.sampled_from(
    [
        member
        for name in values.__all__
        if isinstance(kind := getattr(values, name), type) and issubclass(kind, Enum)
        for member in kind
    ]
)
# Value objects take only what their validators accept (model/checks.py): text without
# control characters, dates from 1990 to 2100, numbers below 10**15.
value_texts = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=12)
value_dates = st.dates(EARLIEST, LATEST)
value_decimals = st.decimals(-(10**14), 10**14, allow_nan=False, allow_infinity=False, places=3)
voices = st.builds(Voice, person=uuids, actor=st.none() | uuids)
goals = st.builds(
    Goal,
    title=value_texts,
    kind=st.sampled_from(GoalKind),
    horizon=st.sampled_from(Horizon),
    serves_challenge=value_texts,
    evaluation=value_texts,
    indicator=st.none() | value_texts,
    unit=st.none() | value_texts,
    target=st.none() | value_decimals,
    argument=st.none() | value_texts,
    weaknesses=st.none() | value_texts,
    key=value_texts,
)
progress = st.builds(
    GoalProgress, observation=value_texts, observed_on=value_dates, value=st.none() | value_decimals
)
attrs_values = st.one_of(
    st.builds(Principal, person=uuids, actor=st.none() | uuids, is_anchor=st.booleans()),
    st.builds(ActorProfile, id=uuids, name=value_texts, kind=value_texts),
    st.builds(Coordinator, actor=uuids, person=uuids),
    voices,
    st.builds(Decision, consenting=st.frozensets(voices), objecting=st.frozensets(voices)),
    goals,
    st.builds(
        Baseline,
        description=value_texts,
        value=st.none() | value_decimals,
        measured_on=st.none() | value_dates,
    ),
    progress,
    st.builds(
        Ripple,
        description=value_texts,
        kind=st.sampled_from(RippleKind),
        beneficiaries=st.frozensets(st.sampled_from(Beneficiary)),
        observed_on=value_dates,
        corrects=st.none() | value_texts,
        key=value_texts,
    ),
    st.builds(Contribution, actor=uuids, contribution=value_texts),
    st.builds(
        Policies,
        goals_min=st.integers(1, 5),
        coordinator_meeting_window_days=st.tuples(st.integers(1, 49), st.integers(50, 99)),
        phase6_months=st.tuples(st.integers(1, 49), st.integers(50, 99)),
    ),
    st.builds(
        GoalRecord,
        goal=goals,
        status=st.sampled_from(GoalStatus),
        baseline=st.none() | st.builds(Baseline, description=value_texts, value=value_decimals),
        progress=st.lists(progress, max_size=3).map(tuple),
    ),
    st.builds(Consent, consenting=st.frozensets(uuids), objecting=st.frozensets(uuids)),
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**64 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
    uuids,
    dates,
    datetimes,
    decimals,
    enums,
    attrs_values,
    st.frozensets(uuids | enums, max_size=4),
)
event_states = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
"""Values as they appear in events and snapshots: leaves in lists and str-keyed dicts."""


class TestDomainTypes:
    """Every domain value survives the orjson transcoder, in the JSON transcoder's format."""

    @given(event_states)
    def test_round_trip(self, value: object) -> None:
        """Decoding what was encoded gives an equal value, of every domain type."""
        transcoder = domain_transcoder(OrjsonTranscoder)
        expected = value
        actual = transcoder.decode(transcoder.encode(value))
        assert expected == actual

    @given(event_states)
    def test_json_transcoder_reads_orjson_output(self, value: object) -> None:
        """eventsourcing's JSON transcoder decodes the orjson transcoder's bytes to equal values."""
        expected = value
        data = domain_transcoder(OrjsonTranscoder).encode(value)
        actual = domain_transcoder(JSONTranscoder).decode(data)
        assert expected == actual

    @given(event_states)
    def test_orjson_reads_json_transcoder_output(self, value: object) -> None:
        """The orjson transcoder decodes the JSON transcoder's bytes as the JSON transcoder does."""
        data = domain_transcoder(JSONTranscoder).encode(value)
        expected = domain_transcoder(JSONTranscoder).decode(data)
        actual = domain_transcoder(OrjsonTranscoder).decode(data)
        assert expected == actual

    @given(st.frozensets(uuids | enums, max_size=6))
    def test_frozensets_encode_deterministically(self, items: frozenset[object]) -> None:
        """A frozenset encodes to the same bytes however its items were inserted."""
        transcoder = domain_transcoder(OrjsonTranscoder)
        expected = transcoder.encode(items)
        actual = transcoder.encode(frozenset(reversed(list(items))))
        assert expected == actual

    @pytest.mark.parametrize("member", [ClosureReason.OTHER, ActorChangeReason.INACTIVE])
    def test_string_enums_keep_their_type(self, member: Enum) -> None:
        """A string enum decodes as its enum member, not as a bare string."""
        transcoder = domain_transcoder(OrjsonTranscoder)
        expected = type(member)
        actual = type(transcoder.decode(transcoder.encode({"reason": member}))["reason"])
        assert expected == actual

    def test_tuples_inside_attrs_values_come_back_as_tuples(self) -> None:
        """An attrs value's converter turns a stored list back into a tuple."""
        record = GoalRecord(
            goal=Goal("g", GoalKind.QUALITATIVE, Horizon.SHORT, "s", "e"),
            progress=(GoalProgress("seen", date(2025, 1, 2), 3),),
        )
        transcoder = domain_transcoder(OrjsonTranscoder)
        expected = (tuple, record)
        decoded = transcoder.decode(transcoder.encode(record))
        actual = (type(decoded.progress), decoded)
        assert expected == actual

    def test_decoded_immutable_values_are_shared(self) -> None:
        """Equal UUIDs and dates decode to one shared object; datetimes are never shared."""
        transcoder = domain_transcoder(OrjsonTranscoder)
        moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
        data = transcoder.encode([UUID(int=7), date(2025, 1, 2), moment])
        first, second = transcoder.decode(data), transcoder.decode(data)
        expected = [True, True, False]
        actual = [first[i] is second[i] for i in range(3)]
        assert expected == actual


class TestRefusals:
    """What the orjson transcoder cannot store is refused, never written lossily."""

    def test_unregistered_type_is_refused(self) -> None:
        """An object of a type without a transcoding raises a TypeError naming the type."""
        with pytest.raises(TypeError, match="<class 'object'> is not serializable"):
            OrjsonTranscoder().encode({"topic": OnboardingTopic.METHOD, "x": [object()]})

    def test_integer_beyond_64_bits_is_refused(self) -> None:
        """An integer orjson cannot write exactly is refused rather than rounded."""
        with pytest.raises(TypeError):
            OrjsonTranscoder().encode({"n": 2**64})


class TestApplicationTranscoder:
    """CoCreation encodes with orjson, in a format eventsourcing's JSON transcoder reads."""

    def test_orjson_is_the_default(self) -> None:
        """Without TRANSCODER_TOPIC the application's mapper uses the orjson transcoder."""
        expected = OrjsonTranscoder
        actual = type(CoCreation().mapper.transcoder)
        assert expected == actual

    def test_transcoder_topic_is_refused(self) -> None:
        """A transcoder that writes string enums as bare strings is never chosen silently."""
        with pytest.raises(ValueError, match="TRANSCODER_TOPIC"):
            CoCreation(env={"TRANSCODER_TOPIC": "eventsourcing.persistence:JSONTranscoder"})
