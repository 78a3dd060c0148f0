"""For the out-of-scope spec: what CPython's own parser (ast, 3.8+) says about the asyncio
package of this interpreter. Input (stdin, JSON): {"modules": [...], "rules": [{"module",
"function", "text", "kind": "branch" | "statement"}]}. Output (stdout, JSON):
{"functions": {module: [[qualname, def line, last line, def column], ...]}, "rules":
[[line, ...] or null, ...]}: every def (methods and nested functions too) with its span,
and for each rule the code lines it designates in that function: for a branch, the body of
each statement whose first line reads exactly `text`; for a statement, that statement
whole (a compound one up to the end of its first body).
"""
import ast
import importlib.util
import json
import os
import sys

request = json.load(sys.stdin)
package = os.path.dirname(importlib.util.find_spec("asyncio").origin)
sources = {}
defs = {}


def load(module):
    if module in defs:
        return defs[module]
    path = os.path.join(package, module + ".py")
    if not os.path.exists(path):
        defs[module] = None
        return None
    with open(path, encoding="utf-8") as f:
        sources[module] = f.read().split("\n")
    out = []

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                walk(child, prefix + child.name + ".")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                out.append((name, child))
                walk(child, name + ".<locals>.")
            else:
                walk(child, prefix)

    walk(ast.parse("\n".join(sources[module])), "")
    defs[module] = out
    return out


def is_code(line):
    text = line.strip()
    return text != "" and not text.startswith("#")


def rule_lines(rule):
    found = [node for name, node in (load(rule["module"]) or []) if name == rule["function"]]
    if not found:
        return None
    lines = sources[rule["module"]]
    out = set()
    for function in found:
        for node in ast.walk(function):
            if node is function or not isinstance(node, (ast.stmt, ast.ExceptHandler)):
                continue
            if lines[node.lineno - 1].strip() != rule["text"].strip():
                continue
            body = getattr(node, "body", None)
            if rule["kind"] == "branch":
                if not body:
                    continue
                first, last = body[0].lineno, body[-1].end_lineno
            else:
                first, last = node.lineno, (body[-1].end_lineno if body else node.end_lineno)
            out.update(n for n in range(first, last + 1) if is_code(lines[n - 1]))
    return sorted(out)


print(json.dumps({
    "functions": {
        m: [[name, node.lineno, node.end_lineno, node.col_offset] for name, node in (load(m) or [])]
        for m in request["modules"]
    },
    "rules": [rule_lines(r) for r in request["rules"]],
}))
