"""C checks: the files people write to configure kp. Reported by the loaders, documented here."""


def unreadable_config(reason: str):
    """Reports a configuration or data file that cannot be read: missing, not UTF-8, not valid YAML or TOML.

    Why: glossary.yml and legal_refs.yml are edited by hand by consultants and legal
    reviewers; an indentation slip must point at its line with what to do, not end in a
    traceback. A YAML file whose aliases expand to more values than any real file holds (a
    "billion laughs" file) is refused here too, before it is expanded.

    Example: a tab used for indentation in glossary.yml is reported at its line.
    """
    return reason


def invalid_config(reason: str):
    """Reports a value of the wrong type, a missing required key or an unknown key in a data file.

    Why: an unknown key is usually a typo (``prefered:``) whose value kp would otherwise
    ignore without a word; a wrong type (a single term where a list is expected) changes
    what is matched.

    Example: ``severity: critical`` in glossary.yml (the choices are error, warning, info).
    """
    return reason


def duplicate_in_config(reason: str):
    """Reports a key, id, term or act name given twice where it must be unique.

    Why: YAML keeps the last of two equal keys silently, so the first entry a reviewer wrote
    vanishes; an act name under two acts, or an avoided term under two concepts, makes a
    finding depend on file order.

    Example: two concepts with ``id: raid``.
    """
    return reason


def unknown_reference(reason: str):
    """Reports a reference to something that is not defined: a source key, a successor provision.

    Why: every provision carries its source, and every successor (IPC 370 -> BNS 143) must
    itself be in the registry so that its heading can be shown and checked.

    Example: ``successor: ["BNS 999"]`` when the BNS has no section 999 in the registry.
    """
    return reason


def example_fails(reason: str):
    """Reports a glossary entry whose own examples its rule does not satisfy; the entry is not loaded.

    Why: an entry that cannot catch its own example would let every real slip through; one
    that fires on its ``ok`` example would flag correct text. The loader runs every example
    (as prh runs its specs) and refuses such an entry until it is mended.

    Example: ``from: "The prostitutes were rescued"`` with only ``prostitute`` and no plural form.
    """
    return reason
