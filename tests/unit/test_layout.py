"""Issue 10 item 4: the application is a package you can read, by area, over a small base."""

from __future__ import annotations

import inspect
from pathlib import Path

import cocreation_domain.application as application
from cocreation_domain.application import CoCreation
from cocreation_domain.application.base import Base
from cocreation_domain.testing.malformed import public_commands

PACKAGE = Path(application.__file__).parent
LIMIT = 400


def test_no_application_module_is_over_400_lines() -> None:
    """Issue 10 item 4: no module of ``application/`` is over 400 lines."""
    lengths = {p.name: len(p.read_text().splitlines()) for p in PACKAGE.glob("*.py")}
    assert len(lengths) > 1
    assert {name: n for name, n in lengths.items() if n > LIMIT} == {}


def test_every_command_is_typed_against_the_base() -> None:
    """Issue 10 item 4: every public command is defined on an area class built on ``Base``, with
    every parameter and its result annotated (so mypy checks every call)."""
    commands = public_commands(CoCreation)
    assert len(commands) > 50
    untyped = {
        (name, parameter.name)
        for name, member in commands.items()
        for parameter in list(inspect.signature(member).parameters.values())[1:]
        if parameter.annotation is inspect.Parameter.empty
    }
    unreturned = {
        name
        for name, member in commands.items()
        if inspect.signature(member).return_annotation is inspect.Signature.empty
    }
    owners = {klass for name in commands for klass in CoCreation.__mro__ if name in vars(klass)}
    assert (untyped, unreturned) == (set(), set())
    assert all(issubclass(klass, Base) and klass is not Base for klass in owners)


def test_the_composed_application_keeps_its_name() -> None:
    """Issue 10 item 4: the composed application is still named ``CoCreation`` (the name of
    its stored tables)."""
    assert CoCreation.name == "CoCreation"
    assert CoCreation(env={}).name == "CoCreation"
