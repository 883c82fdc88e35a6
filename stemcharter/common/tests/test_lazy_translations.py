"""A text translated when a page is shown, not when Python loads the module: joining a lazy
translation to a string (``_("What happens") + " " + HINT``) or formatting it (``%``, an
f-string) at import time fixes it in the language active then, and an English page showed the
action form's hint in Dutch. ``format_lazy`` keeps it lazy."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

import stemcharter
from stemcharter.actions.forms import ActionWhatForm

ROOT = Path(stemcharter.__file__).parent


def _is_call_of(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def _imports_lazy_as_underscore(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django.utils.translation"
        and any(alias.name.endswith("_lazy") and alias.asname == "_" for alias in node.names)
        for node in tree.body
    )


def _import_time_nodes(body: list[ast.stmt]):
    """The statements Python runs when it loads a module: its body and its classes' bodies,
    not the bodies of functions (those run when a page is shown)."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(statement, ast.ClassDef):
            yield from _import_time_nodes(statement.body)
            continue
        stack = [statement]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            yield node
            stack.extend(ast.iter_child_nodes(node))


def lazy_texts_made_at_import(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    lazy = {"gettext_lazy", "pgettext_lazy", "ngettext_lazy", "npgettext_lazy"}
    if _imports_lazy_as_underscore(tree):
        lazy.add("_")
    found = []
    for node in _import_time_nodes(tree.body):
        operands = []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            operands = [node.left, node.right]
        elif isinstance(node, ast.JoinedStr):
            operands = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"format", "join"}
        ):
            operands = [node.func.value, *node.args]
        for operand in operands:
            if _is_call_of(operand, lazy):
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return found


def our_source_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )


def test_no_lazy_translation_is_joined_or_formatted_when_a_module_loads():
    found = [place for path in our_source_files() for place in lazy_texts_made_at_import(path)]
    assert not found, f"use django.utils.text.format_lazy instead: {found}"


def test_the_check_finds_a_lazy_text_joined_at_import(tmp_path):
    """The check itself can fail."""
    module = ROOT / "common" / "_lazy_probe_for_test.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _\n"
        "HINT = _('a') + ' ' + 'b'\n"
        "class Form:\n    label = f\"{_('c')}!\"\n"
        "def view():\n    return _('d') + 'e'\n"
    )
    try:
        assert [p.split(":")[1] for p in lazy_texts_made_at_import(module)] == ["2", "4"]
    finally:
        module.unlink()


@pytest.mark.parametrize(("language", "words"), [("en", "What happens"), ("nl", "Wat er gebeurt")])
def test_the_action_description_hint_is_in_the_page_language(language, words):
    with translation.override(language):
        hint = str(ActionWhatForm.base_fields["description"].help_text)
    assert hint.startswith(words)
