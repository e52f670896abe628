#!/usr/bin/env python3
"""Fail on an import circle between the source files of a Rust crate.

    scripts/check-imports.py core/src [more/src ...]      (make test runs it)

Each file is a node; `use crate::a::b`, `use super::x` and inline `crate::a::b::C` paths
are edges to the file that defines the module they name (the deepest one that exists),
and so are a module's own children named in it (`use x::Y`, `x::f()`; declaring `mod x;`
is not an edge). Tests (`#[cfg(test)] mod tests` or `#[cfg(all(test, ...))] mod tests` at
the end of a file) are left out: a test may use anything.
Prints the circles it finds and exits 1, or prints the graph's size and exits 0.
"""
import re
import sys
from pathlib import Path

USE = re.compile(r"\buse\s+((?:crate|super|self)(?:::\w+)*)(?:::\{([^;]*)\})?")
INLINE = re.compile(r"\bcrate((?:::\w+)+)")
INLINE_SUPER = re.compile(r"(?<![:\w])super(?:::super)*(?:::\w+)+")


def module_of(root: Path, path: Path) -> tuple:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


def without_tests(text: str) -> str:
    """The file up to its `#[cfg(test)]` (or `#[cfg(all(test, ...))]`) module."""
    cut = re.search(r"^#\[cfg\((?:all\()?test\b[^\n]*\]\s*\n\s*mod tests", text, re.M)
    return text[: cut.start()] if cut else text


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def targets(module: tuple, text: str, modules: set) -> set:
    found = set()

    def add(path: list):
        # The deepest module that exists on the path (the rest names items in it).
        for n in range(len(path), -1, -1):
            candidate = tuple(path[:n])
            if candidate in modules:
                found.add(candidate)
                return

    def absolute(head: list) -> list:
        if head[0] == "crate":
            return head[1:]
        base = list(module)
        while head and head[0] in ("super", "self"):
            if head.pop(0) == "super":
                base.pop()
        return base + head

    for m in USE.finditer(text):
        head = m.group(1).split("::")
        base = absolute(head)
        if m.group(2):
            for item in re.split(r",", re.sub(r"\{[^}]*\}", "", m.group(2))):
                item = item.strip().split(" as ")[0].strip()
                if item and item != "self":
                    add(base + item.split("::"))
                elif item == "self":
                    add(base)
            # Nested groups: `a::{b::{C, D}}` names `a::b`.
            for inner in re.finditer(r"(\w+(?:::\w+)*)::\{", m.group(2)):
                add(base + inner.group(1).split("::"))
        else:
            add(base)
    for m in INLINE.finditer(text):
        add(m.group(1).strip(":").split("::"))
    for m in INLINE_SUPER.finditer(text):
        add(absolute(m.group(0).split("::")))
    # A module's own children named by their bare names (`use dorm::X`, `dorm::f()`).
    for child in (c for c in modules if len(c) == len(module) + 1 and c[: len(module)] == module):
        if re.search(rf"(?<![:\w]){child[-1]}::", text):
            found.add(child)
    found.discard(())
    found.discard(module)
    return found


def circles(graph: dict) -> list:
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def check(root: Path) -> int:
    files = {module_of(root, p): p for p in sorted(root.rglob("*.rs")) if "bin" not in p.relative_to(root).parts}
    modules = set(files)
    graph = {}
    for module, path in files.items():
        text = strip_comments(without_tests(path.read_text(encoding="utf-8")))
        graph[module] = targets(module, text, modules)
    name = lambda m: "::".join(m) or "(root)"
    found = circles(graph)
    for comp in found:
        inside = set(comp)
        print(f"{root}: an import circle of {len(comp)} files:")
        for m in comp:
            print(f"  {files[m].relative_to(root)} -> {', '.join(sorted(name(t) for t in graph[m] if t in inside))}")
    if not found:
        edges = sum(len(t) for t in graph.values())
        print(f"{root}: {len(files)} files, {edges} imports between them, no circle")
    return 1 if found else 0


def self_test() -> int:
    """The check finds a circle (through `use`, `super::` and an inline path) and passes a tree."""
    import contextlib, io, tempfile

    def run(files: dict) -> int:
        with tempfile.TemporaryDirectory() as d:
            for name, text in files.items():
                (Path(d) / name).parent.mkdir(parents=True, exist_ok=True)
                (Path(d) / name).write_text(text)
            with contextlib.redirect_stdout(io.StringIO()):
                return check(Path(d))

    tree = {"lib.rs": "mod a; mod b;", "a.rs": "use crate::b::X;", "b.rs": "pub struct X;"}
    circle = dict(tree, **{"b.rs": "pub struct X; fn f() { crate::a::g() }"})
    parent = {"lib.rs": "mod p;", "p/mod.rs": "mod c; use c::Y;", "p/c.rs": "use super::Z; pub struct Y;"}
    tests_only = dict(tree, **{"b.rs": "pub struct X;\n#[cfg(test)]\nmod tests {\n    use crate::a::*;\n}\n"})
    linux_tests = dict(tree, **{"b.rs": "pub struct X;\n#[cfg(all(test, target_os = \"linux\"))]\nmod tests {\n    use crate::a::*;\n}\n"})
    checks = [(tree, 0), (circle, 1), (parent, 1), (tests_only, 0), (linux_tests, 0)]
    failed = [i for i, (files, want) in enumerate(checks) if run(files) != want]
    print("check-imports self-test:", "ok" if not failed else f"cases {failed} wrong")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    roots = sys.argv[1:] or ["core/src"]
    sys.exit(max(check(Path(r)) for r in roots))
