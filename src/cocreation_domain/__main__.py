"""``python -m cocreation_domain``: the ``cocreation`` command."""

from cocreation_domain.cli_entry import main

if __name__ == "__main__":
    main()
