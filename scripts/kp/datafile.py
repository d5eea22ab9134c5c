"""Loading the YAML files people write (glossary.yml, legal_refs.yml) with line numbers.

PyYAML gives values without positions and keeps the last of two duplicate keys silently.
Here the document is composed into nodes first, then built into plain Python values while
recording the line of every key and item, so that a validator can say
``legal_refs.yml:212: acts.IPC.sections.370.successor: ...`` instead of raising a traceback.
Aliases are followed, but a document that expands past :data:`MAX_VALUES` values (a
"billion laughs" file) is refused without being expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it (five times faster), with the same nodes and marks."""

MAX_VALUES = 200_000
"""More values than any real glossary or registry holds; beyond this a file is refused."""

Path = tuple  # a key path: ("acts", "IPC", "sections", "370")


class DataFileError(Exception):
    """A problem with a data file, at a line, with what to do about it."""

    def __init__(self, path: str, line: int, message: str, code: str = "C001", column: int = 1):
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.code = code


@dataclass
class DataFile:
    """A loaded YAML document and the 1-based line of every key path in it."""

    path: str
    data: object
    lines: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)  # (key path, line)

    def line_of(self, key_path: Path) -> int:
        """The line of ``key_path``, or of its nearest ancestor that has one."""
        key_path = tuple(key_path)
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return self.lines.get((), 1)


def describe(key_path: Path) -> str:
    return ".".join(str(part) for part in key_path) or "(top level)"


def load(path: str, text: str) -> DataFile:
    """Parse ``text`` (the contents of ``path``) or raise :class:`DataFileError`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise DataFileError(
            path,
            line,
            f"not valid YAML: {error.problem or error}"
            + (f" ({error.context})" if error.context else "")
            + "; check the indentation and quoting on this line and the one above",
            column=column,
        ) from None
    except yaml.YAMLError as error:
        raise DataFileError(path, 1, f"not valid YAML: {error}") from None
    except RecursionError:
        raise DataFileError(path, 1, "nested too deeply to read; flatten the structure") from None
    finally:
        loader.dispose()
    result = DataFile(path, None)
    if node is None:
        return result
    builder = _Builder(path, loader, result)
    try:
        result.data = builder.build(node, ())
    except RecursionError:
        raise DataFileError(path, 1, "nested too deeply to read; flatten the structure") from None
    result.lines.setdefault((), node.start_mark.line + 1)
    return result


class _Builder:
    def __init__(self, path: str, loader, result: DataFile):
        self.path = path
        self.loader = loader
        self.result = result
        self.count = 0

    def build(self, node, key_path: Path):
        self.count += 1
        if self.count > MAX_VALUES:
            raise DataFileError(
                self.path,
                node.start_mark.line + 1,
                f"expands to more than {MAX_VALUES:,} values; YAML aliases (*name) "
                "that repeat large parts of the file are not accepted",
            )
        line = node.start_mark.line + 1
        self.result.lines.setdefault(key_path, line)
        if isinstance(node, yaml.MappingNode):
            mapping = {}
            for key_node, value_node in node.value:
                key = self._scalar(key_node)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise DataFileError(
                        self.path, key_node.start_mark.line + 1, "a key must be a plain value"
                    )
                key = str(key) if not isinstance(key, str) else key
                child = key_path + (key,)
                if key in mapping:
                    self.result.duplicates.append((child, key_node.start_mark.line + 1))
                self.result.lines[child] = key_node.start_mark.line + 1
                mapping[key] = self.build(value_node, child)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, key_path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node):
        if not isinstance(node, yaml.ScalarNode):
            raise DataFileError(self.path, node.start_mark.line + 1, "a key must be a plain value")
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            raise DataFileError(self.path, node.start_mark.line + 1, f"bad value: {error}") from None


class Problems:
    """Collects what is wrong with a data file, each at the line of the key concerned."""

    def __init__(self, datafile: DataFile):
        self.file = datafile
        self.errors: list[DataFileError] = []
        for key_path, line in datafile.duplicates:
            self.add(key_path, f"duplicate key {describe(key_path)}; each key may appear once", "C003", line)

    def add(self, key_path: Path, message: str, code: str = "C002", line: int | None = None) -> None:
        where = line if line is not None else self.file.line_of(key_path)
        self.errors.append(DataFileError(self.file.path, where, f"{describe(key_path)}: {message}", code))

    def mapping(self, value, key_path: Path, *, required=(), optional=()) -> dict | None:
        """Check that ``value`` is a mapping with the required keys and no unknown ones."""
        if not isinstance(value, dict):
            self.add(key_path, f"expected a mapping of keys to values, found {_kind(value)}")
            return None
        allowed = set(required) | set(optional)
        for key in value:
            if allowed and key not in allowed:
                self.add(
                    key_path + (key,),
                    f"unknown key {key!r}; expected one of: {', '.join(sorted(allowed))}",
                )
        for key in required:
            if key not in value:
                self.add(key_path, f"missing required key {key!r}")
        return value

    def of_type(self, value, key_path: Path, kinds, what: str) -> bool:
        if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
            self.add(key_path, f"expected {what}, found {_kind(value)}")
            return False
        if not isinstance(value, kinds):
            self.add(key_path, f"expected {what}, found {_kind(value)}")
            return False
        return True

    def text(self, value, key_path: Path) -> bool:
        if not self.of_type(value, key_path, str, "text"):
            return False
        if not value.strip():
            self.add(key_path, "must not be empty")
            return False
        return True

    def text_list(self, value, key_path: Path) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not self.of_type(value, key_path, list, "a list of text"):
            return []
        return [item for index, item in enumerate(value) if self.text(item, key_path + (index,))]

    def choice(self, value, key_path: Path, choices) -> bool:
        if value not in choices:
            self.add(key_path, f"{value!r} is not one of: {', '.join(map(str, choices))}")
            return False
        return True


def _kind(value) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: f"text {value!r}" if isinstance(value, str) and len(value) < 40 else "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
