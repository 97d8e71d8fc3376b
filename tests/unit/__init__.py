"""Unit tests: the model, the application and the read side's pure folds on plain Python
objects (the POPO store), in one process and fast.

A test sits here when it needs no file, no server, no other process, no ``cocreation``
command and no rendered document: commands, refusals, rules and lifecycles on the ``app``
fixture, the views folded in memory, hypothesis properties, and checks that read the source.
Marked ``unit`` (``pytest -m unit``). The criterion: ``docs/testing.md``, "Test tiers".
"""
